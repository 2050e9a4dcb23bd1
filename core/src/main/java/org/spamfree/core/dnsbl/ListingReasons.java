package org.spamfree.core.dnsbl;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.spamfree.core.verdict.Symbol;

/**
 * The TXT reasons of the listings one SMTP connection met, by listing symbol.
 *
 * <p>A listing's symbol is ready as soon as its zone responds to the A query. The TXT query for the
 * reason starts then and runs in the background, so it does not hold up the check. Only a reject
 * text uses the reason, and by the end of DATA the TXT response has usually arrived. Only listings
 * are looked up, never clean clients, so the queries a list operator counts grow by one per
 * listing, as with James's own {@code DNSRBLHandler}.
 */
public final class ListingReasons {

  /**
   * Maximum number of listings kept per connection. Each transaction can add the listings of its
   * sender domain, so a connection with thousands of transactions would otherwise grow unbounded.
   */
  static final int MAX_ENTRIES = 256;

  private final Map<Symbol, CompletableFuture<Optional<String>>> reasons =
      new ConcurrentHashMap<>();

  void put(Symbol symbol, CompletableFuture<Optional<String>> reason) {
    if (reasons.size() < MAX_ENTRIES) {
      reasons.putIfAbsent(symbol, reason);
    }
  }

  /**
   * Returns the TXT reason of a listing symbol, waiting up to {@code wait} for the TXT response.
   * Empty for a symbol that is not a listing, a listing without TXT record, a failed TXT lookup, or
   * a lookup that has not completed in time.
   */
  public Optional<String> reasonOf(Symbol symbol, Duration wait) {
    CompletableFuture<Optional<String>> reason = reasons.get(symbol);
    if (reason == null) {
      return Optional.empty();
    }
    try {
      return reason.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException | TimeoutException e) {
      return Optional.empty();
    }
  }
}
