package org.spamfree.matchers;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.spamfree.core.verdict.MailAttributes;

/** Reads the {@code org.spamfree.*} attributes that the SMTP hooks set. */
final class Verdicts {

  private Verdicts() {}

  static Optional<Double> score(Mail mail) {
    return mail.getAttribute(AttributeName.of(MailAttributes.SCORE))
        .flatMap(attribute -> attribute.getValue().valueAs(Double.class));
  }

  static List<String> symbols(Mail mail) {
    return mail.getAttribute(AttributeName.of(MailAttributes.SYMBOLS))
        .flatMap(attribute -> attribute.getValue().valueAs(Collection.class))
        .map(
            values ->
                ((Collection<?>) values)
                    .stream().map(value -> ((AttributeValue<?>) value).value().toString()).toList())
        .orElse(List.of());
  }

  /** Returns the action name of each recipient; empty when the mail has no verdict. */
  static Map<String, String> actions(Mail mail) {
    return mail.getAttribute(AttributeName.of(MailAttributes.ACTIONS))
        .flatMap(attribute -> attribute.getValue().asMapAttributeValueOf(String.class))
        .map(
            map -> {
              Map<String, String> actions = new java.util.HashMap<>();
              map.value().forEach((recipient, action) -> actions.put(recipient, action.value()));
              return actions;
            })
        .orElse(Map.of());
  }
}
