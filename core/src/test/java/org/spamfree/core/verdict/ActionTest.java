package org.spamfree.core.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ActionTest {

  @ParameterizedTest(name = "{0} and {1} -> {2}")
  @CsvSource({
    "ACCEPT, REJECT, ACCEPT",
    "REJECT, ACCEPT, ACCEPT",
    "TAG, QUARANTINE, TAG",
    "QUARANTINE, TEMPFAIL, QUARANTINE",
    "TEMPFAIL, REJECT, TEMPFAIL",
    "REJECT, TEMPFAIL, TEMPFAIL",
    "REJECT, REJECT, REJECT",
  })
  void mildestPicksLowerOrdinal(Action first, Action second, Action expected) {
    assertThat(Action.mildest(first, second)).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(Action.class)
  void mildestIsSymmetric(Action action) {
    for (Action other : Action.values()) {
      assertThat(Action.mildest(action, other))
          .as("mildest(%s, %s)", action, other)
          .isEqualTo(Action.mildest(other, action));
    }
  }

  @Test
  void orderRunsFromMildestToHardest() {
    assertThat(Action.values())
        .containsExactly(
            Action.ACCEPT, Action.TAG, Action.QUARANTINE, Action.TEMPFAIL, Action.REJECT);
  }

  @ParameterizedTest
  @EnumSource(
      value = Action.class,
      names = {"ACCEPT", "TAG", "QUARANTINE"})
  void acceptedAtSmtp(Action action) {
    assertThat(action.isAcceptedAtSmtp()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = Action.class,
      names = {"TEMPFAIL", "REJECT"})
  void notAcceptedAtSmtp(Action action) {
    assertThat(action.isAcceptedAtSmtp()).isFalse();
  }
}
