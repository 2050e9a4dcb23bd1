package org.spamfree.core.verdict;

/** A {@link Symbol} with the score that the {@link ScoreTable} gave it. */
public record ScoredSymbol(Symbol symbol, double score) {

  public String name() {
    return symbol.name();
  }
}
