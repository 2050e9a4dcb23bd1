package org.spamfree.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spamfree.core.clamav.ClamavSettings;
import org.spamfree.core.clamav.ClamavSettings.FailureAction;
import org.spamfree.core.clamav.ClamavSettings.OversizeAction;
import org.spamfree.core.clamav.ClamdEndpoint;

/** Tests the {@code clamav.*} keys through {@link SettingsParser}. */
class ClamavParserTest {

  private static ClamavSettings parse(Map<String, String> clamav) {
    Map<String, String> values = new HashMap<>(clamav);
    values.put("protected.domains", "example.test");
    return SettingsParser.parse("test.properties", values, Map.of()).clamav();
  }

  @Test
  void scanningIsOffByDefault() {
    ClamavSettings settings = parse(Map.of());

    assertThat(settings.enabled()).isFalse();
    assertThat(settings.onFailure()).isEqualTo(FailureAction.TEMPFAIL);
    assertThat(settings.onOversize()).isEqualTo(OversizeAction.REJECT);
    assertThat(settings.streamMaxLength()).isEqualTo(25L * 1024 * 1024);
  }

  @Test
  void parsesEveryKey() {
    ClamavSettings settings =
        parse(
            Map.of(
                "clamav.servers", "tcp:127.0.0.1:3310, unix:/run/clamav/clamd.ctl",
                "clamav.connect.timeout", "500",
                "clamav.reply.timeout", "4000",
                "clamav.reply.timeout.per.mib", "100",
                "clamav.stream.max.length", "1048576",
                "clamav.on.failure", "accept",
                "clamav.on.oversize", "TEMPFAIL",
                "clamav.connections.per.server", "0",
                "clamav.idle.timeout", "5000",
                "clamav.retry.after", "1000"));

    assertThat(settings.servers())
        .containsExactly(
            ClamdEndpoint.parse("tcp:127.0.0.1:3310"),
            ClamdEndpoint.parse("unix:/run/clamav/clamd.ctl"));
    assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(settings.replyTimeout()).isEqualTo(Duration.ofMillis(4000));
    assertThat(settings.replyTimeoutPerMib()).isEqualTo(Duration.ofMillis(100));
    assertThat(settings.streamMaxLength()).isEqualTo(1048576);
    assertThat(settings.onFailure()).isEqualTo(FailureAction.ACCEPT);
    assertThat(settings.onOversize()).isEqualTo(OversizeAction.TEMPFAIL);
    assertThat(settings.connectionsPerServer()).isZero();
    assertThat(settings.idleTimeout()).isEqualTo(Duration.ofMillis(5000));
    assertThat(settings.retryAfter()).isEqualTo(Duration.ofMillis(1000));
  }

  @Test
  void replyTimeoutGrowsWithSize() {
    ClamavSettings settings =
        parse(
            Map.of(
                "clamav.servers", "tcp:127.0.0.1:3310",
                "clamav.reply.timeout", "1000",
                "clamav.reply.timeout.per.mib", "500"));

    assertThat(settings.replyTimeoutFor(0)).isEqualTo(Duration.ofMillis(1000));
    assertThat(settings.replyTimeoutFor(4 * 1024 * 1024)).isEqualTo(Duration.ofMillis(3000));
    assertThat(settings.replyTimeoutFor(-1)).isEqualTo(Duration.ofMillis(1000 + 25 * 500));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "clamav.servers|127.0.0.1:3310|tcp:IP:PORT or unix:/PATH",
        "clamav.servers|tcp:clamd.example.test:3310|tcp:IP:PORT or unix:/PATH",
        "clamav.servers|tcp:127.0.0.1:3310,tcp:127.0.0.1:3310|each server once",
        "clamav.connect.timeout|0|a whole number of milliseconds from 1 to 60000",
        "clamav.reply.timeout|soon|a whole number of milliseconds",
        "clamav.stream.max.length|100|a whole number of bytes",
        "clamav.on.failure|reject|'tempfail' or 'accept'",
        "clamav.on.oversize|drop|'reject', 'tempfail' or 'accept'",
        "clamav.connections.per.server|-1|a whole number of connections from 0 to 256"
      })
  void rejectsInvalidValue(String key, String value, String expected) {
    Map<String, String> values = new HashMap<>();
    values.put("clamav.servers", "tcp:127.0.0.1:3310");
    values.put(key, value);

    assertThatThrownBy(() -> parse(values))
        .isInstanceOf(SpamfreeConfigurationException.class)
        .hasMessageContaining("'" + key + "'")
        .hasMessageContaining(expected);
  }

  @Test
  void rejectsMisspeltKey() {
    assertThatThrownBy(() -> parse(Map.of("clamav.server", "tcp:127.0.0.1:3310")))
        .isInstanceOf(SpamfreeConfigurationException.class)
        .hasMessageContaining("Unknown key 'clamav.server'")
        .hasMessageContaining("clamav.{servers,");
  }
}
