package org.spamfree.core.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfilerTest {

  private final Profiler defaults = new Profiler(ScoreTable.withOverrides(Map.of()));

  @Test
  void profileSumsScores() {
    Verdict verdict =
        defaults.profile(
            List.of(new Symbol("HELO_BARE_IP", "bare IP"), new Symbol("HELO_LOCALHOST", "local")));

    assertThat(verdict.score()).isEqualTo(4.5);
  }

  @Test
  void profileCountsDuplicateSymbolOnce() {
    Verdict verdict =
        defaults.profile(
            List.of(
                new Symbol("HELO_BARE_IP", "first HELO"),
                new Symbol("HELO_LOCALHOST", "local"),
                new Symbol("HELO_BARE_IP", "second HELO")));

    assertThat(verdict.score()).isEqualTo(4.5);
    assertThat(verdict.symbolNames()).containsExactly("HELO_BARE_IP", "HELO_LOCALHOST");
  }

  @Test
  void profileKeepsReasonOfFirstDuplicate() {
    Verdict verdict =
        defaults.profile(
            List.of(
                new Symbol("HELO_BARE_IP", "first HELO"),
                new Symbol("HELO_BARE_IP", "second HELO")));

    assertThat(verdict.symbols().get(0).symbol().reason()).isEqualTo("first HELO");
  }

  @Test
  void profileKeepsSymbolOrder() {
    Verdict verdict =
        defaults.profile(
            List.of(
                new Symbol("HELO_MISSING", "no HELO"),
                new Symbol("HELO_BARE_IP", "bare IP"),
                new Symbol("HELO_CLAIMS_LOCAL", "local name")));

    assertThat(verdict.symbolList()).isEqualTo("HELO_MISSING,HELO_BARE_IP,HELO_CLAIMS_LOCAL");
  }

  @Test
  void profileRejectsUnknownSymbol() {
    List<Symbol> symbols = List.of(new Symbol("NOT_DECLARED", "unknown check"));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> defaults.profile(symbols))
        .withMessageContaining("NOT_DECLARED");
  }

  @Test
  void profileRoundsSumToThousandths() {
    Profiler profiler = new Profiler(new ScoreTable(Map.of("FIRST", 0.1, "SECOND", 0.2)));

    Verdict verdict =
        profiler.profile(List.of(new Symbol("FIRST", "0.1"), new Symbol("SECOND", "0.2")));

    assertThat(verdict.score()).isEqualTo(0.3);
  }

  @Test
  void profileAddsNegativeScores() {
    Profiler profiler = new Profiler(new ScoreTable(Map.of("GOOD", -1.5, "BAD", 1.0)));

    Verdict verdict = profiler.profile(List.of(new Symbol("GOOD", "g"), new Symbol("BAD", "b")));

    assertThat(verdict.score()).isEqualTo(-0.5);
  }

  @Test
  void profileWithoutSymbolsIsZero() {
    Verdict verdict = defaults.profile(List.of());

    assertThat(verdict.score()).isEqualTo(0.0);
    assertThat(verdict.symbolList()).isEmpty();
  }

  @Test
  void symbolRejectsLowerCaseName() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Symbol("helo_bare_ip", "reason"))
        .withMessageContaining("'helo_bare_ip'");
  }
}
