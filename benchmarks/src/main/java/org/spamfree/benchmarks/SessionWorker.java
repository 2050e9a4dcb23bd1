package org.spamfree.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * One concurrent SMTP session slot. It claims message numbers from its phase until none remain or
 * the phase stops, and opens a new connection whenever it has none. A connection is closed with
 * QUIT after {@link LoadOptions#messagesPerSession()} messages, and is dropped early after a
 * connection error or a 421 reply.
 */
final class SessionWorker implements Runnable {
  private final RunContext context;
  private final LoadPhase phase;
  private final int sessionNumber;
  private final LoadOptions options;

  SessionWorker(RunContext context, LoadPhase phase, int sessionNumber) {
    this.context = context;
    this.phase = phase;
    this.sessionNumber = sessionNumber;
    this.options = context.options();
  }

  @Override
  public void run() {
    SmtpConnection connection = null;
    int sentOnConnection = 0;
    try {
      while (!phase.stopRequested()) {
        long sequence = phase.claimSequence();
        if (sequence < 0) {
          break;
        }

        if (connection == null) {
          connection = openSession(sequence);
          if (connection == null) {
            continue;
          }
          sentOnConnection = 0;
        }

        boolean reusable = sendMessage(connection, sequence);
        sentOnConnection++;
        if (!reusable) {
          release(connection, false);
          connection = null;
        } else if (sentOnConnection >= options.messagesPerSession()) {
          release(connection, true);
          connection = null;
        }
      }
    } finally {
      if (connection != null) {
        release(connection, !phase.stopRequested());
      }
    }
  }

  /**
   * Connects and exchanges greeting and EHLO. Returns the open connection, or null after recording
   * the outcome of message {@code sequence} when the session could not be set up.
   */
  private SmtpConnection openSession(long sequence) {
    Socket socket = new Socket();
    if (!phase.register(socket)) {
      phase.recorder().abandoned();
      return null;
    }

    SmtpConnection connection;
    try {
      InetAddress source = context.nextSourceAddress();
      if (source != null) {
        socket.bind(new InetSocketAddress(source, 0));
      }
      socket.connect(
          new InetSocketAddress(options.host(), options.port()),
          (int) options.replyTimeout().toMillis());
      socket.setTcpNoDelay(true);
      connection = new SmtpConnection(socket, options.replyTimeout());
    } catch (IOException e) {
      closeSocket(socket);
      recordFailure(sequence, "connect", e);
      return null;
    }
    context.connectionOpened();

    try {
      SmtpReply greeting = connection.readReply();
      if (!isExpected(greeting, 2, "the greeting")) {
        return rejectSession(connection, greeting);
      }
      SmtpReply hello = connection.command("EHLO " + options.heloName());
      // 500 and 502 mean the server does not know EHLO, so it gets the older HELO instead.
      if (hello.code() == 500 || hello.code() == 502) {
        hello = connection.command("HELO " + options.heloName());
      }
      if (!isExpected(hello, 2, "EHLO")) {
        return rejectSession(connection, hello);
      }
      return connection;
    } catch (IOException e) {
      release(connection, false);
      recordFailure(sequence, "session setup", e);
      return null;
    }
  }

  private SmtpConnection rejectSession(SmtpConnection connection, SmtpReply reply) {
    phase.recorder().rejectedBeforeData(reply.code());
    release(connection, !reply.isServiceClosing());
    return null;
  }

  /**
   * Sends message {@code sequence} and records its outcome. Returns whether the connection can
   * carry the next message.
   */
  private boolean sendMessage(SmtpConnection connection, long sequence) {
    byte[] dataSection = MessageComposer.toDataSection(context.composer().compose(sequence));
    long start = System.nanoTime();
    try {
      SmtpReply reply = connection.command("MAIL FROM:<" + options.sender() + ">");
      if (!isExpected(reply, 2, "MAIL FROM")) {
        return rejectTransaction(connection, reply, sequence);
      }
      for (String recipient : options.recipients()) {
        reply = connection.command("RCPT TO:<" + recipient + ">");
        if (!isExpected(reply, 2, "RCPT TO")) {
          return rejectTransaction(connection, reply, sequence);
        }
      }
      reply = connection.command("DATA");
      if (!isExpected(reply, 3, "DATA")) {
        return rejectTransaction(connection, reply, sequence);
      }

      connection.sendData(dataSection);
      reply = connection.readReply();
      long latencyNanos = System.nanoTime() - start;
      if (isExpected(reply, 2, "the end of data")) {
        phase.recorder().accepted(latencyNanos);
        return true;
      }
      // The reply after the dot ends the transaction, so the next MAIL needs no RSET.
      phase.recorder().rejectedAfterData(reply.code(), latencyNanos);
      return !reply.isServiceClosing();
    } catch (IOException e) {
      recordFailure(sequence, "message", e);
      return false;
    }
  }

  // A rejected MAIL, RCPT or DATA command can leave the transaction open, so RSET clears it
  // before the next MAIL. Returns whether the connection can carry the next message.
  private boolean rejectTransaction(SmtpConnection connection, SmtpReply reply, long sequence) {
    phase.recorder().rejectedBeforeData(reply.code());
    if (reply.isServiceClosing()) {
      return false;
    }
    try {
      return connection.command("RSET").isPositiveCompletion();
    } catch (IOException e) {
      if (!phase.stopRequested()) {
        context.logError(describe(sequence, "RSET after a rejection"), e);
      }
      return false;
    }
  }

  /**
   * Returns true for a reply of {@code expectedClass} (2 or 3), false for a 4xx or 5xx rejection,
   * and throws for any other reply.
   */
  private static boolean isExpected(SmtpReply reply, int expectedClass, String step)
      throws SmtpProtocolException {
    int replyClass = reply.code() / 100;
    if (replyClass == expectedClass) {
      return true;
    }
    if (replyClass == 4 || replyClass == 5) {
      return false;
    }
    throw new SmtpProtocolException("unexpected reply to " + step + ": " + reply);
  }

  // A failure after the phase stopped comes from the socket that the stop closed, so it is not
  // the server's fault and counts as abandoned.
  private void recordFailure(long sequence, String step, IOException error) {
    if (phase.stopRequested()) {
      phase.recorder().abandoned();
      return;
    }
    phase.recorder().connectionError();
    context.logError(describe(sequence, step), error);
  }

  private String describe(long sequence, String step) {
    return "Connection error in "
        + step
        + " of message "
        + sequence
        + " (session "
        + sessionNumber
        + ", server "
        + LoopbackAddresses.format(options.host(), options.port())
        + ")";
  }

  private void release(SmtpConnection connection, boolean sendQuit) {
    if (sendQuit) {
      connection.quit();
    } else {
      connection.close();
    }
    phase.unregister(connection.socket());
  }

  private void closeSocket(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // The socket is unusable either way, and nothing else is left to release.
    }
    phase.unregister(socket);
  }
}
