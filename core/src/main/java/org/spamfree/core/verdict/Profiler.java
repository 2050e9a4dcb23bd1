package org.spamfree.core.verdict;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds the scores of one transaction's symbols into a {@link Verdict}. A symbol name that occurs
 * more than once counts once (the first occurrence keeps its reason), so a check that runs twice,
 * for example after a second HELO, cannot double its weight.
 */
public final class Profiler {

  private final ScoreTable scores;

  public Profiler(ScoreTable scores) {
    this.scores = scores;
  }

  public Verdict profile(Collection<Symbol> symbols) {
    Map<String, Symbol> unique = new LinkedHashMap<>();
    for (Symbol symbol : symbols) {
      unique.putIfAbsent(symbol.name(), symbol);
    }

    List<ScoredSymbol> scored = new ArrayList<>(unique.size());
    double total = 0;
    for (Symbol symbol : unique.values()) {
      ScoredSymbol scoredSymbol = scores.score(symbol);
      scored.add(scoredSymbol);
      total += scoredSymbol.score();
    }
    // Round to 1/1000 so sums such as 0.1 + 0.2 print and compare as administrators expect.
    return new Verdict(Math.round(total * 1000.0) / 1000.0, scored);
  }
}
