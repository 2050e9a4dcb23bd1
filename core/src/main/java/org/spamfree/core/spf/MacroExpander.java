package org.spamfree.core.spf;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Expands the macros of RFC 7208 §7 in domain-specs and explanation strings. Expansion is a pure
 * function of the macro-string and a {@link MacroContext}; the evaluator looks up the validated
 * name for {@code %{p}} beforehand.
 *
 * <p>A macro is {@code %{letter transformers delimiters}}: the letter picks a value, the optional
 * digits keep that many right-hand parts after the optional {@code r} reversal, and the delimiters
 * (default {@code .}) split the value into parts, which are joined again with dots (§7.3). An
 * upper-case letter URL-escapes the result. {@code %%}, {@code %_} and {@code %-} expand to {@code
 * %}, a space and {@code %20}. The letters {@code c}, {@code r} and {@code t} are allowed only in
 * explanations (§7.1).
 */
public final class MacroExpander {

  private static final String LETTERS = "slodiphcrtv";
  private static final String EXPLANATION_ONLY_LETTERS = "crt";
  private static final String DELIMITERS = ".-+,/_=";
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private MacroExpander() {}

  /**
   * Checks the syntax of a macro-string, or of an explain-string when {@code explanation} is set.
   *
   * @return whether the string ends with a macro-expand, which the domain-end rule accepts
   * @throws SpfException permerror naming the invalid macro
   */
  static boolean checkSyntax(String text, boolean explanation) {
    return walk(text, null, explanation, null);
  }

  /**
   * Expands a macro-string (a domain-spec) or, when {@code explanation} is set, an explain-string.
   *
   * @throws SpfException permerror when the string has an invalid macro
   */
  public static String expand(String text, MacroContext context, boolean explanation) {
    StringBuilder out = new StringBuilder();
    walk(text, context, explanation, out);
    return out.toString();
  }

  /** Returns whether a macro-string uses {@code %{p}}, which needs DNS lookups to expand. */
  public static boolean usesValidatedName(String text) {
    return text.contains("%{p") || text.contains("%{P");
  }

  /**
   * Scans the string, appending the expansion to {@code out} when it is not null.
   *
   * @return whether the last token was a macro-expand
   */
  private static boolean walk(
      String text, MacroContext context, boolean explanation, StringBuilder out) {
    boolean lastWasMacro = false;
    int index = 0;
    while (index < text.length()) {
      char character = text.charAt(index);
      if (character != '%') {
        boolean literal =
            (character >= 0x21 && character <= 0x7e) || (explanation && character == ' ');
        if (!literal) {
          throw SpfException.permerror(
              "invalid character 0x" + Integer.toHexString(character) + " in a macro-string");
        }
        append(out, character);
        lastWasMacro = false;
        index++;
        continue;
      }
      if (index + 1 >= text.length()) {
        throw SpfException.permerror("'%' at the end of a macro-string");
      }
      char next = text.charAt(index + 1);
      switch (next) {
        case '%' -> append(out, "%");
        case '_' -> append(out, " ");
        case '-' -> append(out, "%20");
        case '{' -> {
          int close = text.indexOf('}', index + 2);
          if (close < 0) {
            throw SpfException.permerror(
                "unclosed macro in '" + SpfRecordParser.printable(text) + "'");
          }
          String macro = text.substring(index + 2, close);
          String expansion = macro(macro, context, explanation);
          append(out, expansion);
          index = close + 1;
          lastWasMacro = true;
          continue;
        }
        default -> throw SpfException.permerror(
            "invalid macro '%" + SpfRecordParser.printable(String.valueOf(next)) + "'");
      }
      index += 2;
      lastWasMacro = true;
    }
    return lastWasMacro;
  }

  private static void append(StringBuilder out, char character) {
    if (out != null) {
      out.append(character);
    }
  }

  private static void append(StringBuilder out, String text) {
    if (out != null) {
      out.append(text);
    }
  }

  /**
   * Checks one {@code letter transformers delimiters} body and expands it when the context is set.
   */
  private static String macro(String body, MacroContext context, boolean explanation) {
    if (body.isEmpty()) {
      throw SpfException.permerror("empty macro '%{}'");
    }
    char letter = body.charAt(0);
    char lower = Character.toLowerCase(letter);
    if (LETTERS.indexOf(lower) < 0 || letter > 0x7e) {
      throw SpfException.permerror(
          "unknown macro letter '" + SpfRecordParser.printable(body.substring(0, 1)) + "'");
    }
    if (!explanation && EXPLANATION_ONLY_LETTERS.indexOf(lower) >= 0) {
      throw SpfException.permerror(
          "macro letter '" + letter + "' is allowed only in an explanation (RFC 7208 §7.1)");
    }
    int index = 1;
    int digitsStart = index;
    while (index < body.length() && body.charAt(index) >= '0' && body.charAt(index) <= '9') {
      index++;
    }
    String digits = body.substring(digitsStart, index);
    int keep = Integer.MAX_VALUE;
    if (!digits.isEmpty()) {
      // More digits than parts keeps all parts (§7.3), so a huge number means "all".
      keep = digits.length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(digits);
      if (keep == 0 && digits.length() <= 6) {
        throw SpfException.permerror(
            "macro '%{" + SpfRecordParser.printable(body) + "}' keeps zero parts (§7.3)");
      }
    }
    boolean reverse = false;
    if (index < body.length() && (body.charAt(index) == 'r' || body.charAt(index) == 'R')) {
      reverse = true;
      index++;
    }
    String delimiters = body.substring(index);
    for (char delimiter : delimiters.toCharArray()) {
      if (DELIMITERS.indexOf(delimiter) < 0) {
        throw SpfException.permerror(
            "invalid delimiter in macro '%{" + SpfRecordParser.printable(body) + "}'");
      }
    }
    if (context == null) {
      return "";
    }

    String value = value(lower, context);
    List<String> parts = split(value, delimiters.isEmpty() ? "." : delimiters);
    if (reverse) {
      Collections.reverse(parts);
    }
    if (keep < parts.size()) {
      parts = parts.subList(parts.size() - keep, parts.size());
    }
    String expanded = String.join(".", parts);
    return Character.isUpperCase(letter) ? urlEscape(expanded) : expanded;
  }

  private static String value(char letter, MacroContext context) {
    return switch (letter) {
      case 's' -> context.sender();
      case 'l' -> context.localPart();
      case 'o' -> context.senderDomain();
      case 'd' -> context.domain();
      case 'i' -> dottedAddress(context);
      case 'p' -> context.validatedName();
      case 'v' -> context.client() instanceof Inet4Address ? "in-addr" : "ip6";
      case 'h' -> context.helo();
      case 'c' -> InetAddresses.toAddrString(context.client());
      case 'r' -> context.receiver();
      case 't' -> Long.toString(context.timestamp());
      default -> throw new IllegalStateException("letter checked before: " + letter);
    };
  }

  /**
   * Returns the client address for {@code %{i}}: dotted decimal for IPv4, and for IPv6 the 32
   * nibbles in hexadecimal separated by dots (§7.3).
   */
  private static String dottedAddress(MacroContext context) {
    if (context.client() instanceof Inet4Address) {
      return context.client().getHostAddress();
    }
    StringBuilder nibbles = new StringBuilder(63);
    for (byte octet : context.client().getAddress()) {
      if (nibbles.length() > 0) {
        nibbles.append('.');
      }
      nibbles.append(HEX[(octet >> 4) & 0xf]).append('.').append(HEX[octet & 0xf]);
    }
    return nibbles.toString();
  }

  private static List<String> split(String value, String delimiters) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int index = 0; index < value.length(); index++) {
      if (delimiters.indexOf(value.charAt(index)) >= 0) {
        parts.add(value.substring(start, index));
        start = index + 1;
      }
    }
    parts.add(value.substring(start));
    return parts;
  }

  /**
   * URL-escapes all but RFC 3986's unreserved characters, as §7.3 requires for upper-case letters.
   */
  private static String urlEscape(String value) {
    StringBuilder escaped = new StringBuilder();
    for (byte octet : value.getBytes(StandardCharsets.UTF_8)) {
      char character = (char) (octet & 0xff);
      boolean unreserved =
          (character >= 'a' && character <= 'z')
              || (character >= 'A' && character <= 'Z')
              || (character >= '0' && character <= '9')
              || character == '-'
              || character == '.'
              || character == '_'
              || character == '~';
      if (unreserved) {
        escaped.append(character);
      } else {
        escaped
            .append('%')
            .append(Character.toUpperCase(HEX[(octet >> 4) & 0xf]))
            .append(Character.toUpperCase(HEX[octet & 0xf]));
      }
    }
    return escaped.toString();
  }
}
