package org.spamfree.hooks;

import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.api.RecipientRewriteTableException;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.utils.UserDefinedStartable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spamfree.core.config.SpamfreeSettings;

/**
 * Adds the protected domains to James's domain list at start, so James's own relay check accepts
 * them, and creates the {@code local.user.*} users and the postmaster aliases when mail is
 * delivered to local mailboxes. Named in {@code extensions.properties} as {@code
 * guice.extension.startable}.
 */
public class ProtectedDomainsStartable implements UserDefinedStartable {

  private static final Logger LOGGER = LoggerFactory.getLogger(ProtectedDomainsStartable.class);

  private final SpamfreeSettings settings;
  private final DomainList domains;
  private final UsersRepository users;
  private final RecipientRewriteTable rewriteTable;

  @Inject
  public ProtectedDomainsStartable(
      SpamfreeSettings settings,
      DomainList domains,
      UsersRepository users,
      RecipientRewriteTable rewriteTable) {
    this.settings = settings;
    this.domains = domains;
    this.users = users;
    this.rewriteTable = rewriteTable;
  }

  /**
   * Delivers mail for {@code postmaster} of each protected domain (RFC 5321 §4.5.1) to a local user
   * of that domain, or else to the first local user, through James's recipient rewrite table.
   * Without any local user such mail cannot be delivered, so the RCPT hook refuses it.
   */
  private void mapPostmasters() throws UsersRepositoryException, RecipientRewriteTableException {
    for (String domain : settings.protectedDomains().keySet()) {
      if (users.contains(Username.of("postmaster@" + domain))) {
        continue;
      }
      Optional<String> target = PostmasterTarget.of(settings, domain);
      if (target.isEmpty()) {
        LOGGER.warn(
            "No local user to receive mail for postmaster@{}; it is refused at RCPT. Add a"
                + " local.user.* line to spamfree.properties",
            domain);
        continue;
      }
      rewriteTable.addAddressMapping(MappingSource.fromUser("postmaster", domain), target.get());
      LOGGER.info("Mail for postmaster@{} goes to {}", domain, target.get());
    }
  }

  @Override
  public void start() {
    try {
      for (String name : settings.protectedDomains().keySet()) {
        Domain domain = Domain.of(name);
        if (!domains.containsDomain(domain)) {
          domains.addDomain(domain);
          LOGGER.info("Added protected domain {} to James's domain list", name);
        }
      }
      if (settings.nextHop().isPresent()) {
        if (!settings.localUsers().isEmpty()) {
          LOGGER.info(
              "Not creating local users {}: mail is relayed to the next hop {}",
              settings.localUsers().keySet(),
              settings.nextHop().get());
        }
        return;
      }
      LOGGER.warn(
          "No next hop (next.hop or SPAMFREE_NEXT_HOP): accepted mail goes to local James"
              + " mailboxes, which the distribution keeps in memory and loses at stop");
      for (Map.Entry<String, String> user : settings.localUsers().entrySet()) {
        Username username = Username.of(user.getKey());
        if (!users.contains(username)) {
          users.addUser(username, user.getValue());
          LOGGER.info("Created local user {}", user.getKey());
        }
      }
      mapPostmasters();
    } catch (DomainListException | UsersRepositoryException | RecipientRewriteTableException e) {
      throw new IllegalStateException("Cannot set up the protected domains and local users", e);
    }
  }
}
