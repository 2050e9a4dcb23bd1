package org.spamfree.benchmarks;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One phase of a run, warmup or measured: a block of consecutive message numbers sent by concurrent
 * {@link SessionWorker}s. The phase stops by itself at the run's deadline by closing every open
 * socket, which unblocks each worker at once.
 */
final class LoadPhase {
  private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
  // Closing the sockets makes every blocked connect, read and write fail at once, so workers end
  // quickly. The bound only keeps a worker stuck elsewhere from holding up the report.
  private static final long STOP_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

  /**
   * Figures of a finished phase.
   *
   * @param latenciesNanos latencies in recording order
   * @param elapsedNanos time from starting the sessions until they ended or were stopped
   * @param timeBoundReached whether the stop left messages abandoned or unsent
   * @param unsentMessages messages of the phase never started
   */
  record Result(
      OutcomeCounts counts,
      long[] latenciesNanos,
      long elapsedNanos,
      boolean timeBoundReached,
      long unsentMessages) {}

  private final RunContext context;
  private final String name;
  private final long firstSequence;
  private final int messageCount;
  private final AtomicLong nextSequence;
  private final PhaseRecorder recorder = new PhaseRecorder();
  private final Set<Socket> openSockets = new HashSet<>();
  private volatile boolean stopRequested;

  /**
   * @param name phase name for the log, such as "warmup"
   * @param firstSequence number of the first message, the X-Load-Seq of the phase's first message
   * @param messageCount messages in the phase, at least 1
   */
  LoadPhase(RunContext context, String name, long firstSequence, int messageCount) {
    this.context = context;
    this.name = name;
    this.firstSequence = firstSequence;
    this.messageCount = messageCount;
    this.nextSequence = new AtomicLong(firstSequence);
  }

  /**
   * Runs the phase until every message has an outcome or {@code deadlineNanos} (a {@link
   * System#nanoTime()} value) passes.
   *
   * @throws InterruptedException if the calling thread is interrupted. The sessions are stopped
   *     first.
   */
  Result run(long deadlineNanos) throws InterruptedException {
    long start = System.nanoTime();
    int sessions = Math.min(context.options().sessions(), messageCount);
    List<Thread> threads = new ArrayList<>(sessions);
    for (int i = 1; i <= sessions; i++) {
      Thread thread =
          new Thread(new SessionWorker(context, this, i), "smtp-load-" + name + "-" + i);
      // Daemon threads, so that a worker stuck past the stop grace cannot keep the JVM alive.
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }

    boolean stoppedAtDeadline;
    try {
      stoppedAtDeadline = !awaitSessions(threads, start, deadlineNanos);
    } catch (InterruptedException e) {
      stop();
      throw e;
    }
    if (stoppedAtDeadline) {
      stop();
      awaitStoppedSessions(threads);
    }
    long elapsedNanos = System.nanoTime() - start;

    OutcomeCounts counts = recorder.counts();
    long unsent = messageCount - Math.min(messageCount, nextSequence.get() - firstSequence);
    boolean timeBoundReached = stoppedAtDeadline && (counts.abandoned() > 0 || unsent > 0);
    return new Result(counts, recorder.latencies(), elapsedNanos, timeBoundReached, unsent);
  }

  /** Returns the next message number, or -1 when the phase has none left. */
  long claimSequence() {
    long sequence = nextSequence.getAndIncrement();
    return sequence < firstSequence + messageCount ? sequence : -1;
  }

  boolean stopRequested() {
    return stopRequested;
  }

  PhaseRecorder recorder() {
    return recorder;
  }

  /**
   * Adds a socket that the stop must close. Returns false, and adds nothing, when the phase has
   * already stopped.
   */
  boolean register(Socket socket) {
    synchronized (openSockets) {
      if (stopRequested) {
        return false;
      }
      openSockets.add(socket);
      return true;
    }
  }

  void unregister(Socket socket) {
    synchronized (openSockets) {
      openSockets.remove(socket);
    }
  }

  private void stop() {
    synchronized (openSockets) {
      stopRequested = true;
      for (Socket socket : openSockets) {
        try {
          socket.close();
        } catch (IOException e) {
          // The worker that owns the socket records its message as abandoned either way.
        }
      }
      openSockets.clear();
    }
  }

  // Returns true when every session ended before the deadline. Logs progress meanwhile.
  private boolean awaitSessions(List<Thread> threads, long start, long deadlineNanos)
      throws InterruptedException {
    long nextProgress = start + PROGRESS_INTERVAL_NANOS;
    for (Thread thread : threads) {
      while (thread.isAlive()) {
        long now = System.nanoTime();
        if (now - deadlineNanos >= 0) {
          return false;
        }
        if (now - nextProgress >= 0) {
          logProgress();
          nextProgress += PROGRESS_INTERVAL_NANOS;
        }
        long waitUntil = deadlineNanos - nextProgress < 0 ? deadlineNanos : nextProgress;
        TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, waitUntil - now));
      }
    }
    return true;
  }

  private void awaitStoppedSessions(List<Thread> threads) throws InterruptedException {
    long graceEnd = System.nanoTime() + STOP_GRACE_NANOS;
    for (Thread thread : threads) {
      TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, graceEnd - System.nanoTime()));
      if (thread.isAlive()) {
        // NOTE: such a worker's current message has no outcome, so attempted falls short by one.
        context
            .log()
            .println(
                "Session thread "
                    + thread.getName()
                    + " did not stop within 5 s of the time bound and is left running.");
      }
    }
  }

  private void logProgress() {
    context
        .log()
        .println(
            String.format(
                Locale.ROOT,
                "%s: %d of %d messages done, %d accepted",
                name,
                recorder.completed(),
                messageCount,
                recorder.acceptedSoFar()));
  }
}
