package org.spamfree.matchers;

import java.util.Collection;
import javax.inject.Inject;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.spamfree.core.config.SpamfreeSettings;

/**
 * Matches the recipients that are spam traps ({@code trap.domains}, {@code trap.addresses}), so
 * their copy goes to the trap repository and never reaches a user; James splits a message whose
 * other recipients go on.
 */
public class RecipientIsTrap extends GenericMatcher {

  private final SpamfreeSettings settings;

  @Inject
  public RecipientIsTrap(SpamfreeSettings settings) {
    this.settings = settings;
  }

  @Override
  public Collection<MailAddress> match(Mail mail) {
    return mail.getRecipients().stream()
        .filter(recipient -> settings.store().isTrap(recipient.asString()))
        .toList();
  }
}
