package org.spamfree.core.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spamfree.core.config.SettingsParser;

class ScoreTableTest {

  @Test
  void withoutOverridesEqualsDefaults() {
    assertThat(ScoreTable.withOverrides(Map.of()).asMap()).isEqualTo(DefaultScores.ALL);
  }

  @Test
  void overrideReplacesDefault() {
    ScoreTable table = ScoreTable.withOverrides(Map.of("HELO_BARE_IP", 4.0));

    assertThat(table.scoreOf("HELO_BARE_IP")).isEqualTo(4.0);
  }

  @Test
  void overrideKeepsOtherDefaults() {
    ScoreTable table = ScoreTable.withOverrides(Map.of("HELO_BARE_IP", 4.0));

    assertThat(table.scoreOf("HELO_MISSING")).isEqualTo(DefaultScores.ALL.get("HELO_MISSING"));
  }

  @Test
  void scoreOfRejectsUnknownSymbol() {
    ScoreTable table = ScoreTable.withOverrides(Map.of());

    assertThatIllegalArgumentException()
        .isThrownBy(() -> table.scoreOf("NOT_DECLARED"))
        .withMessageContaining("NOT_DECLARED");
  }

  @Test
  void scorePairsSymbolWithScore() {
    Symbol symbol = new Symbol("HELO_LOCALHOST", "localhost");

    ScoredSymbol scored = ScoreTable.withOverrides(Map.of()).score(symbol);

    assertThat(scored.symbol()).isEqualTo(symbol);
    assertThat(scored.score()).isEqualTo(2.5);
  }

  @Test
  void asMapIsSortedByName() {
    Map<String, Double> scores = new ScoreTable(Map.of("B", 1.0, "A", 2.0, "C", 3.0)).asMap();

    assertThat(scores.keySet()).containsExactly("A", "B", "C");
  }

  @Test
  void constructorCopiesScores() {
    Map<String, Double> scores = new HashMap<>(Map.of("A", 1.0));
    ScoreTable table = new ScoreTable(scores);

    scores.put("A", 9.0);

    assertThat(table.scoreOf("A")).isEqualTo(1.0);
  }

  @Test
  void asMapReturnsCopy() {
    ScoreTable table = new ScoreTable(Map.of("A", 1.0));

    table.asMap().put("A", 9.0);

    assertThat(table.scoreOf("A")).isEqualTo(1.0);
  }

  @Test
  void heloScoresCannotRejectAlone() {
    // DefaultScores keeps HELO evidence from rejecting a message alone, so even every HELO
    // symbol at once must stay below the default reject threshold.
    double total =
        DefaultScores.ALL.entrySet().stream()
            .filter(entry -> entry.getKey().startsWith("HELO_"))
            .mapToDouble(Map.Entry::getValue)
            .sum();

    assertThat(total).isLessThan(SettingsParser.DEFAULT_REJECT);
  }
}
