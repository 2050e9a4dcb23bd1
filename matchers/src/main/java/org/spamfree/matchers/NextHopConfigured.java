package org.spamfree.matchers;

import java.util.Collection;
import java.util.List;
import javax.inject.Inject;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.spamfree.core.config.SpamfreeSettings;

/**
 * Matches every recipient when a next hop is configured ({@code next.hop} or {@code
 * SPAMFREE_NEXT_HOP}), so one {@code mailetcontainer.xml} serves both the relaying gateway and the
 * local-mailbox demo.
 */
public class NextHopConfigured extends GenericMatcher {

  private final SpamfreeSettings settings;

  @Inject
  public NextHopConfigured(SpamfreeSettings settings) {
    this.settings = settings;
  }

  @Override
  public Collection<MailAddress> match(Mail mail) {
    return settings.nextHop().isPresent() ? mail.getRecipients() : List.of();
  }
}
