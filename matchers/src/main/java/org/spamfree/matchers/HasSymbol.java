package org.spamfree.matchers;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.mail.MessagingException;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

/**
 * Matches every recipient when the verdict holds at least one of the listed symbols: {@code
 * match="org.spamfree.matchers.HasSymbol=HELO_BARE_IP,HELO_LOCALHOST"}.
 */
public class HasSymbol extends GenericMatcher {

  private Set<String> symbols;

  @Override
  public void init() throws MessagingException {
    String condition = getCondition();
    if (condition == null || condition.isBlank()) {
      throw new MessagingException(
          "HasSymbol needs a condition: one or more symbol names such as HELO_BARE_IP");
    }
    symbols =
        Arrays.stream(condition.split(","))
            .map(String::trim)
            .filter(name -> !name.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public Collection<MailAddress> match(Mail mail) {
    boolean found = Verdicts.symbols(mail).stream().anyMatch(symbols::contains);
    return found ? mail.getRecipients() : List.of();
  }
}
