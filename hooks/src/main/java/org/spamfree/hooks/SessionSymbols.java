package org.spamfree.hooks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.spamfree.core.dns.ReverseDnsCheck;
import org.spamfree.core.dnsbl.ListingReasons;
import org.spamfree.core.verdict.Symbol;

/**
 * Symbols collected in the SMTP session. Connection symbols (CONNECT, HELO) last for the whole
 * connection, one list per check so that a second HELO replaces only the HELO check's symbols.
 * Pending symbols are lookups started at CONNECT that complete later. Transaction symbols (MAIL,
 * RCPT) are cleared by James at RSET and after each message.
 */
final class SessionSymbols {

  /** Connection symbols by check, in a mutable holder with a concrete type for James. */
  static final class ConnectionState {
    private final Map<String, List<Symbol>> byCheck = new LinkedHashMap<>();
    private final Map<String, CompletableFuture<List<Symbol>>> pending = new LinkedHashMap<>();
    private CompletableFuture<ReverseDnsCheck.Result> reverseDns;
    private final ListingReasons listingReasons = new ListingReasons();
  }

  /** Transaction symbols and lookups, in a mutable holder with a concrete type for James. */
  static final class SymbolList {
    private final List<Symbol> symbols = new ArrayList<>();
    private final List<CompletableFuture<List<Symbol>>> pending = new ArrayList<>();
  }

  private static final AttachmentKey<ConnectionState> CONNECTION =
      AttachmentKey.of("org.spamfree.connectionSymbols", ConnectionState.class);
  private static final AttachmentKey<SymbolList> TRANSACTION =
      AttachmentKey.of("org.spamfree.transactionSymbols", SymbolList.class);

  private SessionSymbols() {}

  /** Replaces the symbols of one connection-level check, as a second HELO replaces the first. */
  static void replaceConnectionSymbols(SMTPSession session, String check, List<Symbol> symbols) {
    connection(session).byCheck.put(check, List.copyOf(symbols));
  }

  /**
   * Sets the lookup of one check whose symbols join the verdict when it completes, replacing an
   * earlier one of the same check (a second HELO replaces the first HELO's lookups).
   */
  static void setPending(
      SMTPSession session, String check, CompletableFuture<List<Symbol>> symbols) {
    connection(session).pending.put(check, symbols);
  }

  /** Keeps the connection's reverse-DNS lookups, which the HELO check compares with. */
  static void setReverseDns(SMTPSession session, CompletableFuture<ReverseDnsCheck.Result> result) {
    connection(session).reverseDns = result;
  }

  /** Returns the connection's reverse-DNS lookups, when the check runs for this client. */
  static java.util.Optional<CompletableFuture<ReverseDnsCheck.Result>> reverseDns(
      SMTPSession session) {
    return session.getAttachment(CONNECTION, State.Connection).map(state -> state.reverseDns);
  }

  /** Returns the TXT reasons of the DNS list entries this connection met, for reject texts. */
  static ListingReasons listingReasons(SMTPSession session) {
    return connection(session).listingReasons;
  }

  static void addTransactionSymbol(SMTPSession session, Symbol symbol) {
    transaction(session).symbols.add(symbol);
  }

  /** Adds a lookup of this transaction (such as the sender domain's) for the verdict. */
  static void addTransactionPending(SMTPSession session, CompletableFuture<List<Symbol>> symbols) {
    transaction(session).pending.add(symbols);
  }

  private static SymbolList transaction(SMTPSession session) {
    return session
        .getAttachment(TRANSACTION, State.Transaction)
        .orElseGet(
            () -> {
              SymbolList created = new SymbolList();
              session.setAttachment(TRANSACTION, created, State.Transaction);
              return created;
            });
  }

  /**
   * Returns the connection symbols, then those of the pending lookups, then the transaction
   * symbols. Waits for pending lookups, which complete by their own deadline.
   *
   * <p>NOTE: the wait happens on the SMTP thread at the end of DATA. Lookups started at CONNECT are
   * usually done by then; a slow DNS server can hold the thread up to {@code dnsbl.deadline} or
   * {@code dns.deadline}.
   */
  static List<Symbol> all(SMTPSession session) {
    List<Symbol> all = new ArrayList<>();
    session
        .getAttachment(CONNECTION, State.Connection)
        .ifPresent(
            state -> {
              state.byCheck.values().forEach(all::addAll);
              state.pending.values().forEach(pending -> all.addAll(pending.join()));
            });
    session
        .getAttachment(TRANSACTION, State.Transaction)
        .ifPresent(
            list -> {
              all.addAll(list.symbols);
              list.pending.forEach(pending -> all.addAll(pending.join()));
            });
    return all;
  }

  private static ConnectionState connection(SMTPSession session) {
    return session
        .getAttachment(CONNECTION, State.Connection)
        .orElseGet(
            () -> {
              ConnectionState created = new ConnectionState();
              session.setAttachment(CONNECTION, created, State.Connection);
              return created;
            });
  }
}
