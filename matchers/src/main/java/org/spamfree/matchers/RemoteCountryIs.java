package org.spamfree.matchers;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.mail.MessagingException;
import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.spamfree.core.geo.CountryCodes;
import org.spamfree.core.geo.GeoAttributes;

/**
 * Matches every recipient when the SMTP client's country is one of the listed ISO 3166-1 alpha-2
 * codes: {@code match="org.spamfree.matchers.RemoteCountryIs=DE,AT"}. The country comes from the
 * {@code org.spamfree.geo.country} attribute; mail without it (unknown country, geo tagging off)
 * does not match. {@link RemoteCountryIsNot} is the negation.
 */
public class RemoteCountryIs extends GenericMatcher {

  private Set<String> countries;

  @Override
  public void init() throws MessagingException {
    countries = parseCountries(getClass().getSimpleName(), getCondition());
  }

  @Override
  public Collection<MailAddress> match(Mail mail) {
    return matches(country(mail)) ? mail.getRecipients() : List.of();
  }

  /** Returns whether a client country, possibly unknown, satisfies this matcher. */
  boolean matches(Optional<String> country) {
    return country.filter(countries::contains).isPresent();
  }

  static Optional<String> country(Mail mail) {
    return mail.getAttribute(AttributeName.of(GeoAttributes.COUNTRY))
        .flatMap(attribute -> attribute.getValue().valueAs(String.class));
  }

  /**
   * Parses a comma-separated list of country codes.
   *
   * @throws MessagingException naming the matcher and the invalid code
   */
  static Set<String> parseCountries(String matcher, String condition) throws MessagingException {
    if (condition == null || condition.isBlank()) {
      throw new MessagingException(
          matcher + " needs a condition: one or more country codes such as DE,AT");
    }
    Set<String> codes = new TreeSet<>();
    for (String entry : condition.split(",")) {
      String code = CountryCodes.normalise(entry);
      if (code.isEmpty()) {
        continue;
      }
      if (!CountryCodes.isKnown(code)) {
        throw new MessagingException(
            "Invalid "
                + matcher
                + " condition '"
                + condition
                + "': '"
                + entry.trim()
                + "' is not an ISO 3166-1 alpha-2 country code such as DE or CN");
      }
      codes.add(code);
    }
    if (codes.isEmpty()) {
      throw new MessagingException(
          matcher + " needs a condition: one or more country codes such as DE,AT");
    }
    return Set.copyOf(codes);
  }
}
