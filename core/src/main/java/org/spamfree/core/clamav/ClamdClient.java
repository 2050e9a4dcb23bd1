package org.spamfree.core.clamav;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans messages with clamd's INSTREAM command over TCP or a unix socket, with failover between
 * several servers. Thread-safe; one instance serves the whole SMTP server.
 *
 * <p>Each server has a health state. A server that cannot be reached, times out or breaks the
 * protocol is marked down and tried only after the healthy ones until {@link
 * ClamavSettings#retryAfter()} has passed. A scan moves to the next server after any failure, so a
 * message is lost to scanning only when every server failed, and then the result is {@link
 * ScanResult.Failed}, never clean.
 *
 * <p>With {@link ClamavSettings#connectionsPerServer()} above 0, connections are kept in an
 * IDSESSION (clamd's multi-command session) and reused; a reused connection that the server has
 * closed meanwhile is replaced once with a new one.
 *
 * <p>Logs one DEBUG line per scan, WARN when a server fails and INFO when it recovers.
 */
public final class ClamdClient implements Closeable {

  private static final Logger LOGGER = LoggerFactory.getLogger(ClamdClient.class);

  private final ClamavSettings settings;
  private final List<ClamdServerState> servers;

  public ClamdClient(ClamavSettings settings) {
    this.settings = settings;
    List<ClamdServerState> states = new ArrayList<>();
    for (ClamdEndpoint endpoint : settings.servers()) {
      states.add(new ClamdServerState(endpoint, settings));
    }
    this.servers = List.copyOf(states);
  }

  public ClamavSettings settings() {
    return settings;
  }

  /**
   * Scans one message. A message whose known size is above the stream limit is not sent at all. One
   * whose size is unknown is stopped when it passes the limit.
   */
  public ScanResult scan(ScanInput input) {
    long size = input.size();
    long limit = settings.streamMaxLength();
    if (size > limit) {
      return new ScanResult.Oversized(size, limit);
    }
    if (servers.isEmpty()) {
      return new ScanResult.Failed("no clamd server is configured");
    }
    String lastFailure = "";
    for (ClamdServerState server : orderedServers()) {
      long started = System.nanoTime();
      try {
        ClamdReply reply = server.scan(input, size);
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOGGER.debug(
            "clamd scan server={} bytes={} reply={} ms={}", server.endpoint(), size, reply, millis);
        if (reply instanceof ClamdReply.Clean) {
          server.markHealthy();
          return new ScanResult.Clean(server.endpoint());
        }
        if (reply instanceof ClamdReply.Found found) {
          server.markHealthy();
          return new ScanResult.Infected(found.signature(), server.endpoint());
        }
        // The server works but could not scan this message; another server may be able to.
        lastFailure =
            "clamd " + server.endpoint() + " replied '" + ((ClamdReply.Error) reply).text() + "'";
        LOGGER.warn(
            "clamd scan failed server={} reply='{}' bytes={}",
            server.endpoint(),
            ((ClamdReply.Error) reply).text(),
            size);
      } catch (InstreamOutputStream.StreamLimitException e) {
        return new ScanResult.Oversized(e.bytesSeen, limit);
      } catch (ClamdServerState.InputException e) {
        return new ScanResult.Failed("reading the message failed: " + e.getCause().getMessage());
      } catch (IOException e) {
        lastFailure = describe(server.endpoint(), e);
        server.markFailed(lastFailure);
      }
    }
    return new ScanResult.Failed(lastFailure);
  }

  /** Sends PING to one server and returns whether it replied PONG in time. */
  public boolean ping(ClamdEndpoint endpoint) {
    try {
      return "PONG".equals(request(endpoint, "PING"));
    } catch (IOException e) {
      LOGGER.debug("clamd PING failed server={}: {}", endpoint, e.getMessage());
      return false;
    }
  }

  /**
   * Returns one server's VERSION reply, such as {@code ClamAV 1.4.6/27000/Fri Dec 4 08:00:00 2026}.
   */
  public String version(ClamdEndpoint endpoint) throws IOException {
    return request(endpoint, "VERSION");
  }

  /**
   * Requests each server's version, logs the reply (INFO) or the failure (WARN), and marks the
   * failed servers down. Meant to run once at start so that a wrong address shows in the log before
   * the first message.
   */
  public void probe() {
    for (ClamdServerState server : servers) {
      try {
        LOGGER.info("clamd server={} version='{}'", server.endpoint(), version(server.endpoint()));
      } catch (IOException e) {
        server.markFailed(describe(server.endpoint(), e));
      }
    }
  }

  /**
   * Sends PING to every server that is marked down and marks those that reply PONG healthy again,
   * so that a recovered server is back in use without a message waiting on it first. The module
   * runs it every {@link ClamavSettings#retryAfter()}.
   */
  public void recheckDownServers() {
    for (ClamdServerState server : servers) {
      if (!server.status().healthy() && ping(server.endpoint())) {
        server.markHealthy();
      }
    }
  }

  /** Returns the health of every server, in configured order. */
  public List<ClamdServerStatus> status() {
    return servers.stream().map(ClamdServerState::status).toList();
  }

  @Override
  public void close() {
    servers.forEach(ClamdServerState::closeIdle);
  }

  private String request(ClamdEndpoint endpoint, String command) throws IOException {
    long deadline =
        System.nanoTime() + settings.connectTimeout().plus(settings.replyTimeout()).toNanos();
    try (ClamdConnection connection =
        ClamdConnection.open(endpoint, System.nanoTime() + settings.connectTimeout().toNanos())) {
      return connection.request(command, deadline);
    }
  }

  /** Servers that are up (or due for a retry) in configured order, then the others. */
  private List<ClamdServerState> orderedServers() {
    long now = System.nanoTime();
    List<ClamdServerState> ordered = new ArrayList<>();
    List<ClamdServerState> down = new ArrayList<>();
    for (ClamdServerState server : servers) {
      (server.shouldTry(now) ? ordered : down).add(server);
    }
    ordered.addAll(down);
    return ordered;
  }

  private static String describe(ClamdEndpoint endpoint, IOException e) {
    String kind = e instanceof SocketTimeoutException ? "timed out" : "failed";
    return "clamd " + endpoint + " " + kind + ": " + e.getMessage();
  }
}
