package org.spamfree.core.helo;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.spamfree.core.helo.AddressLiterals.InvalidLiteral;
import org.spamfree.core.helo.AddressLiterals.LiteralParse;
import org.spamfree.core.helo.AddressLiterals.ValidLiteral;
import org.spamfree.core.verdict.Symbol;

/**
 * Static checks of the argument of the SMTP HELO and EHLO commands (RFC 5321 §4.1.1.1), run when
 * the client sends the command, before MAIL. The argument must be the client's fully qualified
 * primary host name, or an address literal (RFC 5321 §4.1.3) when the client has no meaningful name
 * (RFC 5321 §2.3.5). The symbols are listed in {@link HeloSymbols}.
 *
 * <p>The checks look only at the text and at the client's address, never at DNS, so they cost
 * microseconds and cannot be slowed down by a hostile name server. Because RFC 5321 §4.1.4 forbids
 * rejecting a session only because the HELO does not match the client, the results are evidence for
 * the score and not a reason to reject.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class HeloAnalyzer {

  /** RFC 5321 §4.5.3.1.2: the maximum length of a domain name. */
  private static final int MAX_DOMAIN_LENGTH = 255;

  /** RFC 1035 §2.3.4: the maximum length of a label. */
  private static final int MAX_LABEL_LENGTH = 63;

  /** Maximum length of {@link #neutraliseForHeader}'s output, the RFC 5321 domain maximum. */
  private static final int MAX_HEADER_VALUE_LENGTH = 255;

  /** Maximum length of the HELO argument quoted in a reason, so that reasons stay short. */
  private static final int MAX_QUOTED_LENGTH = 80;

  /**
   * Loopback host names besides {@code localhost} and names under it, from the default {@code
   * /etc/hosts} of Red Hat and Debian systems.
   */
  private static final Set<String> LOOPBACK_ALIASES =
      Set.of(
          "localhost.localdomain",
          "localhost4",
          "localhost4.localdomain4",
          "localhost6",
          "localhost6.localdomain6",
          "ip6-localhost",
          "ip6-loopback");

  private final LocalIdentity localIdentity;

  public HeloAnalyzer(LocalIdentity localIdentity) {
    this.localIdentity = Objects.requireNonNull(localIdentity, "localIdentity must not be null");
  }

  /**
   * Checks a HELO or EHLO argument and returns the symbols it triggers, or an empty list for a
   * clean argument. Each symbol's reason quotes the argument after {@link #neutraliseForHeader}.
   * Malformed input of any kind yields {@link HeloSymbols#HELO_SYNTAX_INVALID}, never an exception.
   *
   * <p>The analyzer makes no exception for clients that connect from this server's own addresses,
   * so such a client gets {@link HeloSymbols#HELO_CLAIMS_LOCAL} or {@link
   * HeloSymbols#HELO_LOCALHOST} like any other. Callers that accept mail from local processes skip
   * the analysis for them.
   *
   * @param heloArgument the argument as the client sent it, without the command verb
   * @param remoteAddress the client's address, which an address literal must equal
   * @throws NullPointerException if either argument is null
   */
  public List<Symbol> analyze(String heloArgument, InetAddress remoteAddress) {
    Objects.requireNonNull(
        heloArgument,
        "heloArgument must not be null: for a session without HELO or EHLO, emit HELO_MISSING");
    Objects.requireNonNull(remoteAddress, "remoteAddress must not be null");

    String quoted = quoteForReason(heloArgument);
    if (heloArgument.isEmpty()) {
      return List.of(new Symbol(HeloSymbols.HELO_SYNTAX_INVALID, "HELO argument is empty"));
    }
    if (heloArgument.startsWith("[")) {
      return analyzeLiteral(heloArgument, quoted, AddressLiterals.normalise(remoteAddress));
    }

    // RFC 5321 gives a Domain no trailing dot, but a fully qualified name with one is common and
    // harmless, so one trailing dot is ignored here and in every comparison.
    String name = stripTrailingDot(heloArgument);
    Optional<InetAddress> bareAddress = parseBareAddress(name);
    if (bareAddress.isPresent()) {
      return analyzeBareAddress(bareAddress.get(), quoted);
    }

    Optional<String> problem = findDomainProblem(name);
    if (problem.isPresent()) {
      return List.of(
          new Symbol(
              HeloSymbols.HELO_SYNTAX_INVALID, "HELO " + quoted + " is invalid: " + problem.get()));
    }
    return analyzeDomain(name.toLowerCase(Locale.ROOT), quoted);
  }

  /**
   * Returns whether the argument is a syntactically valid domain name (not an address literal or a
   * bare address), so that looking it up in DNS makes sense.
   */
  public static boolean isDomainSyntax(String heloArgument) {
    if (heloArgument.isEmpty() || heloArgument.startsWith("[")) {
      return false;
    }
    String name = stripTrailingDot(heloArgument);
    return parseBareAddress(name).isEmpty() && findDomainProblem(name).isEmpty();
  }

  /**
   * Returns the HELO argument in a form that is safe to write into the comment of a {@code
   * Received:} header field, {@code from ... (HELO value)}.
   *
   * <p>The argument comes from the client unchecked. Inside an RFC 5322 §3.2.2 comment, a {@code )}
   * closes the comment, a {@code (} opens a nested one and a {@code \} escapes the next character,
   * so any of them lets the client change how the rest of the header field parses. A CR or LF would
   * end the header line and let the client add header fields of its own. This method therefore
   * keeps only ASCII letters, digits and {@code .-_:[]}, which cover every domain and address
   * literal, and replaces every other character with {@code ?}, the replacement character that
   * Postfix uses for untrusted HELO names. Each Unicode code point becomes one {@code ?}. The
   * result is cut to 255 characters, the RFC 5321 §4.5.3.1.2 maximum for a domain, so a long
   * argument cannot make the header field arbitrarily long.
   *
   * @throws NullPointerException if {@code heloArgument} is null
   */
  public static String neutraliseForHeader(String heloArgument) {
    Objects.requireNonNull(heloArgument, "heloArgument must not be null");
    StringBuilder neutralised =
        new StringBuilder(Math.min(heloArgument.length(), MAX_HEADER_VALUE_LENGTH));
    heloArgument
        .codePoints()
        .limit(MAX_HEADER_VALUE_LENGTH)
        .forEach(c -> neutralised.append(isSafeInHeaderComment(c) ? (char) c : '?'));
    return neutralised.toString();
  }

  private static boolean isSafeInHeaderComment(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '-'
        || c == '_'
        || c == ':'
        || c == '['
        || c == ']';
  }

  private List<Symbol> analyzeLiteral(String literal, String quoted, InetAddress client) {
    LiteralParse parse = AddressLiterals.parseLiteral(literal);
    if (parse instanceof InvalidLiteral invalid) {
      return List.of(
          new Symbol(
              HeloSymbols.HELO_SYNTAX_INVALID,
              "HELO " + quoted + " is invalid: " + invalid.problem()));
    }
    InetAddress address = ((ValidLiteral) parse).address();

    List<Symbol> symbols = new ArrayList<>();
    if (address.isLoopbackAddress()) {
      symbols.add(
          new Symbol(HeloSymbols.HELO_LOCALHOST, "HELO " + quoted + " is a loopback address"));
    }
    if (localIdentity.addresses().contains(address)) {
      symbols.add(
          new Symbol(
              HeloSymbols.HELO_CLAIMS_LOCAL, "HELO " + quoted + " is an address of this server"));
    }
    if (!address.equals(client)) {
      symbols.add(
          new Symbol(
              HeloSymbols.HELO_LITERAL_MISMATCH,
              "HELO "
                  + quoted
                  + " does not match the client address "
                  + InetAddresses.toAddrString(client)));
    }
    return List.copyOf(symbols);
  }

  /**
   * Returns the address when {@code name} is a dotted-quad IPv4 address or an IPv6 address. Bare
   * IPv6 addresses are read with the RFC 4291 grammar, which is looser than the RFC 5321 one, so
   * that every IPv6 address a client might send is reported as a bare IP.
   */
  private static Optional<InetAddress> parseBareAddress(String name) {
    if (name.indexOf(':') >= 0) {
      return AddressLiterals.parseIpv6(name, AddressLiterals.Ipv6Grammar.RFC_4291);
    }
    return AddressLiterals.parseIpv4(name);
  }

  private List<Symbol> analyzeBareAddress(InetAddress address, String quoted) {
    List<Symbol> symbols = new ArrayList<>();
    symbols.add(
        new Symbol(
            HeloSymbols.HELO_BARE_IP, "HELO " + quoted + " is a bare IP address without brackets"));
    if (address.isLoopbackAddress()) {
      symbols.add(
          new Symbol(HeloSymbols.HELO_LOCALHOST, "HELO " + quoted + " is a loopback address"));
    }
    if (localIdentity.addresses().contains(address)) {
      symbols.add(
          new Symbol(
              HeloSymbols.HELO_CLAIMS_LOCAL, "HELO " + quoted + " is an address of this server"));
    }
    return List.copyOf(symbols);
  }

  /**
   * Returns what makes {@code name} an invalid {@code Domain} (RFC 5321 §4.1.2), or empty when it
   * is valid. Labels are letters, digits and hyphens, start and end with a letter or digit, and are
   * 1 to 63 characters long. Digit-leading labels such as {@code 3com} are valid (RFC 1123 §2.1).
   */
  private static Optional<String> findDomainProblem(String name) {
    if (name.isEmpty()) {
      return Optional.of("the name is empty");
    }
    if (name.length() > MAX_DOMAIN_LENGTH) {
      return Optional.of("the name is longer than " + MAX_DOMAIN_LENGTH + " characters");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!isLetterOrDigit(c) && c != '-' && c != '.') {
        return Optional.of("a domain may contain only letters, digits, '-' and '.'");
      }
    }

    String[] labels = name.split("\\.", -1);
    for (String label : labels) {
      if (label.isEmpty()) {
        return Optional.of("the name has an empty label");
      }
      if (label.length() > MAX_LABEL_LENGTH) {
        return Optional.of("a label is longer than " + MAX_LABEL_LENGTH + " characters");
      }
      if (label.startsWith("-") || label.endsWith("-")) {
        return Optional.of("a label starts or ends with '-'");
      }
    }

    // RFC 1123 §2.1 and RFC 3696 §2: a top-level label is never all digits. Without this rule,
    // "192.0.2" or "192.0.2.256" would pass as domains although they are broken addresses.
    if (isAsciiDigits(labels[labels.length - 1])) {
      return Optional.of("the last label is all digits, so it is neither a domain nor an address");
    }
    return Optional.empty();
  }

  private List<Symbol> analyzeDomain(String name, String quoted) {
    List<Symbol> symbols = new ArrayList<>();
    if (isLoopbackName(name)) {
      symbols.add(
          new Symbol(HeloSymbols.HELO_LOCALHOST, "HELO " + quoted + " names the loopback host"));
    } else if (name.indexOf('.') < 0) {
      symbols.add(
          new Symbol(
              HeloSymbols.HELO_SINGLE_LABEL,
              "HELO " + quoted + " is a single label, not a fully qualified domain"));
    }

    Optional<String> claimed = findLocalClaim(name);
    if (claimed.isPresent()) {
      symbols.add(new Symbol(HeloSymbols.HELO_CLAIMS_LOCAL, "HELO " + quoted + claimed.get()));
    }
    return List.copyOf(symbols);
  }

  /** Returns the end of the reason sentence when {@code name} belongs to this server. */
  private Optional<String> findLocalClaim(String name) {
    if (localIdentity.hostNames().contains(name)) {
      return Optional.of(" is a host name of this server");
    }
    for (String domain : localIdentity.protectedDomains()) {
      if (name.equals(domain) || name.endsWith("." + domain)) {
        return Optional.of(" is in the protected domain " + domain);
      }
    }
    return Optional.empty();
  }

  /** RFC 6761 §6.3 reserves {@code localhost} and every name under it for the loopback host. */
  private static boolean isLoopbackName(String lowerCaseName) {
    return lowerCaseName.equals("localhost")
        || lowerCaseName.endsWith(".localhost")
        || LOOPBACK_ALIASES.contains(lowerCaseName);
  }

  private static String stripTrailingDot(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  /** Returns the argument neutralised and cut to {@link #MAX_QUOTED_LENGTH} characters. */
  private static String quoteForReason(String heloArgument) {
    String neutralised = neutraliseForHeader(heloArgument);
    if (neutralised.length() <= MAX_QUOTED_LENGTH) {
      return neutralised;
    }
    return neutralised.substring(0, MAX_QUOTED_LENGTH) + "...";
  }

  private static boolean isLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static boolean isAsciiDigits(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
