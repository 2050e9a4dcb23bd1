package org.spamfree.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.spamfree.core.verdict.Symbol;

/** Reverse-DNS and HELO lookups against NSD serving 0.0.127.in-addr.arpa and sender.example. */
class ReverseDnsCheckTest {

  @RegisterExtension
  static NsdServer nsd = NsdServer.serving("0.0.127.in-addr.arpa", "sender.example");

  private final DnsResolver resolver =
      new DnsResolver(List.of(nsd.hostPort()), Duration.ofSeconds(2), 100, Clock.systemUTC());
  private final ReverseDnsCheck reverseDns = new ReverseDnsCheck(resolver);
  private final HeloDnsCheck heloDns = new HeloDnsCheck(resolver);

  @Test
  void confirmedNameGivesNoSymbol() throws Exception {
    ReverseDnsCheck.Result result = check("127.0.0.5");

    assertThat(result.ptrNames()).containsExactly("mail5.sender.example");
    assertThat(result.confirmedName()).contains("mail5.sender.example");
    assertThat(result.symbols()).isEmpty();
  }

  @Test
  void nameResolvingElsewhereNotConfirmed() throws Exception {
    ReverseDnsCheck.Result result = check("127.0.0.6");

    assertThat(result.confirmedName()).isEmpty();
    assertThat(names(result.symbols())).containsExactly(DnsSymbols.RDNS_NOT_CONFIRMED);
  }

  @Test
  void dynamicNameFlagged() throws Exception {
    ReverseDnsCheck.Result result = check("127.0.0.7");

    assertThat(result.confirmedName()).contains("127-0-0-7.dyn.sender.example");
    assertThat(names(result.symbols())).containsExactly(DnsSymbols.RDNS_DYNAMIC);
  }

  @Test
  void missingPtrGivesNone() throws Exception {
    assertThat(names(check("127.0.0.8").symbols())).containsExactly(DnsSymbols.RDNS_NONE);
  }

  @Test
  void secondPtrNameConfirmed() throws Exception {
    ReverseDnsCheck.Result result = check("127.0.0.9");

    assertThat(result.ptrNames()).hasSize(2);
    assertThat(result.confirmedName()).contains("mail9.sender.example");
    assertThat(result.symbols()).isEmpty();
  }

  @Test
  void refusedPtrLookupIsFailure() throws Exception {
    assertThat(names(check("192.0.2.1").symbols())).containsExactly(DnsSymbols.RDNS_FAIL);
  }

  @Test
  void heloMatchingConfirmedNameClean() throws Exception {
    assertThat(helo("mail5.sender.example", "127.0.0.5")).isEmpty();
  }

  @Test
  void heloWithoutAddressRecordsNotResolving() throws Exception {
    assertThat(names(helo("nowhere.sender.example", "127.0.0.8")))
        .containsExactly(DnsSymbols.HELO_NOT_RESOLVING);
  }

  @Test
  void heloWithOnlyIpv6Resolves() throws Exception {
    assertThat(helo("v6only.sender.example", "127.0.0.8")).isEmpty();
  }

  @Test
  void heloDifferingFromConfirmedNameMismatch() throws Exception {
    assertThat(names(helo("Mail9.Sender.Example.", "127.0.0.5")))
        .containsExactly(DnsSymbols.HELO_RDNS_MISMATCH);
  }

  @Test
  void heloInRefusedZoneIsFailure() throws Exception {
    assertThat(names(helo("mail.elsewhere.example", "127.0.0.8")))
        .containsExactly(DnsSymbols.HELO_DNS_FAIL);
  }

  private ReverseDnsCheck.Result check(String address) throws Exception {
    return reverseDns.check(InetAddresses.forString(address)).get(5, TimeUnit.SECONDS);
  }

  private List<Symbol> helo(String helo, String address) throws Exception {
    CompletableFuture<ReverseDnsCheck.Result> reverse =
        reverseDns.check(InetAddresses.forString(address));
    return heloDns.check(helo, reverse).get(5, TimeUnit.SECONDS);
  }

  private static List<String> names(List<Symbol> symbols) {
    return symbols.stream().map(Symbol::name).toList();
  }
}
