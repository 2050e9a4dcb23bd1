package org.spamfree.core.store;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.spamfree.core.verdict.Symbol;

/**
 * Scores a client by the number of distinct HELO names its address presented within the window, the
 * current one included. One symbol per tier, so the score grows with the count: a mail server keeps
 * one name (two during a rename), while bots often rotate a new random name per connection.
 */
public final class HeloHistoryCheck {

  private HeloHistoryCheck() {}

  /** Returns the symbol of the highest tier reached, or none below 3 names. */
  public static List<Symbol> symbols(Collection<String> names, Duration window) {
    Set<String> distinct = new TreeSet<>();
    names.forEach(name -> distinct.add(name.toLowerCase(Locale.ROOT)));
    int count = distinct.size();
    String symbol;
    if (count >= 10) {
      symbol = StoreSymbols.IP_HELO_NAMES_10;
    } else if (count >= 5) {
      symbol = StoreSymbols.IP_HELO_NAMES_5;
    } else if (count >= 3) {
      symbol = StoreSymbols.IP_HELO_NAMES_3;
    } else {
      return List.of();
    }
    return List.of(
        new Symbol(
            symbol, count + " distinct HELO names in the last " + window.toHours() + " hours"));
  }
}
