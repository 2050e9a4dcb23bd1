package org.spamfree.core.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recognises host names that ISPs give to dynamic or access-network addresses, such as {@code
 * 192-0-2-7.dyn.example.test} or {@code dsl-pool12.example.test}. Mail from such hosts is usually
 * from infected end-user machines.
 *
 * <p>Names are split into tokens at dots and hyphens, and only whole tokens count: {@code
 * dyni.example} and {@code poolside.example} are not dynamic, {@code pool12.example} is (a keyword
 * followed by digits). The client's IPv4 address counts when all four octets appear as consecutive
 * tokens in either order, or as one token of 12 digits or 8 hex digits.
 */
public final class DynamicNames {

  private static final Set<String> KEYWORDS =
      Set.of(
          "dyn",
          "dynamic",
          "dhcp",
          "pool",
          "ppp",
          "pppoe",
          "dsl",
          "adsl",
          "vdsl",
          "xdsl",
          "cable",
          "dial",
          "dialup",
          "dialin",
          "broadband",
          "cust",
          "customer",
          "client",
          "clients",
          "res",
          "resident",
          "residential",
          "wireless",
          "wifi",
          "mobile",
          "ftth",
          "fttx",
          "catv",
          "modem");
  private static final Pattern KEYWORD_WITH_DIGITS = Pattern.compile("([a-z]+)[0-9]+");

  private DynamicNames() {}

  /** Returns whether the name looks like a dynamic or access-network host name. */
  public static boolean isDynamic(String hostName, InetAddress address) {
    List<String> tokens = tokens(hostName);
    for (String token : tokens) {
      if (KEYWORDS.contains(token)) {
        return true;
      }
      var withDigits = KEYWORD_WITH_DIGITS.matcher(token);
      if (withDigits.matches() && KEYWORDS.contains(withDigits.group(1))) {
        return true;
      }
    }
    return address instanceof Inet4Address && embedsAddress(tokens, address.getAddress());
  }

  private static boolean embedsAddress(List<String> tokens, byte[] octets) {
    String[] decimal = new String[4];
    for (int index = 0; index < 4; index++) {
      decimal[index] = Integer.toString(octets[index] & 0xff);
    }
    String padded =
        String.format(
            Locale.ROOT,
            "%03d%03d%03d%03d",
            octets[0] & 0xff,
            octets[1] & 0xff,
            octets[2] & 0xff,
            octets[3] & 0xff);
    String hex =
        String.format(
            Locale.ROOT,
            "%02x%02x%02x%02x",
            octets[0] & 0xff,
            octets[1] & 0xff,
            octets[2] & 0xff,
            octets[3] & 0xff);
    for (int start = 0; start < tokens.size(); start++) {
      String token = tokens.get(start);
      if (token.equals(padded) || token.equals(hex)) {
        return true;
      }
      if (start + 4 <= tokens.size()) {
        List<String> window = tokens.subList(start, start + 4);
        if (matches(window, decimal, false) || matches(window, decimal, true)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean matches(List<String> window, String[] octets, boolean reversed) {
    for (int index = 0; index < 4; index++) {
      String expected = octets[reversed ? 3 - index : index];
      String actual = window.get(index).replaceFirst("^0+(?=\\d)", "");
      if (!actual.equals(expected)) {
        return false;
      }
    }
    return true;
  }

  private static List<String> tokens(String hostName) {
    String lower = hostName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".")) {
      lower = lower.substring(0, lower.length() - 1);
    }
    return List.of(lower.split("[.-]+"));
  }
}
