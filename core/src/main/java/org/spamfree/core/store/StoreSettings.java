package org.spamfree.core.store;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Settings of the shared store and of the checks it feeds, read from the {@code store.*}, {@code
 * helo.history.*}, {@code helo.sender.*}, {@code burst.*}, {@code trap.*} and {@code blocklist.*}
 * keys by {@code StoreSettingsParser}.
 *
 * @param url JDBC URL; empty means the H2 file {@code var/store/spamfree} under James's working
 *     directory
 * @param user database user, may be empty
 * @param password database password, may be empty; never logged
 * @param poolSize maximum number of pooled connections
 * @param timeout how long an SMTP-path read waits for the database
 * @param cacheTtl how long a read result is reused for the same address
 * @param queueSize maximum number of writes waiting for the writer; further ones are dropped
 * @param batchSize maximum number of writes per database transaction
 * @param flushInterval longest time a write waits in the queue
 * @param retryInterval pause after a database failure before the next attempt
 * @param retention how long addresses, HELO names and daily statistics are kept
 * @param purgeInterval time between two retention purges
 * @param heloHistoryEnabled whether HELO names are counted per address
 * @param heloHistoryWindow the sliding window in which distinct HELO names are counted
 * @param heloSenderEnabled whether the HELO and sender domains are compared
 * @param burstConnections connections per address within {@code burstWindow} that make a burst; 0
 *     turns the check off
 * @param burstWindow the window of the burst check
 * @param burstTempfail whether a connection in a burst gets 421 4.7.0 instead of a symbol
 * @param trapDomains domains whose every address is a spam trap, lower-case
 * @param trapAddresses single trap addresses, lower-case
 * @param trapListing how long a trap hit keeps the client on the local blocklist
 * @param blocklistAction what a blocklisted client gets
 */
public record StoreSettings(
    Optional<String> url,
    String user,
    String password,
    int poolSize,
    Duration timeout,
    Duration cacheTtl,
    int queueSize,
    int batchSize,
    Duration flushInterval,
    Duration retryInterval,
    Duration retention,
    Duration purgeInterval,
    boolean heloHistoryEnabled,
    Duration heloHistoryWindow,
    boolean heloSenderEnabled,
    int burstConnections,
    Duration burstWindow,
    boolean burstTempfail,
    Set<String> trapDomains,
    Set<String> trapAddresses,
    Duration trapListing,
    BlocklistAction blocklistAction) {

  /** Action taken on a client on the local blocklist. */
  public enum BlocklistAction {
    /** The {@code LOCAL_BLOCKLIST} symbol, scored like any other evidence. */
    SYMBOL,
    /** 554 5.7.1 when the client connects, and the connection is closed (RFC 5321 §3.1). */
    CONNECT,
    /** 550 5.7.1 at MAIL FROM, so the client can still reach postmaster by other means. */
    MAIL
  }

  public StoreSettings {
    trapDomains = Set.copyOf(trapDomains);
    trapAddresses = Set.copyOf(trapAddresses);
  }

  /** Returns whether a recipient address is a spam trap, ignoring case. */
  public boolean isTrap(String address) {
    String lower = address.toLowerCase(Locale.ROOT);
    if (trapAddresses.contains(lower)) {
      return true;
    }
    String domain = lower.substring(lower.lastIndexOf('@') + 1);
    if (domain.endsWith(".")) {
      domain = domain.substring(0, domain.length() - 1);
    }
    return trapDomains.contains(domain);
  }

  /** Describes the settings for the start-up log; the password is left out. */
  public String describe() {
    return "url="
        + url.map(JdbcReputationStore::redact).orElse("(H2 file var/store/spamfree)")
        + " user="
        + (user.isEmpty() ? "-" : user)
        + " poolSize="
        + poolSize
        + " timeout="
        + timeout.toMillis()
        + "ms cacheTtl="
        + cacheTtl.toMillis()
        + "ms queueSize="
        + queueSize
        + " batchSize="
        + batchSize
        + " flushInterval="
        + flushInterval.toMillis()
        + "ms retention="
        + retention.toDays()
        + "d heloHistory="
        + (heloHistoryEnabled ? heloHistoryWindow.toHours() + "h" : "off")
        + " heloSender="
        + heloSenderEnabled
        + " burst="
        + (burstConnections == 0
            ? "off"
            : burstConnections
                + "/"
                + burstWindow.toSeconds()
                + "s"
                + (burstTempfail ? " tempfail" : " symbol"))
        + " trapDomains="
        + new TreeSet<>(trapDomains)
        + " trapAddresses="
        + new TreeSet<>(trapAddresses)
        + " trapListing="
        + trapListing.toHours()
        + "h blocklistAction="
        + blocklistAction.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "StoreSettings[" + describe() + "]";
  }
}
