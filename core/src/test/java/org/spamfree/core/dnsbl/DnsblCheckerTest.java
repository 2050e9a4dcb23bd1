package org.spamfree.core.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.spamfree.core.config.HostPort;
import org.spamfree.core.dns.DnsResolver;
import org.spamfree.core.dns.NsdServer;
import org.spamfree.core.verdict.Symbol;

/** {@link DnsblChecker} against list zones served by NSD on loopback. */
class DnsblCheckerTest {

  @RegisterExtension
  static NsdServer nsd = NsdServer.serving("dnsbl.test", "dbl.test", "everything.test");

  private static final DnsblZone IP_ZONE =
      new DnsblZone(
          "test",
          "dnsbl.test",
          DnsblZone.Kind.IP,
          false,
          Map.of(
              address("127.0.0.2"), "RBL_TEST_SBL",
              address("127.0.0.4"), "RBL_TEST_XBL",
              address("127.0.0.10"), "RBL_TEST_PBL"),
          Optional.empty(),
          "RBL_TEST_FAIL");

  private static final DnsblZone DOMAIN_ZONE =
      new DnsblZone(
          "dbl",
          "dbl.test",
          DnsblZone.Kind.DOMAIN,
          false,
          Map.of(),
          Optional.of("DBL_TEST"),
          "DBL_TEST_FAIL");

  private static final DnsblZone EVERYTHING_ZONE =
      new DnsblZone(
          "everything",
          "everything.test",
          DnsblZone.Kind.IP,
          false,
          Map.of(),
          Optional.of("RBL_EVERYTHING"),
          "RBL_EVERYTHING_FAIL");

  @Test
  void listedAddressGivesSymbolsCodesAndReason() throws Exception {
    ZoneResult result = checkOne(IP_ZONE, "203.0.113.10");

    assertThat(result).isInstanceOf(ZoneResult.Listed.class);
    ZoneResult.Listed listed = (ZoneResult.Listed) result;
    assertThat(listed.symbols()).containsExactlyInAnyOrder("RBL_TEST_SBL", "RBL_TEST_XBL");
    assertThat(listed.codes()).containsExactlyInAnyOrder("127.0.0.2", "127.0.0.4");
    assertThat(listed.reason()).contains("Listed for testing, see https://dnsbl.test/203.0.113.10");
  }

  @Test
  void listingSymbolsLeaveTxtReasonToListingReasons() throws Exception {
    ListingReasons reasons = new ListingReasons();

    List<Symbol> symbols =
        checker(List.of(IP_ZONE))
            .symbolsForAddress(address("203.0.113.10"), Duration.ofSeconds(5), reasons)
            .get(5, TimeUnit.SECONDS);

    assertThat(symbols)
        .extracting(Symbol::reason)
        .containsOnly("listed in dnsbl.test (127.0.0.2,127.0.0.4)");
    assertThat(symbols)
        .allSatisfy(
            symbol ->
                assertThat(reasons.reasonOf(symbol, Duration.ofSeconds(5)))
                    .contains("Listed for testing, see https://dnsbl.test/203.0.113.10"));
  }

  @Test
  void listingWithoutTxtRecordHasNoReason() throws Exception {
    ListingReasons reasons = new ListingReasons();

    List<Symbol> symbols =
        checker(List.of(IP_ZONE))
            .symbolsForAddress(address("203.0.113.11"), Duration.ofSeconds(5), reasons)
            .get(5, TimeUnit.SECONDS);

    assertThat(symbols).extracting(Symbol::name).containsExactly("RBL_TEST_PBL");
    assertThat(reasons.reasonOf(symbols.get(0), Duration.ofSeconds(5))).isEmpty();
  }

  @Test
  void domainListingReasonGoesToListingReasons() throws Exception {
    ListingReasons reasons = new ListingReasons();

    List<Symbol> symbols =
        checker(List.of(DOMAIN_ZONE))
            .symbolsForDomain("spam.example.test", Duration.ofSeconds(5), reasons)
            .get(5, TimeUnit.SECONDS);

    assertThat(symbols).extracting(Symbol::name).containsExactly("DBL_TEST");
    assertThat(reasons.reasonOf(symbols.get(0), Duration.ofSeconds(5)))
        .get()
        .asString()
        .contains("Spam domain");
  }

  @Test
  void symbolNotFromListingHasNoReason() {
    ListingReasons reasons = new ListingReasons();

    assertThat(reasons.reasonOf(new Symbol("RBL_TEST_SBL", "listed"), Duration.ZERO)).isEmpty();
  }

  @Test
  void returnCodeMappedToItsList() throws Exception {
    ZoneResult result = checkOne(IP_ZONE, "203.0.113.11");

    assertThat(((ZoneResult.Listed) result).symbols()).containsExactly("RBL_TEST_PBL");
    assertThat(((ZoneResult.Listed) result).reason()).isEmpty();
  }

  @Test
  void unknownCodeIgnoredByFilter() throws Exception {
    assertThat(checkOne(IP_ZONE, "203.0.113.12")).isInstanceOf(ZoneResult.NotListed.class);
  }

  @Test
  void unknownCodeCountedWhenZoneTakesOtherCodes() throws Exception {
    DnsblZone anyCode =
        new DnsblZone(
            "any",
            "dnsbl.test",
            DnsblZone.Kind.IP,
            false,
            Map.of(),
            Optional.of("RBL_ANY"),
            "RBL_ANY_FAIL");

    ZoneResult result = checkOne(anyCode, "203.0.113.12");

    assertThat(((ZoneResult.Listed) result).symbols()).containsExactly("RBL_ANY");
  }

  @Test
  void unlistedAddressNotListed() throws Exception {
    assertThat(checkOne(IP_ZONE, "192.0.2.99")).isInstanceOf(ZoneResult.NotListed.class);
  }

  @Test
  void listErrorCodeIsInvalidAndMarksZoneUnhealthy() throws Exception {
    DnsblChecker checker = checker(List.of(IP_ZONE));

    ZoneResult result =
        checker.checkAddress(address("198.51.100.20")).get(5, TimeUnit.SECONDS).get(0);

    assertThat(result).isInstanceOf(ZoneResult.Invalid.class);
    assertThat(((ZoneResult.Invalid) result).codes()).containsExactly("127.255.255.254");
    assertThat(checker.isHealthy("test")).isFalse();
  }

  @Test
  void answerOutsideLoopbackNetworkIsInvalid() throws Exception {
    ZoneResult result = checkOne(IP_ZONE, "198.51.100.21");

    assertThat(result).isInstanceOf(ZoneResult.Invalid.class);
    assertThat(((ZoneResult.Invalid) result).codes()).containsExactly("192.0.2.1");
  }

  @Test
  void zoneHealthyAgainAfterNormalAnswer() throws Exception {
    DnsblChecker checker = checker(List.of(IP_ZONE));

    checker.checkAddress(address("198.51.100.20")).get(5, TimeUnit.SECONDS);
    checker.checkAddress(address("203.0.113.10")).get(5, TimeUnit.SECONDS);

    assertThat(checker.isHealthy("test")).isTrue();
  }

  @Test
  void ipv6AddressQueriedInNibbleForm() throws Exception {
    ZoneResult result = checkOne(IP_ZONE, "2001:db8::10");

    assertThat(((ZoneResult.Listed) result).symbols()).containsExactly("RBL_TEST_SBL");
  }

  @Test
  void domainListChecked() throws Exception {
    DnsblChecker checker = checker(List.of(IP_ZONE, DOMAIN_ZONE));

    List<ZoneResult> listed = checker.checkDomain("Spam.Example.Test.").get(5, TimeUnit.SECONDS);
    List<ZoneResult> clean = checker.checkDomain("mail.example.test").get(5, TimeUnit.SECONDS);

    assertThat(listed).hasSize(1);
    assertThat(((ZoneResult.Listed) listed.get(0)).symbols()).containsExactly("DBL_TEST");
    assertThat(((ZoneResult.Listed) listed.get(0)).reason()).contains("Spam domain");
    assertThat(clean.get(0)).isInstanceOf(ZoneResult.NotListed.class);
  }

  @Test
  void allZonesQueriedForOneAddress() throws Exception {
    DnsblChecker checker = checker(List.of(IP_ZONE, EVERYTHING_ZONE, DOMAIN_ZONE));

    List<ZoneResult> results =
        checker.checkAddress(address("203.0.113.10")).get(5, TimeUnit.SECONDS);

    assertThat(results)
        .extracting(result -> result.zone().id())
        .containsExactly("test", "everything");
  }

  @Test
  void refusedZoneIsFailureNotListing() throws Exception {
    DnsblZone unknownZone =
        new DnsblZone(
            "unknown",
            "unserved.example",
            DnsblZone.Kind.IP,
            false,
            Map.of(),
            Optional.of("RBL_X"),
            "RBL_X_FAIL");

    ZoneResult result = checkOne(unknownZone, "203.0.113.10");

    assertThat(result).isInstanceOf(ZoneResult.Failed.class);
    assertThat(((ZoneResult.Failed) result).reason()).isEqualTo("SERVFAIL");
  }

  @Test
  void selfTestPassesForSoundZone() throws Exception {
    DnsblChecker checker = checker(List.of(IP_ZONE));

    assertThat(checker.selfTest().get(5, TimeUnit.SECONDS)).isEmpty();
    assertThat(checker.isEnabled("test")).isTrue();
  }

  @Test
  void selfTestDisablesZoneListingEverything() throws Exception {
    DnsblChecker checker = checker(List.of(IP_ZONE, EVERYTHING_ZONE));

    List<String> failed = checker.selfTest().get(5, TimeUnit.SECONDS);
    List<ZoneResult> results = checker.checkAddress(address("192.0.2.99")).get(5, TimeUnit.SECONDS);

    assertThat(failed).containsExactly("everything");
    assertThat(checker.isEnabled("everything")).isFalse();
    assertThat(results).extracting(result -> result.zone().id()).containsExactly("test");
  }

  @Test
  void selfTestReportsZoneWithoutTestEntry() throws Exception {
    DnsblChecker checker = checker(List.of(DOMAIN_ZONE, copyAsIpZone(DOMAIN_ZONE)));

    assertThat(checker.selfTest().get(5, TimeUnit.SECONDS)).containsExactly("dbl-ip");
    assertThat(checker.isEnabled("dbl-ip")).isTrue();
  }

  @Test
  void ipv4OnlyZoneSkipsIpv6Client() throws Exception {
    DnsblChecker checker = checker(List.of(withFamily(IP_ZONE, DnsblZone.Family.IPV4)));

    assertThat(checker.checkAddress(address("2001:db8::10")).get(5, TimeUnit.SECONDS)).isEmpty();
    assertThat(checker.checkAddress(address("203.0.113.10")).get(5, TimeUnit.SECONDS)).hasSize(1);
  }

  @Test
  void ipv6OnlyZoneSkipsIpv4Client() throws Exception {
    DnsblChecker checker = checker(List.of(withFamily(IP_ZONE, DnsblZone.Family.IPV6)));

    assertThat(checker.checkAddress(address("203.0.113.10")).get(5, TimeUnit.SECONDS)).isEmpty();
    assertThat(checker.checkAddress(address("2001:db8::10")).get(5, TimeUnit.SECONDS)).hasSize(1);
  }

  @Test
  void ipv6SelfTestUsesMappedLoopbackInNibbleForm() throws Exception {
    DnsblChecker sound = checker(List.of(withFamily(IP_ZONE, DnsblZone.Family.IPV6)));
    DnsblChecker everything = checker(List.of(withFamily(EVERYTHING_ZONE, DnsblZone.Family.IPV6)));

    assertThat(sound.selfTest().get(5, TimeUnit.SECONDS)).isEmpty();
    assertThat(everything.selfTest().get(5, TimeUnit.SECONDS)).containsExactly("everything");
    assertThat(everything.isEnabled("everything")).isFalse();
  }

  @Test
  void ipv6SelfTestFailsForListWithoutIpv6TestEntry() throws Exception {
    DnsblZone ipv4Entries = withFamily(copyAsIpZone(DOMAIN_ZONE), DnsblZone.Family.IPV6);

    assertThat(checker(List.of(ipv4Entries)).selfTest().get(5, TimeUnit.SECONDS))
        .containsExactly("dbl-ip");
  }

  private static DnsblZone withFamily(DnsblZone zone, DnsblZone.Family family) {
    return new DnsblZone(
        zone.id(),
        zone.zone(),
        zone.kind(),
        zone.allowlist(),
        zone.codes(),
        zone.otherCodes(),
        zone.failureSymbol(),
        family);
  }

  @Test
  void errorCodesAreNotListingCodes() {
    assertThat(DnsblChecker.isListingCode(address("127.0.0.2"))).isTrue();
    assertThat(DnsblChecker.isListingCode(address("127.255.255.251"))).isTrue();
    assertThat(DnsblChecker.isListingCode(address("127.255.255.252"))).isFalse();
    assertThat(DnsblChecker.isListingCode(address("127.255.255.255"))).isFalse();
    assertThat(DnsblChecker.isListingCode(address("128.0.0.2"))).isFalse();
    assertThat(DnsblChecker.isListingCode(address("::1"))).isFalse();
  }

  private static DnsblZone copyAsIpZone(DnsblZone zone) {
    return new DnsblZone(
        zone.id() + "-ip",
        zone.zone(),
        DnsblZone.Kind.IP,
        false,
        Map.of(),
        Optional.of("X"),
        "X_FAIL");
  }

  private static ZoneResult checkOne(DnsblZone zone, String address) throws Exception {
    return checker(List.of(zone)).checkAddress(address(address)).get(5, TimeUnit.SECONDS).get(0);
  }

  private static DnsblChecker checker(List<DnsblZone> zones) {
    DnsResolver resolver =
        new DnsResolver(
            List.of(HostPort.parse("127.0.0.1:" + nsd.port())),
            Duration.ofSeconds(2),
            100,
            Clock.systemUTC());
    return new DnsblChecker(resolver, zones, Clock.systemUTC());
  }

  private static InetAddress address(String literal) {
    return com.google.common.net.InetAddresses.forString(literal);
  }
}
