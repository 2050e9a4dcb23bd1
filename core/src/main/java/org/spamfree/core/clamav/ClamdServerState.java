package org.spamfree.core.clamav;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One clamd server: its idle connections and its health. Thread-safe. */
final class ClamdServerState {

  private static final Logger LOGGER = LoggerFactory.getLogger(ClamdClient.class);

  /** The message source failed while being written, which is no fault of the server. */
  static final class InputException extends IOException {
    private static final long serialVersionUID = 1L;

    InputException(IOException cause) {
      super(cause);
    }
  }

  /**
   * How long to wait for clamd's reply after a write failed, since clamd closes the stream after
   * its own size-limit error and the reply explains the failure.
   */
  private static final long REPLY_AFTER_WRITE_FAILURE_NANOS = 1_000_000_000L;

  private final ClamdEndpoint endpoint;
  private final ClamavSettings settings;
  private final Deque<ClamdConnection> idle = new ArrayDeque<>();
  private boolean healthy = true;
  private long retryAtNanos;
  private int consecutiveFailures;
  private String lastFailure;

  ClamdServerState(ClamdEndpoint endpoint, ClamavSettings settings) {
    this.endpoint = endpoint;
    this.settings = settings;
  }

  ClamdEndpoint endpoint() {
    return endpoint;
  }

  /** Scans on a reused connection when one is idle, else on a new one. */
  ClamdReply scan(ScanInput input, long size) throws IOException {
    long deadline = System.nanoTime() + settings.replyTimeoutFor(size).toNanos();
    ClamdConnection reused = takeIdle();
    if (reused != null) {
      try {
        return scanOn(reused, input, deadline);
      } catch (SocketTimeoutException
          | InstreamOutputStream.StreamLimitException
          | InputException e) {
        throw e;
      } catch (IOException e) {
        // clamd closes idle sessions after its IdleTimeout and on restart, so only a new
        // connection shows whether the server itself is down.
        LOGGER.debug("clamd reused connection failed server={}: {}", endpoint, e.getMessage());
      }
    }
    ClamdConnection fresh =
        ClamdConnection.open(endpoint, System.nanoTime() + settings.connectTimeout().toNanos());
    if (settings.connectionsPerServer() > 0) {
      try {
        fresh.startSession(deadline);
      } catch (IOException e) {
        fresh.close();
        throw e;
      }
    }
    return scanOn(fresh, input, deadline);
  }

  private ClamdReply scanOn(ClamdConnection connection, ScanInput input, long deadline)
      throws IOException {
    boolean keep = false;
    try {
      ClamdReply reply = instream(connection, input, deadline);
      // clamd ends the session after an error reply, so only a verdict leaves it reusable.
      keep = connection.inSession() && !(reply instanceof ClamdReply.Error);
      return reply;
    } finally {
      if (keep) {
        release(connection);
      } else {
        connection.close();
      }
    }
  }

  private ClamdReply instream(ClamdConnection connection, ScanInput input, long deadline)
      throws IOException {
    connection.startInstream(deadline);
    InstreamOutputStream stream =
        new InstreamOutputStream(connection, settings.streamMaxLength(), deadline);
    try {
      input.writeTo(stream);
      stream.finish();
    } catch (InstreamOutputStream.StreamLimitException | SocketTimeoutException e) {
      throw e;
    } catch (InstreamOutputStream.ServerWriteException writeFailure) {
      // clamd closes the stream after its own size-limit error, and its reply gives the reason.
      try {
        long shortDeadline =
            Math.min(deadline, System.nanoTime() + REPLY_AFTER_WRITE_FAILURE_NANOS);
        return ClamdReply.parse(connection.readReply(shortDeadline));
      } catch (IOException noReply) {
        throw writeFailure;
      }
    } catch (IOException e) {
      throw new InputException(e);
    }
    return ClamdReply.parse(connection.readReply(deadline));
  }

  synchronized boolean shouldTry(long nowNanos) {
    return healthy || nowNanos - retryAtNanos >= 0;
  }

  synchronized void markHealthy() {
    if (!healthy) {
      LOGGER.info(
          "clamd server={} is answering again after {} failures", endpoint, consecutiveFailures);
    }
    healthy = true;
    consecutiveFailures = 0;
  }

  void markFailed(String failure) {
    boolean wasHealthy;
    int failures;
    synchronized (this) {
      wasHealthy = healthy;
      healthy = false;
      consecutiveFailures++;
      failures = consecutiveFailures;
      lastFailure = failure;
      retryAtNanos = System.nanoTime() + settings.retryAfter().toNanos();
    }
    closeIdle();
    if (wasHealthy) {
      LOGGER.warn(
          "clamd server down server={} retryAfter={}ms: {}",
          endpoint,
          settings.retryAfter().toMillis(),
          failure);
    } else {
      LOGGER.debug(
          "clamd server still down server={} failures={}: {}", endpoint, failures, failure);
    }
  }

  synchronized ClamdServerStatus status() {
    return new ClamdServerStatus(
        endpoint, healthy, consecutiveFailures, Optional.ofNullable(lastFailure));
  }

  void closeIdle() {
    Deque<ClamdConnection> closing;
    synchronized (this) {
      closing = new ArrayDeque<>(idle);
      idle.clear();
    }
    closing.forEach(ClamdConnection::close);
  }

  private ClamdConnection takeIdle() {
    long now = System.nanoTime();
    while (true) {
      ClamdConnection connection;
      synchronized (this) {
        connection = idle.pollLast();
      }
      if (connection == null) {
        return null;
      }
      if (now - connection.lastUsedNanos() < settings.idleTimeout().toNanos()) {
        return connection;
      }
      connection.close();
    }
  }

  private void release(ClamdConnection connection) {
    synchronized (this) {
      if (idle.size() < settings.connectionsPerServer()) {
        idle.addLast(connection);
        return;
      }
    }
    connection.close();
  }
}
