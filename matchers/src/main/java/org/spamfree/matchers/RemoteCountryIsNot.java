package org.spamfree.matchers;

import java.util.Optional;

/**
 * Matches every recipient when the SMTP client's country is none of the listed codes: {@code
 * match="org.spamfree.matchers.RemoteCountryIsNot=DE,AT"}. Mail whose country is unknown matches
 * too, as it is not known to come from the listed countries; combine with {@code HasAttribute} on
 * {@code org.spamfree.geo.country} to match only mail with a known country.
 */
public class RemoteCountryIsNot extends RemoteCountryIs {

  @Override
  boolean matches(Optional<String> country) {
    return !super.matches(country);
  }
}
