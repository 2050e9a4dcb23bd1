package org.spamfree.core.verdict;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Thresholds that map a verdict's score to an {@link Action} for the recipients of one protected
 * domain. A threshold is reached when the score is greater than or equal to it; an empty threshold
 * is off. The hardest reached action wins: reject, then tempfail, then quarantine, then tag.
 *
 * @param name the policy name used in {@code policy.NAME.*} keys and in logs
 * @param tag score from which the message is tagged ({@code X-Spam-Flag: YES})
 * @param quarantine score from which the message goes to the quarantine repository
 * @param tempfail score from which the message is refused with 451 4.7.1
 * @param reject score from which the message is refused with 550 5.7.1
 */
public record Policy(
    String name,
    OptionalDouble tag,
    OptionalDouble quarantine,
    OptionalDouble tempfail,
    OptionalDouble reject) {

  public Policy {
    Objects.requireNonNull(name, "name must not be null");
    Objects.requireNonNull(tag, "tag must not be null");
    Objects.requireNonNull(quarantine, "quarantine must not be null");
    Objects.requireNonNull(tempfail, "tempfail must not be null");
    Objects.requireNonNull(reject, "reject must not be null");
  }

  public Action actionFor(double score) {
    if (reached(reject, score)) {
      return Action.REJECT;
    }
    if (reached(tempfail, score)) {
      return Action.TEMPFAIL;
    }
    if (reached(quarantine, score)) {
      return Action.QUARANTINE;
    }
    if (reached(tag, score)) {
      return Action.TAG;
    }
    return Action.ACCEPT;
  }

  /**
   * Returns the score reported as {@code required=} in {@code X-Spam-Status}: the lowest threshold
   * that is on, since from there the message counts as spam. Returns 0 when every threshold is off.
   */
  public double requiredScore() {
    double lowest = Double.POSITIVE_INFINITY;
    for (OptionalDouble threshold : new OptionalDouble[] {tag, quarantine, tempfail, reject}) {
      if (threshold.isPresent()) {
        lowest = Math.min(lowest, threshold.getAsDouble());
      }
    }
    return lowest == Double.POSITIVE_INFINITY ? 0 : lowest;
  }

  private static boolean reached(OptionalDouble threshold, double score) {
    return threshold.isPresent() && score >= threshold.getAsDouble();
  }
}
