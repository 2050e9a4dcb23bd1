package org.spamfree.core.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.spamfree.core.store.StoreSettings;
import org.spamfree.core.store.StoreSettings.BlocklistAction;

/**
 * Reads the keys of the shared store and of the checks it feeds:
 *
 * <pre>
 * store.url =                   # JDBC URL; empty: H2 file var/store/spamfree
 * store.user =
 * store.password =
 * store.pool.size = 8
 * store.timeout = 500           # milliseconds an SMTP-path read waits
 * store.cache.ttl = 10000       # milliseconds a read result is reused
 * store.queue.size = 10000      # writes waiting; further ones are dropped and counted
 * store.batch.size = 500
 * store.flush.interval = 1000   # milliseconds
 * store.retry.interval = 5000   # milliseconds after a database failure
 * store.retention.days = 30
 * store.purge.interval = 60     # minutes
 * helo.history.enabled = true
 * helo.history.window = 24      # hours
 * helo.sender.enabled = true
 * burst.connections = 30        # per address within burst.window; 0 turns it off
 * burst.window = 60             # seconds
 * burst.tempfail = false        # true: 421 4.7.0 instead of the CONNECTION_BURST symbol
 * trap.domains =
 * trap.addresses =
 * trap.listing.hours = 168      # how long a trap hit blocklists the client
 * blocklist.action = symbol     # symbol, connect (554 after the greeting) or mail (550 at MAIL)
 * </pre>
 */
final class StoreSettingsParser {

  static final int DEFAULT_POOL_SIZE = 8;
  static final long DEFAULT_TIMEOUT_MILLIS = 500;
  static final long DEFAULT_CACHE_TTL_MILLIS = 10_000;
  static final int DEFAULT_QUEUE_SIZE = 10_000;
  static final int DEFAULT_BATCH_SIZE = 500;
  static final long DEFAULT_FLUSH_INTERVAL_MILLIS = 1000;
  static final long DEFAULT_RETRY_INTERVAL_MILLIS = 5000;
  static final long DEFAULT_RETENTION_DAYS = 30;
  static final long DEFAULT_PURGE_INTERVAL_MINUTES = 60;
  static final long DEFAULT_HELO_HISTORY_HOURS = 24;
  static final int DEFAULT_BURST_CONNECTIONS = 30;
  static final long DEFAULT_BURST_WINDOW_SECONDS = 60;
  static final long DEFAULT_TRAP_LISTING_HOURS = 7 * 24;

  private static final Pattern DOMAIN =
      Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");
  private static final Pattern ADDRESS =
      Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@" + DOMAIN.pattern());

  private final SettingsParser parser;

  StoreSettingsParser(SettingsParser parser) {
    this.parser = parser;
  }

  StoreSettings parse() {
    Optional<String> url = parser.value("store.url");
    url.ifPresent(this::requireSupportedUrl);
    String user = parser.value("store.user").orElse("");
    String password = parser.value("store.password").orElse("");
    int poolSize =
        (int) parser.wholeNumber("store.pool.size", DEFAULT_POOL_SIZE, 1, 200, "connections");
    Duration timeout =
        Duration.ofMillis(
            parser.wholeNumber(
                "store.timeout", DEFAULT_TIMEOUT_MILLIS, 250, 60_000, "milliseconds"));
    Duration cacheTtl =
        Duration.ofMillis(
            parser.wholeNumber(
                "store.cache.ttl", DEFAULT_CACHE_TTL_MILLIS, 0, 3_600_000, "milliseconds"));
    int queueSize =
        (int) parser.wholeNumber("store.queue.size", DEFAULT_QUEUE_SIZE, 1, 10_000_000, "writes");
    int batchSize =
        (int) parser.wholeNumber("store.batch.size", DEFAULT_BATCH_SIZE, 1, 100_000, "writes");
    Duration flushInterval =
        Duration.ofMillis(
            parser.wholeNumber(
                "store.flush.interval",
                DEFAULT_FLUSH_INTERVAL_MILLIS,
                10,
                600_000,
                "milliseconds"));
    Duration retryInterval =
        Duration.ofMillis(
            parser.wholeNumber(
                "store.retry.interval",
                DEFAULT_RETRY_INTERVAL_MILLIS,
                100,
                600_000,
                "milliseconds"));
    Duration retention =
        Duration.ofDays(
            parser.wholeNumber("store.retention.days", DEFAULT_RETENTION_DAYS, 1, 3650, "days"));
    Duration purgeInterval =
        Duration.ofMinutes(
            parser.wholeNumber(
                "store.purge.interval", DEFAULT_PURGE_INTERVAL_MINUTES, 1, 10_080, "minutes"));

    boolean heloHistoryEnabled = parser.bool("helo.history.enabled", true);
    Duration heloHistoryWindow =
        Duration.ofHours(
            parser.wholeNumber(
                "helo.history.window", DEFAULT_HELO_HISTORY_HOURS, 1, 24 * 30, "hours"));
    if (heloHistoryWindow.compareTo(retention) > 0) {
      throw SpamfreeConfigurationException.invalidValue(
          parser.source,
          "helo.history.window",
          Long.toString(heloHistoryWindow.toHours()),
          "a window no longer than store.retention.days ("
              + retention.toDays()
              + " days), since older HELO names are purged");
    }
    boolean heloSenderEnabled = parser.bool("helo.sender.enabled", true);

    int burstConnections =
        (int)
            parser.wholeNumber(
                "burst.connections", DEFAULT_BURST_CONNECTIONS, 0, 1_000_000, "connections");
    Duration burstWindow =
        Duration.ofSeconds(
            parser.wholeNumber("burst.window", DEFAULT_BURST_WINDOW_SECONDS, 1, 3600, "seconds"));
    boolean burstTempfail = parser.bool("burst.tempfail", false);

    Set<String> trapDomains = new TreeSet<>();
    for (String domain : parser.list("trap.domains", "")) {
      String lower = stripDot(domain.toLowerCase(Locale.ROOT));
      if (!DOMAIN.matcher(lower).matches()) {
        throw SpamfreeConfigurationException.invalidValue(
            parser.source, "trap.domains", domain, "a domain name such as retired.example.test");
      }
      trapDomains.add(lower);
    }
    Set<String> trapAddresses = new TreeSet<>();
    for (String address : parser.list("trap.addresses", "")) {
      String lower = address.toLowerCase(Locale.ROOT);
      if (!ADDRESS.matcher(lower).matches()) {
        throw SpamfreeConfigurationException.invalidValue(
            parser.source, "trap.addresses", address, "an address such as old-user@example.test");
      }
      trapAddresses.add(lower);
    }
    Duration trapListing =
        Duration.ofHours(
            parser.wholeNumber(
                "trap.listing.hours", DEFAULT_TRAP_LISTING_HOURS, 1, 24 * 365, "hours"));
    BlocklistAction blocklistAction = blocklistAction();

    return new StoreSettings(
        url,
        user,
        password,
        poolSize,
        timeout,
        cacheTtl,
        queueSize,
        batchSize,
        flushInterval,
        retryInterval,
        retention,
        purgeInterval,
        heloHistoryEnabled,
        heloHistoryWindow,
        heloSenderEnabled,
        burstConnections,
        burstWindow,
        burstTempfail,
        trapDomains,
        trapAddresses,
        trapListing,
        blocklistAction);
  }

  private void requireSupportedUrl(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("jdbc:h2:")
        && !lower.startsWith("jdbc:postgresql:")
        && !lower.startsWith("jdbc:mariadb:")
        && !lower.startsWith("jdbc:mysql:")) {
      throw SpamfreeConfigurationException.invalidValue(
          parser.source,
          "store.url",
          url,
          "a JDBC URL starting with jdbc:h2:, jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql:, or"
              + " empty for the embedded H2 file");
    }
  }

  private BlocklistAction blocklistAction() {
    String raw = parser.value("blocklist.action").orElse("symbol");
    try {
      return BlocklistAction.valueOf(raw.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw SpamfreeConfigurationException.invalidValue(
          parser.source,
          "blocklist.action",
          raw,
          "'symbol' (score LOCAL_BLOCKLIST), 'connect' (554 after the greeting) or 'mail' (550 at"
              + " MAIL FROM)");
    }
  }

  private static String stripDot(String domain) {
    return domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
  }
}
