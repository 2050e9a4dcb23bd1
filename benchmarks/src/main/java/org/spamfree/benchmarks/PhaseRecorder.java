package org.spamfree.benchmarks;

import java.util.Arrays;
import java.util.TreeMap;

/** Thread-safe record of the message outcomes and latencies of one phase. */
final class PhaseRecorder {
  private long accepted;
  private final TreeMap<Integer, Long> rejectedByCode = new TreeMap<>();
  private long connectionErrors;
  private long abandoned;
  private long[] latenciesNanos = new long[1024];
  private int latencyCount;

  synchronized void accepted(long latencyNanos) {
    accepted++;
    addLatency(latencyNanos);
  }

  /** Records a 4xx or 5xx reply after the end-of-data dot, which has a latency. */
  synchronized void rejectedAfterData(int code, long latencyNanos) {
    rejectedByCode.merge(code, 1L, Long::sum);
    addLatency(latencyNanos);
  }

  /** Records a 4xx or 5xx reply before the message data was sent. */
  synchronized void rejectedBeforeData(int code) {
    rejectedByCode.merge(code, 1L, Long::sum);
  }

  synchronized void connectionError() {
    connectionErrors++;
  }

  synchronized void abandoned() {
    abandoned++;
  }

  /** Messages with an outcome so far. */
  synchronized long completed() {
    return accepted
        + connectionErrors
        + abandoned
        + rejectedByCode.values().stream().mapToLong(Long::longValue).sum();
  }

  synchronized long acceptedSoFar() {
    return accepted;
  }

  synchronized OutcomeCounts counts() {
    return new OutcomeCounts(accepted, rejectedByCode, connectionErrors, abandoned);
  }

  /** Returns a copy of the recorded latencies in recording order. */
  synchronized long[] latencies() {
    return Arrays.copyOf(latenciesNanos, latencyCount);
  }

  private void addLatency(long latencyNanos) {
    if (latencyCount == latenciesNanos.length) {
      latenciesNanos = Arrays.copyOf(latenciesNanos, latenciesNanos.length * 2);
    }
    latenciesNanos[latencyCount++] = latencyNanos;
  }
}
