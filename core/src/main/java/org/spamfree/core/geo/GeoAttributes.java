package org.spamfree.core.geo;

/**
 * Names of the James mail attributes that carry the geo lookup to matchers and mailets. They are
 * set on every message received over SMTP, relayed ones included, whenever the value is known.
 */
public final class GeoAttributes {

  /** {@code String}: the client's ISO 3166-1 alpha-2 country code in upper case. */
  public static final String COUNTRY = "org.spamfree.geo.country";

  /**
   * {@code String}: why the client has no country, such as {@code special:loopback}, {@code
   * not-found}, {@code lookup-failed} or {@code disabled}; set only when the country is unknown.
   */
  public static final String NO_COUNTRY_REASON = "org.spamfree.geo.noCountryReason";

  /** {@code Long}: the client's autonomous system number, with an ASN database. */
  public static final String ASN = "org.spamfree.geo.asn";

  /** {@code String}: the organisation of the client's autonomous system, when the data has it. */
  public static final String AS_ORGANIZATION = "org.spamfree.geo.asOrganization";

  private GeoAttributes() {}
}
