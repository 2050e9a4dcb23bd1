package org.spamfree.core.spf;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses SPF record text into an {@link SpfRecord} following the ABNF of RFC 7208 §12. Parsing is a
 * pure function: it never queries DNS and never throws for any input; an invalid record gives
 * {@link ParsedRecord.Invalid} with the reason. Mechanism and modifier names and the version are
 * case-insensitive (§4.6.1).
 */
public final class SpfRecordParser {

  /** The version section that starts every SPF record (§4.5). */
  public static final String VERSION = "v=spf1";

  private static final Pattern MODIFIER = Pattern.compile("([A-Za-z][A-Za-z0-9._-]*)=(.*)");
  private static final Pattern MECHANISM_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
  private static final Pattern DUAL_CIDR = Pattern.compile("(.*?)(?:/([0-9]+))?(?://([0-9]+))?");
  private static final Pattern IP4_CIDR = Pattern.compile("(.*?)(?:/([0-9]+))?");
  private static final Pattern DOTTED_QUAD =
      Pattern.compile(
          "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}"
              + "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
  private static final Pattern TOP_LABEL =
      Pattern.compile("[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9]");

  private SpfRecordParser() {}

  /**
   * Returns whether a TXT record's text is an SPF record: {@code v=spf1} followed by a space or the
   * end of the text (§4.5). Records such as {@code v=spf10} are not SPF records.
   */
  public static boolean isSpfRecord(String text) {
    return text.regionMatches(true, 0, VERSION, 0, VERSION.length())
        && (text.length() == VERSION.length() || text.charAt(VERSION.length()) == ' ');
  }

  /** Parses a record, which must start with {@code v=spf1}. */
  public static ParsedRecord parse(String text) {
    if (text == null || !isSpfRecord(text)) {
      return new ParsedRecord.Invalid("the record does not start with '" + VERSION + " '");
    }
    List<Mechanism> mechanisms = new ArrayList<>();
    String redirect = null;
    String explanation = null;
    // Terms are separated by one or more SP (§12); any other character belongs to a term.
    for (String term : text.substring(VERSION.length()).split(" ")) {
      if (term.isEmpty()) {
        continue;
      }
      try {
        Matcher modifier = MODIFIER.matcher(term);
        if (modifier.matches()) {
          String name = modifier.group(1).toLowerCase(Locale.ROOT);
          String value = modifier.group(2);
          switch (name) {
            case "redirect" -> {
              if (redirect != null) {
                return invalid(term, "a second redirect modifier (§6)");
              }
              checkDomainSpec(value);
              redirect = value;
            }
            case "exp" -> {
              if (explanation != null) {
                return invalid(term, "a second exp modifier (§6)");
              }
              checkDomainSpec(value);
              explanation = value;
            }
            default -> MacroExpander.checkSyntax(value, false);
          }
        } else {
          mechanisms.add(directive(term));
        }
      } catch (SpfException e) {
        return invalid(term, e.getMessage());
      }
    }
    return new ParsedRecord.Valid(
        new SpfRecord(mechanisms, Optional.ofNullable(redirect), Optional.ofNullable(explanation)));
  }

  private static ParsedRecord invalid(String term, String reason) {
    return new ParsedRecord.Invalid("invalid term '" + printable(term) + "': " + reason);
  }

  private static Mechanism directive(String term) {
    Optional<Mechanism.Qualifier> explicit = Mechanism.Qualifier.of(term.charAt(0));
    Mechanism.Qualifier qualifier = explicit.orElse(Mechanism.Qualifier.PASS);
    String body = explicit.isPresent() ? term.substring(1) : term;
    int end = 0;
    while (end < body.length() && body.charAt(end) != ':' && body.charAt(end) != '/') {
      end++;
    }
    String name = body.substring(0, end);
    if (!MECHANISM_NAME.matcher(name).matches()) {
      throw SpfException.permerror("unknown mechanism");
    }
    String rest = body.substring(end);
    Mechanism.Kind kind;
    try {
      kind = Mechanism.Kind.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw SpfException.permerror("unknown mechanism '" + printable(name) + "'");
    }
    return switch (kind) {
      case ALL -> {
        requireEmpty(rest);
        yield new Mechanism(qualifier, kind, Optional.empty(), Optional.empty(), 32, 128, term);
      }
      case INCLUDE, EXISTS -> new Mechanism(
          qualifier, kind, Optional.of(requiredDomainSpec(rest)), Optional.empty(), 32, 128, term);
      case PTR -> new Mechanism(
          qualifier, kind, optionalDomainSpec(rest), Optional.empty(), 32, 128, term);
      case A, MX -> addressMechanism(qualifier, kind, rest, term);
      case IP4 -> ip4(qualifier, rest, term);
      case IP6 -> ip6(qualifier, rest, term);
    };
  }

  private static Mechanism addressMechanism(
      Mechanism.Qualifier qualifier, Mechanism.Kind kind, String rest, String term) {
    Matcher cidr = DUAL_CIDR.matcher(rest);
    if (!cidr.matches()) {
      throw SpfException.permerror("invalid arguments");
    }
    int ip4Prefix = prefix(cidr.group(2), 32);
    int ip6Prefix = prefix(cidr.group(3), 128);
    String domain = cidr.group(1);
    Optional<String> domainSpec;
    if (domain.isEmpty()) {
      domainSpec = Optional.empty();
    } else if (domain.startsWith(":")) {
      domainSpec = Optional.of(requiredDomainSpec(domain));
    } else {
      throw SpfException.permerror("expected ':' or '/' after the mechanism name");
    }
    return new Mechanism(qualifier, kind, domainSpec, Optional.empty(), ip4Prefix, ip6Prefix, term);
  }

  private static Mechanism ip4(Mechanism.Qualifier qualifier, String rest, String term) {
    Matcher cidr = IP4_CIDR.matcher(rest);
    if (!rest.startsWith(":") || !cidr.matches()) {
      throw SpfException.permerror("expected ip4:ADDRESS[/LENGTH]");
    }
    String address = cidr.group(1).substring(1);
    if (!DOTTED_QUAD.matcher(address).matches()) {
      throw SpfException.permerror("'" + printable(address) + "' is not an IPv4 address");
    }
    byte[] network = InetAddresses.forString(address).getAddress();
    int prefix = prefix(cidr.group(2), 32);
    return new Mechanism(
        qualifier, Mechanism.Kind.IP4, Optional.empty(), Optional.of(network), prefix, 128, term);
  }

  private static Mechanism ip6(Mechanism.Qualifier qualifier, String rest, String term) {
    Matcher cidr = IP4_CIDR.matcher(rest);
    if (!rest.startsWith(":") || !cidr.matches()) {
      throw SpfException.permerror("expected ip6:ADDRESS[/LENGTH]");
    }
    String address = cidr.group(1).substring(1);
    if (!address.contains(":") || !InetAddresses.isInetAddress(address)) {
      throw SpfException.permerror("'" + printable(address) + "' is not an IPv6 address");
    }
    byte[] network = sixteenBytes(InetAddresses.forString(address));
    int prefix = prefix(cidr.group(2), 128);
    return new Mechanism(
        qualifier, Mechanism.Kind.IP6, Optional.empty(), Optional.of(network), 32, prefix, term);
  }

  /**
   * Returns the 16 bytes of an IPv6 address. Java turns an IPv4-mapped text such as {@code
   * ::ffff:192.0.2.1} into an IPv4 address, so its mapped form is rebuilt.
   */
  static byte[] sixteenBytes(InetAddress address) {
    if (address instanceof Inet4Address) {
      byte[] mapped = new byte[16];
      mapped[10] = (byte) 0xff;
      mapped[11] = (byte) 0xff;
      System.arraycopy(address.getAddress(), 0, mapped, 12, 4);
      return mapped;
    }
    return address.getAddress();
  }

  /**
   * Parses a CIDR length. The ABNF allows no leading zero ({@code "0" / %x31-39 0*1DIGIT}) and at
   * most 32 for IPv4 and 128 for IPv6.
   */
  private static int prefix(String digits, int maximum) {
    if (digits == null) {
      return maximum;
    }
    if (digits.length() > 3 || (digits.length() > 1 && digits.charAt(0) == '0')) {
      throw SpfException.permerror("invalid CIDR length '/" + printable(digits) + "'");
    }
    int value = Integer.parseInt(digits);
    if (value > maximum) {
      throw SpfException.permerror("CIDR length /" + value + " is over the maximum of " + maximum);
    }
    return value;
  }

  private static void requireEmpty(String rest) {
    if (!rest.isEmpty()) {
      throw SpfException.permerror("'all' takes no argument");
    }
  }

  private static Optional<String> optionalDomainSpec(String rest) {
    return rest.isEmpty() ? Optional.empty() : Optional.of(requiredDomainSpec(rest));
  }

  private static String requiredDomainSpec(String rest) {
    if (!rest.startsWith(":") || rest.length() == 1) {
      throw SpfException.permerror("expected ':' and a domain-spec");
    }
    String domainSpec = rest.substring(1);
    checkDomainSpec(domainSpec);
    return domainSpec;
  }

  /**
   * Checks a domain-spec: a macro-string whose end is a macro or a dot and a top label with at
   * least one letter (§12 domain-end and toplabel, so {@code a:foo.123} is invalid).
   */
  static void checkDomainSpec(String domainSpec) {
    boolean endsWithMacro = MacroExpander.checkSyntax(domainSpec, false);
    if (endsWithMacro) {
      return;
    }
    String name =
        domainSpec.endsWith(".") ? domainSpec.substring(0, domainSpec.length() - 1) : domainSpec;
    int dot = name.lastIndexOf('.');
    if (dot < 0 || !TOP_LABEL.matcher(name.substring(dot + 1)).matches()) {
      throw SpfException.permerror(
          "the domain-spec '" + printable(domainSpec) + "' does not end in a valid top label");
    }
  }

  /** Keeps printable ASCII of record text for messages, since the record comes from DNS. */
  static String printable(String text) {
    StringBuilder kept = new StringBuilder();
    for (int index = 0; index < text.length() && kept.length() < 200; index++) {
      char character = text.charAt(index);
      kept.append(character >= 0x20 && character < 0x7f ? character : '?');
    }
    return kept.toString();
  }
}
