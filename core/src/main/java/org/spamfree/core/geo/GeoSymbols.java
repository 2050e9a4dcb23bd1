package org.spamfree.core.geo;

/**
 * Symbols of the geo lookup. A client from a country with a {@code geo.country.XX.score} key gets
 * the symbol {@code GEO_XX} with that score; countries without a score get no symbol, so geo
 * tagging changes no verdict until the administrator scores a country.
 */
public final class GeoSymbols {

  private static final String COUNTRY_PREFIX = "GEO_";

  private GeoSymbols() {}

  /** Returns the symbol name of a country, such as {@code GEO_CN} for {@code CN}. */
  public static String countrySymbol(String isoCode) {
    return COUNTRY_PREFIX + isoCode;
  }
}
