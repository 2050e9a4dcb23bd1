package org.spamfree.core.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyTest {

  /** Tag 5, quarantine 10, tempfail 12, reject 15. */
  private static final Policy ALL_ON = policy(5.0, 10.0, 12.0, 15.0);

  /** The built-in default policy: tag 5, quarantine 10, tempfail off, reject 15. */
  private static final Policy DEFAULT = policy(5.0, 10.0, null, 15.0);

  @ParameterizedTest(name = "score {0} -> {1}")
  @CsvSource({
    "-100.0, ACCEPT",
    "0.0, ACCEPT",
    "5.0, TAG",
    "9.99, TAG",
    "10.0, QUARANTINE",
    "11.99, QUARANTINE",
    "12.0, TEMPFAIL",
    "14.99, TEMPFAIL",
    "15.0, REJECT",
    "1000.0, REJECT",
  })
  void actionForEveryThresholdOn(double score, Action expected) {
    assertThat(ALL_ON.actionFor(score)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "threshold {0}")
  @CsvSource({
    "5.0, TAG, ACCEPT",
    "10.0, QUARANTINE, TAG",
    "12.0, TEMPFAIL, QUARANTINE",
    "15.0, REJECT, TEMPFAIL",
  })
  void actionAtAndJustBelowThreshold(double threshold, Action atThreshold, Action belowThreshold) {
    assertThat(ALL_ON.actionFor(threshold)).as("score %s", threshold).isEqualTo(atThreshold);
    assertThat(ALL_ON.actionFor(Math.nextDown(threshold)))
        .as("score just below %s", threshold)
        .isEqualTo(belowThreshold);
  }

  @ParameterizedTest(name = "score {0} -> {1}")
  @CsvSource({"4.9, ACCEPT", "5.0, TAG", "10.0, QUARANTINE", "14.9, QUARANTINE", "15.0, REJECT"})
  void actionForDefaultPolicySkipsTempfail(double score, Action expected) {
    assertThat(DEFAULT.actionFor(score)).isEqualTo(expected);
  }

  @Test
  void actionForAllOffIsAccept() {
    Policy off = policy(null, null, null, null);

    assertThat(off.actionFor(Double.MAX_VALUE)).isEqualTo(Action.ACCEPT);
  }

  @Test
  void actionForRejectOffStopsAtQuarantine() {
    Policy noReject = policy(5.0, 10.0, null, null);

    assertThat(noReject.actionFor(1000.0)).isEqualTo(Action.QUARANTINE);
  }

  @Test
  void actionForTagOffAcceptsBelowQuarantine() {
    Policy noTag = policy(null, 10.0, null, 15.0);

    assertThat(noTag.actionFor(9.0)).isEqualTo(Action.ACCEPT);
  }

  @Test
  void actionForPrefersHarderActionAtSharedThreshold() {
    Policy shared = policy(10.0, 10.0, 10.0, 10.0);

    assertThat(shared.actionFor(10.0)).isEqualTo(Action.REJECT);
  }

  @Test
  void requiredScoreIsTagWhenAllOn() {
    assertThat(ALL_ON.requiredScore()).isEqualTo(5.0);
  }

  @Test
  void requiredScoreSkipsOffTag() {
    assertThat(policy(null, 10.0, null, 15.0).requiredScore()).isEqualTo(10.0);
  }

  @Test
  void requiredScoreIsLowestThresholdThatIsOn() {
    assertThat(policy(null, null, 3.0, 15.0).requiredScore()).isEqualTo(3.0);
  }

  @Test
  void requiredScoreIsZeroWhenAllOff() {
    assertThat(policy(null, null, null, null).requiredScore()).isEqualTo(0.0);
  }

  @Test
  void requiredScoreKeepsNegativeThreshold() {
    assertThat(policy(-2.0, null, null, null).requiredScore()).isEqualTo(-2.0);
  }

  @Test
  void constructorRejectsNullThreshold() {
    assertThatNullPointerException()
        .isThrownBy(
            () ->
                new Policy(
                    "default",
                    null,
                    OptionalDouble.empty(),
                    OptionalDouble.empty(),
                    OptionalDouble.empty()))
        .withMessageContaining("tag");
  }

  /** Builds a policy named {@code test}. A null threshold is off. */
  private static Policy policy(Double tag, Double quarantine, Double tempfail, Double reject) {
    return new Policy(
        "test", threshold(tag), threshold(quarantine), threshold(tempfail), threshold(reject));
  }

  private static OptionalDouble threshold(Double value) {
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }
}
