package org.spamfree.core.spf;

import java.util.ArrayList;
import java.util.List;
import org.spamfree.core.verdict.Symbol;

/**
 * Symbols of the SPF check, one per result and identity, with their default scores in {@link
 * org.spamfree.core.verdict.DefaultScores}. A failed lookup (temperror) scores 0, like every DNS
 * failure. A fail of MAIL FROM tags a message by default but does not reject it alone; a protected
 * domain that wants SPF fail refused sets {@code domain.NAME.spf.fail = reject}.
 */
public final class SpfSymbols {

  public static final String SPF_PASS = "SPF_PASS";
  public static final String SPF_FAIL = "SPF_FAIL";
  public static final String SPF_SOFTFAIL = "SPF_SOFTFAIL";
  public static final String SPF_NEUTRAL = "SPF_NEUTRAL";
  public static final String SPF_NONE = "SPF_NONE";
  public static final String SPF_TEMPERROR = "SPF_TEMPERROR";
  public static final String SPF_PERMERROR = "SPF_PERMERROR";
  public static final String SPF_HELO_PASS = "SPF_HELO_PASS";
  public static final String SPF_HELO_FAIL = "SPF_HELO_FAIL";
  public static final String SPF_HELO_SOFTFAIL = "SPF_HELO_SOFTFAIL";
  public static final String SPF_HELO_NEUTRAL = "SPF_HELO_NEUTRAL";
  public static final String SPF_HELO_NONE = "SPF_HELO_NONE";
  public static final String SPF_HELO_TEMPERROR = "SPF_HELO_TEMPERROR";
  public static final String SPF_HELO_PERMERROR = "SPF_HELO_PERMERROR";

  private SpfSymbols() {}

  /** Returns the symbols of a transaction's checks: the MAIL FROM one, then the HELO one. */
  public static List<Symbol> symbols(SpfOutcome outcome) {
    List<Symbol> symbols = new ArrayList<>(2);
    symbols.add(symbol("SPF_", outcome.mailFrom()));
    outcome.helo().ifPresent(helo -> symbols.add(symbol("SPF_HELO_", helo)));
    return symbols;
  }

  private static Symbol symbol(String prefix, SpfEvaluation evaluation) {
    String name = prefix + evaluation.result().name();
    String reason =
        "SPF "
            + evaluation.result().word()
            + " for "
            + (evaluation.domain().isEmpty() ? "no domain" : evaluation.domain())
            + evaluation.problem().map(problem -> ": " + problem).orElse("");
    return new Symbol(name, reason);
  }
}
