package org.spamfree.hooks;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.spamfree.core.net.IpAddresses;
import org.spamfree.core.store.BlocklistEntry;
import org.spamfree.core.store.StoreResult;
import org.spamfree.core.store.StoreSymbols;
import org.spamfree.core.verdict.Symbol;

/** Session state of the store checks: the blocklist lookup that CONNECT starts for MAIL. */
final class StoreSession {

  /** The blocklist lookup of a connection, in a holder with a concrete type for James. */
  static final class BlocklistLookup {
    final CompletableFuture<StoreResult<Optional<BlocklistEntry>>> result;

    BlocklistLookup(CompletableFuture<StoreResult<Optional<BlocklistEntry>>> result) {
      this.result = result;
    }
  }

  private static final AttachmentKey<BlocklistLookup> BLOCKLIST =
      AttachmentKey.of("org.spamfree.blocklistLookup", BlocklistLookup.class);

  private StoreSession() {}

  static void setBlocklistLookup(
      SMTPSession session, CompletableFuture<StoreResult<Optional<BlocklistEntry>>> result) {
    session.setAttachment(BLOCKLIST, new BlocklistLookup(result), State.Connection);
  }

  static Optional<CompletableFuture<StoreResult<Optional<BlocklistEntry>>>> blocklistLookup(
      SMTPSession session) {
    return session.getAttachment(BLOCKLIST, State.Connection).map(lookup -> lookup.result);
  }

  /** Returns the client address in the canonical text form that the store keys rows by. */
  static String address(SMTPSession session) {
    return IpAddresses.canonical(session.getRemoteAddress().getAddress()).getHostAddress();
  }

  /** Turns a blocklist lookup into {@code LOCAL_BLOCKLIST} or its failure symbol. */
  static List<Symbol> blocklistSymbols(StoreResult<Optional<BlocklistEntry>> result) {
    if (result.failure().isPresent()) {
      return List.of(
          new Symbol(
              StoreSymbols.LOCAL_BLOCKLIST_FAIL,
              "local blocklist not available: " + result.failure().get()));
    }
    return result
        .value()
        .flatMap(entry -> entry)
        .map(
            entry ->
                List.of(
                    new Symbol(
                        StoreSymbols.LOCAL_BLOCKLIST,
                        "on the local blocklist until "
                            + entry.expiresAt()
                            + ": "
                            + entry.reason())))
        .orElse(List.of());
  }
}
