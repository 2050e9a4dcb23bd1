package org.spamfree.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spamfree.core.clamav.ClamavSettings;
import org.spamfree.core.clamav.ClamavSettings.FailureAction;
import org.spamfree.core.clamav.ClamavSettings.OversizeAction;
import org.spamfree.core.clamav.ClamdEndpoint;

/**
 * Reads the virus-scan keys of {@code spamfree.properties}:
 *
 * <pre>
 * clamav.servers = tcp:127.0.0.1:3310, unix:/run/clamav/clamd.ctl   # empty: no scanning
 * clamav.connect.timeout = 2000              # milliseconds per connection attempt
 * clamav.reply.timeout = 30000               # milliseconds for the verdict on a small message
 * clamav.reply.timeout.per.mib = 2000        # milliseconds added per MiB of message
 * clamav.stream.max.length = 26214400        # bytes; at most clamd's StreamMaxLength
 * clamav.on.failure = tempfail               # tempfail (451) or accept (CLAM_UNSCANNED)
 * clamav.on.oversize = reject                # reject (552), tempfail (451) or accept
 * clamav.connections.per.server = 4          # idle IDSESSION connections kept; 0: no reuse
 * clamav.idle.timeout = 20000                # milliseconds; below clamd's IdleTimeout
 * clamav.retry.after = 30000                 # milliseconds a failed server waits behind others
 * </pre>
 */
final class ClamavParser {

  private final SettingsParser parser;

  ClamavParser(SettingsParser parser) {
    this.parser = parser;
  }

  ClamavSettings parse() {
    ClamavSettings defaults = ClamavSettings.disabled();
    List<ClamdEndpoint> servers = new ArrayList<>();
    for (String server : parser.list("clamav.servers", "")) {
      try {
        ClamdEndpoint endpoint = ClamdEndpoint.parse(server);
        if (servers.contains(endpoint)) {
          throw SpamfreeConfigurationException.invalidValue(
              parser.source, "clamav.servers", server, "each server once");
        }
        servers.add(endpoint);
      } catch (IllegalArgumentException e) {
        throw SpamfreeConfigurationException.invalidValue(
            parser.source,
            "clamav.servers",
            server,
            "tcp:IP:PORT or unix:/PATH, such as tcp:127.0.0.1:3310 or unix:/run/clamav/clamd.ctl");
      }
    }
    Duration connectTimeout =
        millis("clamav.connect.timeout", defaults.connectTimeout(), 1, 60_000);
    Duration replyTimeout = millis("clamav.reply.timeout", defaults.replyTimeout(), 1, 600_000);
    Duration perMib =
        millis("clamav.reply.timeout.per.mib", defaults.replyTimeoutPerMib(), 0, 60_000);
    long streamMaxLength =
        parser.wholeNumber(
            "clamav.stream.max.length",
            defaults.streamMaxLength(),
            1024,
            4L * 1024 * 1024 * 1024 - 1,
            "bytes (clamd's StreamMaxLength is below 4 GiB)");
    FailureAction onFailure =
        choice(
            "clamav.on.failure",
            defaults.onFailure(),
            FailureAction.class,
            "'tempfail' or 'accept'");
    OversizeAction onOversize =
        choice(
            "clamav.on.oversize",
            defaults.onOversize(),
            OversizeAction.class,
            "'reject', 'tempfail' or 'accept'");
    int connections =
        (int)
            parser.wholeNumber(
                "clamav.connections.per.server",
                defaults.connectionsPerServer(),
                0,
                256,
                "connections");
    Duration idleTimeout = millis("clamav.idle.timeout", defaults.idleTimeout(), 100, 3_600_000);
    Duration retryAfter = millis("clamav.retry.after", defaults.retryAfter(), 0, 3_600_000);
    return new ClamavSettings(
        servers,
        connectTimeout,
        replyTimeout,
        perMib,
        streamMaxLength,
        onFailure,
        onOversize,
        connections,
        idleTimeout,
        retryAfter);
  }

  private Duration millis(String key, Duration defaultValue, long minimum, long maximum) {
    return Duration.ofMillis(
        parser.wholeNumber(key, defaultValue.toMillis(), minimum, maximum, "milliseconds"));
  }

  private <E extends Enum<E>> E choice(String key, E defaultValue, Class<E> type, String expected) {
    String raw = parser.value(key).orElse(null);
    if (raw == null) {
      return defaultValue;
    }
    try {
      return Enum.valueOf(type, raw.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw SpamfreeConfigurationException.invalidValue(parser.source, key, raw, expected);
    }
  }
}
