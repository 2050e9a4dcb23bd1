package org.spamfree.hooks;

import java.net.InetAddress;
import java.util.List;
import javax.inject.Inject;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spamfree.core.config.CidrRange;
import org.spamfree.core.config.SpamfreeSettings;
import org.spamfree.core.dnsbl.DnsblChecker;
import org.spamfree.core.verdict.DefaultScores;
import org.spamfree.core.verdict.Symbol;

/**
 * Starts the DNS list lookups of the client address when it connects, so they run while the client
 * sends HELO, MAIL and RCPT; the verdict at the end of DATA waits for them until {@code
 * dnsbl.deadline}. All zones are queried in parallel. Clients in {@code allowlist.networks} get
 * {@code LOCAL_ALLOWLIST} instead, and clients that may relay are not checked.
 *
 * <p>It never replies itself. With James's JMX statistics on, a connect handler that returns no
 * response makes James answer 451, so the handler chain needs {@code enableJmx="false"}.
 */
public class DnsListConnectHandler implements ConnectHandler<SMTPSession> {

  private static final Logger LOGGER = LoggerFactory.getLogger(DnsListConnectHandler.class);
  private static final String CHECK = "allowlist";

  private final SpamfreeSettings settings;
  private final DnsblChecker checker;

  @Inject
  public DnsListConnectHandler(SpamfreeSettings settings, DnsblChecker checker) {
    this.settings = settings;
    this.checker = checker;
  }

  @Override
  public Response onConnect(SMTPSession session) {
    if (session.isRelayingAllowed()) {
      return null;
    }
    InetAddress remote = session.getRemoteAddress().getAddress();
    for (CidrRange network : settings.allowlistNetworks()) {
      if (network.contains(remote)) {
        SessionSymbols.replaceConnectionSymbols(
            session,
            CHECK,
            List.of(
                new Symbol(
                    DefaultScores.LOCAL_ALLOWLIST, "client in allowlist network " + network)));
        LOGGER.debug("Client {} is in allowlist network {}; DNS lists skipped", remote, network);
        return null;
      }
    }
    if (!settings.dnsLists().isEmpty()) {
      SessionSymbols.addPending(
          session, checker.symbolsForAddress(remote, settings.dnsListDeadline()));
    }
    return null;
  }
}
