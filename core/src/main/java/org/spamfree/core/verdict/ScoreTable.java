package org.spamfree.core.verdict;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Scores of every known symbol. Each check declares its symbols with a default score in {@link
 * DefaultScores}; {@code score.SYMBOL} keys in {@code spamfree.properties} replace them.
 */
public final class ScoreTable {

  private final Map<String, Double> scores;

  public ScoreTable(Map<String, Double> scores) {
    this.scores = Map.copyOf(Objects.requireNonNull(scores, "scores must not be null"));
  }

  /** Returns the table of default scores with the given overrides applied. */
  public static ScoreTable withOverrides(Map<String, Double> overrides) {
    return withOverrides(Map.of(), overrides);
  }

  /**
   * Returns the table of default scores, plus the symbols that the configuration defines (such as
   * DNS list symbols) with their defaults, with the given overrides applied.
   */
  public static ScoreTable withOverrides(
      Map<String, Double> configuredDefaults, Map<String, Double> overrides) {
    Map<String, Double> merged = new TreeMap<>(DefaultScores.ALL);
    merged.putAll(configuredDefaults);
    merged.putAll(overrides);
    return new ScoreTable(merged);
  }

  /**
   * Returns the score of a symbol.
   *
   * @throws IllegalArgumentException when no score is known for the name, which means a check emits
   *     a symbol that {@link DefaultScores} does not declare
   */
  public double scoreOf(String symbolName) {
    Double score = scores.get(symbolName);
    if (score == null) {
      throw new IllegalArgumentException("No score is defined for symbol " + symbolName);
    }
    return score;
  }

  public ScoredSymbol score(Symbol symbol) {
    return new ScoredSymbol(symbol, scoreOf(symbol.name()));
  }

  /** Returns all scores sorted by symbol name, for the start-up log and documentation. */
  public Map<String, Double> asMap() {
    return new TreeMap<>(scores);
  }
}
