package org.spamfree.hooks;

import java.util.ArrayList;
import java.util.List;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.spamfree.core.verdict.Symbol;

/**
 * Symbols collected in the SMTP session. Connection symbols (HELO) last for the whole connection;
 * transaction symbols (MAIL, RCPT) are cleared by James at RSET and after each message.
 */
final class SessionSymbols {

  /** Wraps the list so the attachment key has a concrete type that James can check. */
  static final class SymbolList {
    private final List<Symbol> symbols = new ArrayList<>();

    List<Symbol> symbols() {
      return symbols;
    }
  }

  private static final AttachmentKey<SymbolList> CONNECTION =
      AttachmentKey.of("org.spamfree.connectionSymbols", SymbolList.class);
  private static final AttachmentKey<SymbolList> TRANSACTION =
      AttachmentKey.of("org.spamfree.transactionSymbols", SymbolList.class);

  private SessionSymbols() {}

  /** Replaces the connection symbols, as a second HELO replaces what the first one found. */
  static void replaceConnectionSymbols(SMTPSession session, List<Symbol> symbols) {
    SymbolList list = new SymbolList();
    list.symbols().addAll(symbols);
    session.setAttachment(CONNECTION, list, State.Connection);
  }

  static void addTransactionSymbol(SMTPSession session, Symbol symbol) {
    SymbolList list =
        session
            .getAttachment(TRANSACTION, State.Transaction)
            .orElseGet(
                () -> {
                  SymbolList created = new SymbolList();
                  session.setAttachment(TRANSACTION, created, State.Transaction);
                  return created;
                });
    list.symbols().add(symbol);
  }

  /** Returns the connection symbols followed by the transaction symbols. */
  static List<Symbol> all(SMTPSession session) {
    List<Symbol> all = new ArrayList<>();
    session
        .getAttachment(CONNECTION, State.Connection)
        .ifPresent(list -> all.addAll(list.symbols()));
    session
        .getAttachment(TRANSACTION, State.Transaction)
        .ifPresent(list -> all.addAll(list.symbols()));
    return all;
  }
}
