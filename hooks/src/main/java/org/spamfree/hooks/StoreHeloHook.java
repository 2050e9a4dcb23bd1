package org.spamfree.hooks;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.inject.Inject;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HeloHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.spamfree.core.config.SpamfreeSettings;
import org.spamfree.core.store.HeloHistoryCheck;
import org.spamfree.core.store.ReputationService;
import org.spamfree.core.store.StoreResult;
import org.spamfree.core.store.StoreSymbols;
import org.spamfree.core.verdict.Symbol;

/**
 * Records the HELO or EHLO name of the client's address in the store and scores the number of
 * distinct names that address presented within {@code helo.history.window}, over every node of the
 * store. The lookup runs while the client goes on; its symbol joins the verdict. It never refuses
 * the command. Clients that may relay are not recorded.
 */
public class StoreHeloHook implements HeloHook {

  private static final String CHECK = "helo-history";

  private final SpamfreeSettings settings;
  private final ReputationService store;

  @Inject
  public StoreHeloHook(SpamfreeSettings settings, ReputationService store) {
    this.settings = settings;
    this.store = store;
  }

  @Override
  public HookResult doHelo(SMTPSession session, String helo) {
    if (Clients.isRelayClient(session)) {
      return HookResult.DECLINED;
    }
    String address = StoreSession.address(session);
    String name = helo.trim().toLowerCase(Locale.ROOT);
    store.recordHelo(address, name);
    if (!settings.store().heloHistoryEnabled()) {
      return HookResult.DECLINED;
    }
    CompletableFuture<List<Symbol>> symbols =
        store.heloNames(address).thenApply(result -> symbols(result, name));
    SessionSymbols.setPending(session, CHECK, symbols);
    return HookResult.DECLINED;
  }

  private List<Symbol> symbols(StoreResult<Set<String>> result, String current) {
    if (result.failure().isPresent()) {
      return List.of(
          new Symbol(
              StoreSymbols.IP_HELO_NAMES_FAIL,
              "HELO history not available: " + result.failure().get()));
    }
    Set<String> names = new HashSet<>(result.value().orElse(Set.of()));
    names.add(current);
    return HeloHistoryCheck.symbols(names, settings.store().heloHistoryWindow());
  }
}
