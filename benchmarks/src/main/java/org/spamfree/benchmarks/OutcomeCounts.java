package org.spamfree.benchmarks;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Message outcomes of one phase, warmup or measured. Every attempted message has exactly one
 * outcome.
 *
 * @param accepted messages with a 2xx reply after the end-of-data dot
 * @param rejectedByCode messages whose attempt ended at a 4xx or 5xx reply, by reply code. The
 *     reply may come at the greeting, EHLO, MAIL, RCPT, DATA or after the end-of-data dot.
 * @param connectionErrors messages that failed because connecting failed, the connection broke, a
 *     reply timed out or a reply was malformed
 * @param abandoned messages in flight when the time bound stopped the run
 */
public record OutcomeCounts(
    long accepted, SortedMap<Integer, Long> rejectedByCode, long connectionErrors, long abandoned) {

  static final OutcomeCounts NONE = new OutcomeCounts(0, new TreeMap<>(), 0, 0);

  public OutcomeCounts {
    rejectedByCode = Collections.unmodifiableSortedMap(new TreeMap<>(rejectedByCode));
  }

  /** Messages started, whatever their outcome. */
  public long attempted() {
    return accepted + rejected() + connectionErrors + abandoned;
  }

  /** Messages rejected with any code. */
  public long rejected() {
    return rejectedByCode.values().stream().mapToLong(Long::longValue).sum();
  }
}
