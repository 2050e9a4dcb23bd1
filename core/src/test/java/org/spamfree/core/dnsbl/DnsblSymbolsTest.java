package org.spamfree.core.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.spamfree.core.verdict.Symbol;

/** Tests {@link DnsblChecker#symbols}, which turns zone results into symbols without DNS. */
class DnsblSymbolsTest {

  private static final DnsblZone ZEN =
      new DnsblZone(
          "zen",
          "zen.example.test",
          DnsblZone.Kind.IP,
          false,
          Map.of(
              InetAddresses.forString("127.0.0.2"), "RBL_ZEN_SBL",
              InetAddresses.forString("127.0.0.4"), "RBL_ZEN_XBL"),
          Optional.empty(),
          "DNSBL_ZEN_FAIL");

  private static final DnsblZone DBL =
      new DnsblZone(
          "dbl",
          "dbl.example.test",
          DnsblZone.Kind.DOMAIN,
          false,
          Map.of(),
          Optional.of("DBL_ANY"),
          "DBL_FAIL");

  @Test
  void listedWithReason() {
    ZoneResult listed =
        new ZoneResult.Listed(
            ZEN, List.of("RBL_ZEN_SBL"), List.of("127.0.0.2"), Optional.of("Listed for testing"));

    List<Symbol> symbols = DnsblChecker.symbols(List.of(listed));

    assertThat(symbols)
        .containsExactly(
            new Symbol(
                "RBL_ZEN_SBL", "listed in zen.example.test (127.0.0.2): Listed for testing"));
  }

  @Test
  void listedWithoutReason() {
    ZoneResult listed =
        new ZoneResult.Listed(ZEN, List.of("RBL_ZEN_SBL"), List.of("127.0.0.2"), Optional.empty());

    List<Symbol> symbols = DnsblChecker.symbols(List.of(listed));

    assertThat(symbols)
        .containsExactly(new Symbol("RBL_ZEN_SBL", "listed in zen.example.test (127.0.0.2)"));
  }

  @Test
  void listedOneSymbolPerListedSymbol() {
    ZoneResult listed =
        new ZoneResult.Listed(
            ZEN,
            List.of("RBL_ZEN_SBL", "RBL_ZEN_XBL"),
            List.of("127.0.0.2", "127.0.0.4"),
            Optional.of("Listed for testing"));

    List<Symbol> symbols = DnsblChecker.symbols(List.of(listed));

    String reason = "listed in zen.example.test (127.0.0.2,127.0.0.4): Listed for testing";
    assertThat(symbols)
        .containsExactly(new Symbol("RBL_ZEN_SBL", reason), new Symbol("RBL_ZEN_XBL", reason));
  }

  @Test
  void failedGivesFailureSymbol() {
    ZoneResult failed = new ZoneResult.Failed(ZEN, "SERVFAIL");

    List<Symbol> symbols = DnsblChecker.symbols(List.of(failed));

    assertThat(symbols).extracting(Symbol::name).containsExactly("DNSBL_ZEN_FAIL");
    assertThat(symbols.get(0).reason()).contains("zen.example.test");
    assertThat(symbols.get(0).reason()).contains("SERVFAIL");
  }

  @Test
  void invalidGivesFailureSymbol() {
    ZoneResult invalid = new ZoneResult.Invalid(ZEN, List.of("127.255.255.254"));

    List<Symbol> symbols = DnsblChecker.symbols(List.of(invalid));

    assertThat(symbols).extracting(Symbol::name).containsExactly("DNSBL_ZEN_FAIL");
    assertThat(symbols.get(0).reason()).contains("zen.example.test");
    assertThat(symbols.get(0).reason()).contains("127.255.255.254");
  }

  @Test
  void notListedGivesNothing() {
    List<Symbol> symbols = DnsblChecker.symbols(List.of(new ZoneResult.NotListed(ZEN)));

    assertThat(symbols).isEmpty();
  }

  @Test
  void noResultsGiveNothing() {
    assertThat(DnsblChecker.symbols(List.of())).isEmpty();
  }

  @Test
  void mixedResultsInOrder() {
    List<ZoneResult> results =
        List.of(
            new ZoneResult.NotListed(ZEN),
            new ZoneResult.Failed(DBL, "timed out"),
            new ZoneResult.Listed(
                ZEN, List.of("RBL_ZEN_XBL"), List.of("127.0.0.4"), Optional.empty()),
            new ZoneResult.Listed(DBL, List.of("DBL_ANY"), List.of("127.0.1.2"), Optional.empty()));

    List<Symbol> symbols = DnsblChecker.symbols(results);

    assertThat(symbols)
        .extracting(Symbol::name)
        .containsExactly("DBL_FAIL", "RBL_ZEN_XBL", "DBL_ANY");
    assertThat(symbols.get(0).reason()).contains("dbl.example.test");
    assertThat(symbols.get(2).reason()).isEqualTo("listed in dbl.example.test (127.0.1.2)");
  }
}
