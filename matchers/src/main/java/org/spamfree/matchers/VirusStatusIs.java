package org.spamfree.matchers;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.mail.MessagingException;
import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.spamfree.core.clamav.VirusAttributes;
import org.spamfree.core.clamav.VirusStatus;

/**
 * Matches every recipient when the virus scan's status is one of the listed ones: {@code
 * match="org.spamfree.matchers.VirusStatusIs=INFECTED"}. Statuses are CLEAN, INFECTED and
 * UNSCANNED; a mail that was never scanned has no status and never matches.
 */
public class VirusStatusIs extends GenericMatcher {

  private Set<VirusStatus> statuses;

  @Override
  public void init() throws MessagingException {
    String condition = getCondition();
    if (condition == null || condition.isBlank()) {
      throw new MessagingException(
          "VirusStatusIs needs a condition: one or more of CLEAN, INFECTED, UNSCANNED");
    }
    Set<VirusStatus> parsed = EnumSet.noneOf(VirusStatus.class);
    for (String name : condition.split(",")) {
      String trimmed = name.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      try {
        parsed.add(VirusStatus.valueOf(trimmed.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new MessagingException(
            "VirusStatusIs: invalid status '"
                + trimmed
                + "'. Expected one or more of "
                + Arrays.toString(VirusStatus.values()));
      }
    }
    statuses = Set.copyOf(parsed);
  }

  @Override
  public Collection<MailAddress> match(Mail mail) {
    boolean matches =
        mail.getAttribute(AttributeName.of(VirusAttributes.STATUS))
            .flatMap(attribute -> attribute.getValue().valueAs(String.class))
            .filter(name -> statuses.stream().anyMatch(status -> status.name().equals(name)))
            .isPresent();
    return matches ? mail.getRecipients() : List.of();
  }
}
