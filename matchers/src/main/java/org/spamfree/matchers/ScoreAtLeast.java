package org.spamfree.matchers;

import java.util.Collection;
import java.util.List;
import javax.mail.MessagingException;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

/**
 * Matches every recipient when the Spamfree score is greater than or equal to the condition, as the
 * policy thresholds do: {@code match="org.spamfree.matchers.ScoreAtLeast=7.5"}.
 */
public class ScoreAtLeast extends GenericMatcher {

  private double threshold;

  @Override
  public void init() throws MessagingException {
    String condition = getCondition();
    try {
      threshold = Double.parseDouble(condition == null ? "" : condition.trim());
    } catch (NumberFormatException e) {
      threshold = Double.NaN;
    }
    if (!Double.isFinite(threshold)) {
      throw new MessagingException(
          "Invalid ScoreAtLeast condition '" + condition + "': expected a number such as 7.5");
    }
  }

  @Override
  public Collection<MailAddress> match(Mail mail) {
    return Verdicts.score(mail)
        .filter(score -> score >= threshold)
        .map(score -> (Collection<MailAddress>) mail.getRecipients())
        .orElse(List.of());
  }
}
