package org.spamfree.core.clamav;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the clamd client, read from the {@code clamav.*} keys of {@code spamfree.properties}.
 *
 * @param servers clamd servers in order of preference; empty turns virus scanning off
 * @param connectTimeout how long to wait for a connection to one server
 * @param replyTimeout how long to wait for a verdict on an empty message, including sending it
 * @param replyTimeoutPerMib time added to {@code replyTimeout} for each MiB of the message
 * @param streamMaxLength largest message in bytes that is sent; must not exceed clamd's {@code
 *     StreamMaxLength}, or clamd replies with a size-limit error instead of a verdict
 * @param onFailure what happens to a message that no server could scan
 * @param onOversize what happens to a message larger than {@code streamMaxLength}
 * @param connectionsPerServer idle IDSESSION connections kept per server for reuse; 0 opens a new
 *     connection for each message
 * @param idleTimeout an idle connection older than this is closed instead of reused; keep it below
 *     clamd's {@code IdleTimeout} (30 seconds by default)
 * @param retryAfter how long a server that failed is tried only after the healthy ones
 */
public record ClamavSettings(
    List<ClamdEndpoint> servers,
    Duration connectTimeout,
    Duration replyTimeout,
    Duration replyTimeoutPerMib,
    long streamMaxLength,
    FailureAction onFailure,
    OversizeAction onOversize,
    int connectionsPerServer,
    Duration idleTimeout,
    Duration retryAfter) {

  /** Handling of a message that could not be scanned. */
  public enum FailureAction {
    /** 451 4.7.1, so the sender retries later and no mail passes unscanned. */
    TEMPFAIL,
    /** Accepted with the {@code CLAM_UNSCANNED} symbol and {@code X-Virus-Status: Unscanned}. */
    ACCEPT
  }

  /** Handling of a message larger than the stream limit. */
  public enum OversizeAction {
    /** 451 4.7.1; useful only while the limits are being raised. */
    TEMPFAIL,
    /** 552 5.3.4, so the sender learns at once that the message is too large to be scanned. */
    REJECT,
    /** Accepted with the {@code CLAM_OVERSIZED} symbol and {@code X-Virus-Status: Unscanned}. */
    ACCEPT
  }

  public ClamavSettings {
    servers = List.copyOf(servers);
    Objects.requireNonNull(connectTimeout, "connectTimeout must not be null");
    Objects.requireNonNull(replyTimeout, "replyTimeout must not be null");
    Objects.requireNonNull(replyTimeoutPerMib, "replyTimeoutPerMib must not be null");
    Objects.requireNonNull(onFailure, "onFailure must not be null");
    Objects.requireNonNull(onOversize, "onOversize must not be null");
    Objects.requireNonNull(idleTimeout, "idleTimeout must not be null");
    Objects.requireNonNull(retryAfter, "retryAfter must not be null");
  }

  /** Scanning is off when no server is configured. */
  public static ClamavSettings disabled() {
    return new ClamavSettings(
        List.of(),
        Duration.ofSeconds(2),
        Duration.ofSeconds(30),
        Duration.ofSeconds(2),
        25L * 1024 * 1024,
        FailureAction.TEMPFAIL,
        OversizeAction.REJECT,
        4,
        Duration.ofSeconds(20),
        Duration.ofSeconds(30));
  }

  public boolean enabled() {
    return !servers.isEmpty();
  }

  /** Returns how long a message of {@code size} bytes may take, or the longest when unknown. */
  public Duration replyTimeoutFor(long size) {
    long bytes = size < 0 ? streamMaxLength : size;
    long extraMillis = replyTimeoutPerMib.toMillis() * bytes / (1024 * 1024);
    return replyTimeout.plusMillis(extraMillis);
  }

  /** Describes the settings on one line for the start-up log. */
  public String describe() {
    if (!enabled()) {
      return "clamav=off";
    }
    return "clamavServers="
        + servers
        + " clamavConnectTimeout="
        + connectTimeout.toMillis()
        + "ms clamavReplyTimeout="
        + replyTimeout.toMillis()
        + "ms+"
        + replyTimeoutPerMib.toMillis()
        + "ms/MiB clamavStreamMaxLength="
        + streamMaxLength
        + " clamavOnFailure="
        + onFailure
        + " clamavOnOversize="
        + onOversize
        + " clamavConnectionsPerServer="
        + connectionsPerServer;
  }
}
