package org.spamfree.core.spf;

import com.google.common.net.InetAddresses;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The SPF checks of one SMTP transaction: the MAIL FROM identity and, when it was checked on its
 * own, the HELO identity. For the null sender the MAIL FROM check already is the HELO check (RFC
 * 7208 §2.4), so there is no second one.
 */
public record SpfOutcome(SpfEvaluation mailFrom, Optional<SpfEvaluation> helo) {

  /**
   * Name of the mail attribute with the results, a {@code Map<String, String>} with the keys of
   * {@link #attributeFields()}.
   */
  public static final String ATTRIBUTE = "org.spamfree.spf";

  public SpfOutcome {
    Objects.requireNonNull(mailFrom, "mailFrom must not be null");
    Objects.requireNonNull(helo, "helo must not be null");
  }

  /**
   * Returns the fields of the mail attribute: {@code result}, {@code domain}, {@code sender},
   * {@code helo}, {@code client-ip}, and when known {@code mechanism}, {@code explanation}, {@code
   * problem} and {@code helo-result}. Values are as checked, for matchers and mailets.
   */
  public Map<String, String> attributeFields() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("result", mailFrom.result().word());
    fields.put("domain", mailFrom.domain());
    fields.put("sender", mailFrom.sender());
    fields.put("helo", mailFrom.helo());
    fields.put("client-ip", InetAddresses.toAddrString(mailFrom.client()));
    mailFrom.matchedTerm().ifPresent(term -> fields.put("mechanism", term));
    mailFrom.explanation().ifPresent(text -> fields.put("explanation", text));
    mailFrom.problem().ifPresent(text -> fields.put("problem", text));
    helo.ifPresent(check -> fields.put("helo-result", check.result().word()));
    return fields;
  }
}
