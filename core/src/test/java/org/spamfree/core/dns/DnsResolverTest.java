package org.spamfree.core.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.spamfree.core.config.HostPort;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** {@link DnsResolver} against a real NSD on loopback, and against a server that never answers. */
class DnsResolverTest {

  @RegisterExtension static NsdServer nsd = NsdServer.serving("example.test", "other.test");

  private final MutableClock clock = new MutableClock();

  @Test
  void answerCarriesRecordsAndTtl() throws Exception {
    DnsResult result = resolver().lookup("mail.example.test", Type.A).get(5, TimeUnit.SECONDS);

    assertThat(result).isInstanceOf(DnsResult.Answer.class);
    DnsResult.Answer answer = (DnsResult.Answer) result;
    assertThat(answer.name()).isEqualTo("mail.example.test.");
    assertThat(addresses(answer)).containsExactly("192.0.2.25");
    assertThat(answer.ttl()).isEqualTo(Duration.ofSeconds(300));
    assertThat(result.isFailure()).isFalse();
  }

  @Test
  void ipv6AnswerRead() throws Exception {
    DnsResult result = resolver().lookup("MAIL.Example.Test.", Type.AAAA).get(5, TimeUnit.SECONDS);

    assertThat(result).isInstanceOf(DnsResult.Answer.class);
    Record record = ((DnsResult.Answer) result).records().get(0);
    assertThat(((AAAARecord) record).getAddress().getHostAddress())
        .isEqualTo("2001:db8:0:0:0:0:0:25");
  }

  @Test
  void severalRecordsReturned() throws Exception {
    DnsResult result = resolver().lookup("dual.example.test", Type.A).get(5, TimeUnit.SECONDS);

    assertThat(addresses((DnsResult.Answer) result))
        .containsExactlyInAnyOrder("192.0.2.26", "192.0.2.27");
  }

  @Test
  void missingNameIsNxDomain() throws Exception {
    DnsResult result = resolver().lookup("absent.example.test", Type.A).get(5, TimeUnit.SECONDS);

    assertThat(result).isInstanceOf(DnsResult.NxDomain.class);
    assertThat(result.outcome()).isEqualTo("NXDOMAIN");
    assertThat(result.isFailure()).isFalse();
  }

  @Test
  void missingTypeIsNoData() throws Exception {
    DnsResult result = resolver().lookup("textonly.example.test", Type.A).get(5, TimeUnit.SECONDS);

    assertThat(result).isInstanceOf(DnsResult.NoData.class);
    assertThat(result.isFailure()).isFalse();
  }

  @Test
  void refusedQueryIsServerFailure() throws Exception {
    DnsResult result = resolver().lookup("host.elsewhere.example", Type.A).get(5, TimeUnit.SECONDS);

    assertThat(result).isInstanceOf(DnsResult.ServerFailure.class);
    assertThat(((DnsResult.ServerFailure) result).reason()).isEqualTo("REFUSED");
    assertThat(result.isFailure()).isTrue();
  }

  @Test
  void silentServerTimesOut() throws Exception {
    try (SilentDnsServer silent = new SilentDnsServer()) {
      DnsResolver resolver = resolver(List.of(HostPort.parse("127.0.0.1:" + silent.port())));

      DnsResult result = resolver.lookup("mail.example.test", Type.A).get(5, TimeUnit.SECONDS);

      assertThat(result).isInstanceOf(DnsResult.Timeout.class);
      assertThat(result.isFailure()).isTrue();
    }
  }

  @Test
  void silentServerFailsOverToNext() throws Exception {
    try (SilentDnsServer silent = new SilentDnsServer()) {
      DnsResolver resolver =
          resolver(List.of(HostPort.parse("127.0.0.1:" + silent.port()), nsd.hostPort()));

      DnsResult result = resolver.lookup("mail.example.test", Type.A).get(5, TimeUnit.SECONDS);

      assertThat(result).isInstanceOf(DnsResult.Answer.class);
      assertThat(resolver.queriesSent()).isEqualTo(2);
    }
  }

  @Test
  void cnameInZoneFollowed() throws Exception {
    DnsResult result = resolver().lookup("alias.example.test", Type.A).get(5, TimeUnit.SECONDS);

    assertThat(result).isInstanceOf(DnsResult.Answer.class);
    assertThat(result.name()).isEqualTo("alias.example.test.");
    assertThat(addresses((DnsResult.Answer) result)).containsExactly("192.0.2.25");
  }

  @Test
  void cnameToOtherServedZoneAnswered() throws Exception {
    DnsResult result = resolver().lookup("outside.example.test", Type.A).get(5, TimeUnit.SECONDS);

    assertThat(result).isInstanceOf(DnsResult.Answer.class);
    assertThat(result.name()).isEqualTo("outside.example.test.");
    assertThat(addresses((DnsResult.Answer) result)).containsExactly("198.51.100.7");
  }

  @Test
  void cnameLoopIsServerFailure() throws Exception {
    DnsResult result = resolver().lookup("loop1.example.test", Type.A).get(5, TimeUnit.SECONDS);

    assertThat(result).isInstanceOf(DnsResult.ServerFailure.class);
    assertThat(((DnsResult.ServerFailure) result).reason()).contains("CNAME chain");
  }

  @Test
  void truncatedAnswerRetriedOverTcp() throws Exception {
    DnsResult result = resolver().lookup("big.example.test", Type.TXT).get(5, TimeUnit.SECONDS);

    assertThat(result).isInstanceOf(DnsResult.Answer.class);
    List<Record> records = ((DnsResult.Answer) result).records();
    assertThat(records).hasSize(3);
    int octets =
        records.stream()
            .mapToInt(record -> ((TXTRecord) record).getStrings().get(0).length())
            .sum();
    assertThat(octets).isGreaterThan(512);
  }

  @Test
  void answerServedFromCacheUntilTtlExpires() throws Exception {
    DnsResolver resolver = resolver();

    resolver.lookup("mail.example.test", Type.A).get(5, TimeUnit.SECONDS);
    clock.advance(Duration.ofSeconds(299));
    DnsResult cached = resolver.lookup("mail.example.test", Type.A).get(5, TimeUnit.SECONDS);
    long afterCachedLookup = resolver.queriesSent();
    clock.advance(Duration.ofSeconds(2));
    resolver.lookup("mail.example.test", Type.A).get(5, TimeUnit.SECONDS);

    assertThat(cached).isInstanceOf(DnsResult.Answer.class);
    assertThat(afterCachedLookup).isEqualTo(1);
    assertThat(resolver.queriesSent()).isEqualTo(2);
  }

  @Test
  void nxDomainCachedForSoaMinimum() throws Exception {
    DnsResolver resolver = resolver();

    resolver.lookup("absent.example.test", Type.A).get(5, TimeUnit.SECONDS);
    clock.advance(Duration.ofSeconds(59));
    DnsResult cached = resolver.lookup("absent.example.test", Type.A).get(5, TimeUnit.SECONDS);
    long afterCachedLookup = resolver.queriesSent();
    clock.advance(Duration.ofSeconds(2));
    resolver.lookup("absent.example.test", Type.A).get(5, TimeUnit.SECONDS);

    assertThat(cached).isInstanceOf(DnsResult.NxDomain.class);
    assertThat(afterCachedLookup).isEqualTo(1);
    assertThat(resolver.queriesSent()).isEqualTo(2);
  }

  @Test
  void failureNotCached() throws Exception {
    DnsResolver resolver = resolver();

    resolver.lookup("host.elsewhere.example", Type.A).get(5, TimeUnit.SECONDS);
    resolver.lookup("host.elsewhere.example", Type.A).get(5, TimeUnit.SECONDS);

    assertThat(resolver.queriesSent()).isEqualTo(2);
  }

  @Test
  void concurrentLookupsShareOneQuery() throws Exception {
    DnsResolver resolver = resolver();

    CompletableFuture<DnsResult> first = resolver.lookup("dual.example.test", Type.A);
    CompletableFuture<DnsResult> second = resolver.lookup("dual.example.test", Type.A);
    CompletableFuture.allOf(first, second).get(5, TimeUnit.SECONDS);

    assertThat(second.get()).isEqualTo(first.get());
    assertThat(resolver.queriesSent()).isEqualTo(1);
  }

  @Test
  void cacheBoundedBySize() throws Exception {
    DnsResolver resolver =
        new DnsResolver(List.of(nsd.hostPort()), Duration.ofSeconds(1), 1, clock);

    resolver.lookup("mail.example.test", Type.A).get(5, TimeUnit.SECONDS);
    resolver.lookup("dual.example.test", Type.A).get(5, TimeUnit.SECONDS);
    resolver.lookup("mail.example.test", Type.A).get(5, TimeUnit.SECONDS);

    assertThat(resolver.queriesSent()).isEqualTo(3);
  }

  @Test
  void invalidNameRejected() {
    assertThatThrownBy(() -> resolver().lookup("a..b.example.test", Type.A))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a..b.example.test");
  }

  @Test
  void hostNameAsServerRejected() {
    assertThatThrownBy(() -> resolver(List.of(HostPort.parse("dns.example.test:53"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dns.example.test:53")
        .hasMessageContaining("not an IP address");
  }

  private DnsResolver resolver() {
    return resolver(List.of(nsd.hostPort()));
  }

  /** Uses 500 ms per server: short for the silent-server tests, ample for NSD on loopback. */
  private DnsResolver resolver(List<HostPort> servers) {
    return new DnsResolver(servers, Duration.ofMillis(500), 100, clock);
  }

  private static List<String> addresses(DnsResult.Answer answer) {
    return answer.records().stream()
        .map(record -> ((ARecord) record).getAddress().getHostAddress())
        .toList();
  }

  /** A clock that tests move forward by hand, to expire cache entries without waiting. */
  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
