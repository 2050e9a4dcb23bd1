package org.spamfree.core.geo;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The country codes accepted in the configuration: the ISO 3166-1 alpha-2 codes that {@link
 * Locale#getISOCountries()} returns, plus the codes that IP databases use beside them. {@code EU}
 * (exceptionally reserved in ISO 3166-1) and {@code AP} (Asia/Pacific) mark regional registrations
 * in RIR data, and {@code XK} (user-assigned) is the code most databases give Kosovo.
 */
public final class CountryCodes {

  private static final Set<String> KNOWN = known();

  private CountryCodes() {}

  public static boolean isKnown(String code) {
    return KNOWN.contains(code);
  }

  /** Returns a two-letter code in upper case, or the value unchanged when it has another form. */
  public static String normalise(String code) {
    return code.trim().toUpperCase(Locale.ROOT);
  }

  private static Set<String> known() {
    Set<String> codes = new TreeSet<>(Set.of(Locale.getISOCountries()));
    codes.add("EU");
    codes.add("AP");
    codes.add("XK");
    return Set.copyOf(codes);
  }
}
