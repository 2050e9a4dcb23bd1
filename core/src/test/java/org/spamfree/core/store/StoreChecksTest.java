package org.spamfree.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spamfree.core.verdict.Symbol;

/** The pure checks fed by the store: HELO history tiers, HELO versus sender, bursts. */
class StoreChecksTest {

  @ParameterizedTest(name = "{0} names give {1}")
  @CsvSource({
    "1, ''",
    "2, ''",
    "3, IP_HELO_NAMES_3",
    "4, IP_HELO_NAMES_3",
    "5, IP_HELO_NAMES_5",
    "9, IP_HELO_NAMES_5",
    "10, IP_HELO_NAMES_10",
    "40, IP_HELO_NAMES_10"
  })
  void heloHistoryTiers(int count, String expected) {
    List<String> names =
        IntStream.range(0, count).mapToObj(i -> "host" + i + ".example.test").toList();

    List<Symbol> symbols = HeloHistoryCheck.symbols(names, Duration.ofHours(24));

    assertThat(symbols.stream().map(Symbol::name).toList())
        .isEqualTo(expected.isEmpty() ? List.of() : List.of(expected));
  }

  @Test
  void heloHistoryIgnoresCase() {
    List<Symbol> symbols =
        HeloHistoryCheck.symbols(
            List.of("A.example.test", "a.example.test", "B.EXAMPLE.test"), Duration.ofHours(24));

    assertThat(symbols).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "mail.example.co.uk, example.co.uk",
    "example.co.uk, example.co.uk",
    "a.b.example.com, example.com",
    "mx1.sender.example, sender.example",
    "MX.Sender.Example., sender.example",
    "co.uk, ''",
    "localhost, ''",
    "'[192.0.2.1]', ''"
  })
  void registrableDomains(String name, String expected) {
    assertThat(HeloSenderCheck.registrableDomain(name))
        .isEqualTo(expected.isEmpty() ? Optional.empty() : Optional.of(expected));
  }

  @Test
  void heloSenderSameRegistrableDomainClean() {
    assertThat(HeloSenderCheck.symbols("mx2.mail.example.co.uk", "example.co.uk")).isEmpty();
  }

  @Test
  void heloSenderDifferentDomainsScored() {
    assertThat(HeloSenderCheck.symbols("mx.provider.example", "customer.test"))
        .extracting(Symbol::name)
        .containsExactly(StoreSymbols.SENDER_HELO_MISMATCH);
  }

  @Test
  void heloSenderAddressLiteralSkipped() {
    assertThat(HeloSenderCheck.symbols("[192.0.2.1]", "sender.example")).isEmpty();
  }

  @Test
  void burstAboveLimitWithinWindow() {
    MutableClock clock = new MutableClock();
    BurstCounter counter = new BurstCounter(3, Duration.ofSeconds(10), clock);

    for (int i = 0; i < 3; i++) {
      assertThat(counter.connect("192.0.2.1")).isEmpty();
    }
    assertThat(counter.connect("192.0.2.1")).isPresent();
    assertThat(counter.connect("192.0.2.2")).isEmpty();

    clock.advance(Duration.ofSeconds(11));
    assertThat(counter.connect("192.0.2.1")).isEmpty();
  }

  @Test
  void burstSlidingWindowForgetsOldConnections() {
    MutableClock clock = new MutableClock();
    BurstCounter counter = new BurstCounter(2, Duration.ofSeconds(10), clock);

    counter.connect("192.0.2.1");
    clock.advance(Duration.ofSeconds(6));
    counter.connect("192.0.2.1");
    clock.advance(Duration.ofSeconds(6));

    assertThat(counter.connect("192.0.2.1")).isEmpty();
    assertThat(counter.connect("192.0.2.1")).isPresent();
  }

  @Test
  void burstLimitZeroTurnsCheckOff() {
    BurstCounter counter = new BurstCounter(0, Duration.ofSeconds(10), new MutableClock());

    for (int i = 0; i < 100; i++) {
      assertThat(counter.connect("192.0.2.1")).isEmpty();
    }
  }

  @Test
  void trapMatchesDomainAndAddressIgnoringCase() {
    StoreSettings settings =
        ReputationServiceTest.settings(
            java.util.Map.of(
                "trap.domains", "retired.example.test",
                "trap.addresses", "old-user@spamfree.test"));

    assertThat(settings.isTrap("anyone@Retired.Example.Test")).isTrue();
    assertThat(settings.isTrap("Old-User@spamfree.test")).isTrue();
    assertThat(settings.isTrap("demo@spamfree.test")).isFalse();
    assertThat(settings.isTrap("a@sub.retired.example.test")).isFalse();
  }

  /** A clock that tests move forward by hand. */
  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-03-01T10:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
