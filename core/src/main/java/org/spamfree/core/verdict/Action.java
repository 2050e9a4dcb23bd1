package org.spamfree.core.verdict;

/**
 * The handling of a message for one recipient, from the mildest to the hardest. The order of the
 * constants is significant: {@link #mildest} picks the lowest ordinal.
 */
public enum Action {
  /** Deliver with the {@code X-Spam-*} headers saying "No". */
  ACCEPT,
  /** Deliver with the {@code X-Spam-*} headers saying "Yes". */
  TAG,
  /** Accept with 250, then store in the quarantine mail repository instead of delivering. */
  QUARANTINE,
  /** Refuse at the end of DATA with 451 4.7.1 so the sender retries later. */
  TEMPFAIL,
  /** Refuse at the end of DATA with 550 5.7.1. */
  REJECT;

  /** Returns the action with the lower ordinal, that is the one that lets more mail through. */
  public static Action mildest(Action first, Action second) {
    return first.ordinal() <= second.ordinal() ? first : second;
  }

  /** Returns whether a message with this action is accepted at SMTP time (250). */
  public boolean isAcceptedAtSmtp() {
    return this == ACCEPT || this == TAG || this == QUARANTINE;
  }
}
