package org.spamfree.core.verdict;

import java.util.List;
import java.util.stream.Collectors;

/** The sum of the scores of one transaction's symbols, with the symbols that made it. */
public record Verdict(double score, List<ScoredSymbol> symbols) {

  public Verdict {
    symbols = List.copyOf(symbols);
  }

  public List<String> symbolNames() {
    return symbols.stream().map(ScoredSymbol::name).toList();
  }

  /** Returns the symbol names joined by commas, as in SpamAssassin's {@code tests=} field. */
  public String symbolList() {
    return symbols.stream().map(ScoredSymbol::name).collect(Collectors.joining(","));
  }
}
