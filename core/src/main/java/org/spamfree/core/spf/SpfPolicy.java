package org.spamfree.core.spf;

import java.util.Objects;

/**
 * The actions of a protected domain at RCPT TO for the SPF result of the MAIL FROM identity. A
 * result that is not refused only adds its symbol's score.
 *
 * @param rejectFail refuse a fail with 550 5.7.23 and the explanation (RFC 7372 §3.2)
 * @param tempfailTemperror refuse a temperror with 451 4.7.24, so the sender retries later
 * @param rejectPermerror refuse a permerror with 550 5.7.24
 */
public record SpfPolicy(boolean rejectFail, boolean tempfailTemperror, boolean rejectPermerror) {

  /** Scores only: no result is refused. */
  public static final SpfPolicy SCORE_ONLY = new SpfPolicy(false, false, false);

  /** Returns whether any result is refused, so RCPT TO has to wait for the result. */
  public boolean refusesAny() {
    return rejectFail || tempfailTemperror || rejectPermerror;
  }

  /** Describes the policy for the start-up log, as {@code fail=reject temperror=score ...}. */
  public String describe() {
    return "fail="
        + (rejectFail ? "reject" : "score")
        + " temperror="
        + (tempfailTemperror ? "tempfail" : "score")
        + " permerror="
        + (rejectPermerror ? "reject" : "score");
  }

  /** Returns the base policy with the given settings replaced; a null argument keeps the base's. */
  public static SpfPolicy withOverrides(
      SpfPolicy base, Boolean fail, Boolean temperror, Boolean permerror) {
    Objects.requireNonNull(base, "base must not be null");
    return new SpfPolicy(
        fail != null ? fail : base.rejectFail,
        temperror != null ? temperror : base.tempfailTemperror,
        permerror != null ? permerror : base.rejectPermerror);
  }
}
