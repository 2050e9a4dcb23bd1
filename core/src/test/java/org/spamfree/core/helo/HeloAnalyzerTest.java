package org.spamfree.core.helo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.spamfree.core.helo.HeloSymbols.HELO_BARE_IP;
import static org.spamfree.core.helo.HeloSymbols.HELO_CLAIMS_LOCAL;
import static org.spamfree.core.helo.HeloSymbols.HELO_LITERAL_MISMATCH;
import static org.spamfree.core.helo.HeloSymbols.HELO_LOCALHOST;
import static org.spamfree.core.helo.HeloSymbols.HELO_SINGLE_LABEL;
import static org.spamfree.core.helo.HeloSymbols.HELO_SYNTAX_INVALID;

import com.google.common.net.InetAddresses;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spamfree.core.verdict.Symbol;

class HeloAnalyzerTest {

  private static final InetAddress CLIENT = address("203.0.113.7");
  private static final InetAddress CLIENT_V6 = address("2001:db8::7");
  private static final InetAddress LOOPBACK = address("127.0.0.1");

  private static final LocalIdentity IDENTITY =
      new LocalIdentity(
          Set.of("relay.example"),
          Set.of(address("192.0.2.25"), address("2001:db8::25")),
          Set.of("spamfree.test"));

  private static final String LABEL_63 = "a".repeat(63);
  private static final String LABEL_64 = "a".repeat(64);
  // Three 63-character labels and a 63-character tail: 4 * 63 + 3 dots = 255 characters.
  private static final String NAME_255 =
      "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(58) + ".test";
  private static final String NAME_256 =
      "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(59) + ".test";

  private static final Set<String> NONE = Set.of();

  private final HeloAnalyzer analyzer = new HeloAnalyzer(IDENTITY);

  static Stream<Arguments> heloCases() {
    return Stream.of(
        // Valid names, including the legitimate odd ones.
        arguments("mail.example", CLIENT, NONE),
        arguments("mail.example.", CLIENT, NONE),
        arguments("Mail.Example.COM", CLIENT, NONE),
        arguments("123mail.example", CLIENT, NONE),
        arguments("3com.example", CLIENT, NONE),
        arguments("mx-1.mail-relay.example", CLIENT, NONE),
        arguments("xn--bcher-kva.example", CLIENT, NONE),
        arguments("a.b.c.d.e.f.example", CLIENT, NONE),
        arguments(LABEL_63 + ".example", CLIENT, NONE),
        arguments(NAME_255, CLIENT, NONE),
        arguments("notspamfree.test", CLIENT, NONE),
        arguments("localhost.example", CLIENT, NONE),
        // Invalid names.
        arguments(LABEL_64 + ".example", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments(NAME_256, CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("-mail.example", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("mail-.example", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("mail.-example", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("mail..example", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments(".mail.example", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("mail.example..", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments(".", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("example.123", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("mail_server.example", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("mail server.example", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("mail.example ", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments(" mail.example", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("(mail.example)", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("\"mail.example\"", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("m\u00e4il.example", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("\uff11mail.example", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("mail.example\r\nX-Injected: yes", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("mail\u0000.example", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("mail\t.example", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        // Single labels and loopback names.
        arguments("workstation", CLIENT, Set.of(HELO_SINGLE_LABEL)),
        arguments("WORKSTATION.", CLIENT, Set.of(HELO_SINGLE_LABEL)),
        arguments("localhost", CLIENT, Set.of(HELO_LOCALHOST)),
        arguments("LocalHost.", CLIENT, Set.of(HELO_LOCALHOST)),
        arguments("localhost.localdomain", CLIENT, Set.of(HELO_LOCALHOST)),
        arguments("localhost6.localdomain6", CLIENT, Set.of(HELO_LOCALHOST)),
        arguments("mail.localhost", CLIENT, Set.of(HELO_LOCALHOST)),
        // Bare addresses.
        arguments("192.0.2.7", CLIENT, Set.of(HELO_BARE_IP)),
        arguments("192.0.2.7.", CLIENT, Set.of(HELO_BARE_IP)),
        arguments("2001:db8::7", CLIENT, Set.of(HELO_BARE_IP)),
        arguments("2001:DB8:0:0:0:0:0:7", CLIENT, Set.of(HELO_BARE_IP)),
        arguments("2001:db8:1:2:3:4:5::", CLIENT, Set.of(HELO_BARE_IP)),
        arguments("127.0.0.1", CLIENT, Set.of(HELO_BARE_IP, HELO_LOCALHOST)),
        arguments("::1", CLIENT, Set.of(HELO_BARE_IP, HELO_LOCALHOST)),
        arguments("192.0.2.256", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("192.0.2", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("IPv6:2001:db8::7", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        // IPv4 address literals.
        arguments("[203.0.113.7]", CLIENT, NONE),
        arguments("[203.0.113.007]", CLIENT, NONE),
        arguments("[198.51.100.4]", CLIENT, Set.of(HELO_LITERAL_MISMATCH)),
        arguments("[192.0.2.256]", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("[192.0.2]", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("[.192.0.2.7]", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("[192.0.2.7.]", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("[1920.0.2.7]", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("[192.0.2.7", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("192.0.2.7]", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("[ 192.0.2.7]", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("[]", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("[127.0.0.1]", CLIENT, Set.of(HELO_LOCALHOST, HELO_LITERAL_MISMATCH)),
        arguments("[127.0.0.1]", LOOPBACK, Set.of(HELO_LOCALHOST)),
        // IPv6 address literals in the four RFC 5321 forms, and their limits.
        arguments("[IPv6:2001:db8:0:0:0:0:0:7]", CLIENT_V6, NONE),
        arguments("[IPv6:2001:db8::7]", CLIENT_V6, NONE),
        arguments("[IPv6:2001:db8:0:0:0:0:192.0.2.7]", address("2001:db8::c000:207"), NONE),
        arguments("[IPv6:2001:db8::192.0.2.7]", address("2001:db8::c000:207"), NONE),
        arguments("[ipv6:2001:db8::7]", CLIENT_V6, NONE),
        arguments("[IPV6:2001:DB8::7]", CLIENT_V6, NONE),
        arguments("[IPv6:2001:db8:1:2:3::7]", address("2001:db8:1:2:3::7"), NONE),
        arguments("[IPv6:2001:db8:1:2::192.0.2.7]", address("2001:db8:1:2::c000:207"), NONE),
        arguments("[IPv6:2001:db8::8]", CLIENT_V6, Set.of(HELO_LITERAL_MISMATCH)),
        arguments("[IPv6:2001:db8::7]", CLIENT, Set.of(HELO_LITERAL_MISMATCH)),
        arguments("[IPv6:2001:db8:0:0:0:0:0:0:7]", CLIENT_V6, Set.of(HELO_SYNTAX_INVALID)),
        arguments("[IPv6:2001:db8:0:0:0:0:7]", CLIENT_V6, Set.of(HELO_SYNTAX_INVALID)),
        arguments("[IPv6:2001:db8:1:2:3:4:5::]", CLIENT_V6, Set.of(HELO_SYNTAX_INVALID)),
        arguments("[IPv6:2001:db8::1::7]", CLIENT_V6, Set.of(HELO_SYNTAX_INVALID)),
        arguments("[IPv6:2001:db8:::7]", CLIENT_V6, Set.of(HELO_SYNTAX_INVALID)),
        arguments("[IPv6:2001:db8:0:0:0:0:0:192.0.2.7]", CLIENT_V6, Set.of(HELO_SYNTAX_INVALID)),
        arguments("[IPv6:2001:db8:1:2:3::192.0.2.7]", CLIENT_V6, Set.of(HELO_SYNTAX_INVALID)),
        arguments("[IPv6:2001:db8::192.0.2.256]", CLIENT_V6, Set.of(HELO_SYNTAX_INVALID)),
        arguments("[IPv6:2001:db8::12345]", CLIENT_V6, Set.of(HELO_SYNTAX_INVALID)),
        arguments("[IPv6:2001:db8::g]", CLIENT_V6, Set.of(HELO_SYNTAX_INVALID)),
        arguments("[IPv6:2001:db8::7%1]", CLIENT_V6, Set.of(HELO_SYNTAX_INVALID)),
        arguments("[IPv6:]", CLIENT_V6, Set.of(HELO_SYNTAX_INVALID)),
        arguments("[2001:db8::7]", CLIENT_V6, Set.of(HELO_SYNTAX_INVALID)),
        arguments("[IPv4:203.0.113.7]", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("[x400:c=example]", CLIENT, Set.of(HELO_SYNTAX_INVALID)),
        arguments("[IPv6:::1]", CLIENT, Set.of(HELO_LOCALHOST, HELO_LITERAL_MISMATCH)),
        // An IPv4 client seen through a dual-stack socket.
        arguments("[192.0.2.1]", ipv4Mapped("192.0.2.1"), NONE),
        arguments("[IPv6:::ffff:192.0.2.1]", address("192.0.2.1"), NONE),
        arguments("[198.51.100.4]", ipv4Mapped("192.0.2.1"), Set.of(HELO_LITERAL_MISMATCH)),
        // This server's names and addresses, and its protected domains.
        arguments("relay.example", CLIENT, Set.of(HELO_CLAIMS_LOCAL)),
        arguments("RELAY.Example.", CLIENT, Set.of(HELO_CLAIMS_LOCAL)),
        arguments("[192.0.2.25]", CLIENT, Set.of(HELO_CLAIMS_LOCAL, HELO_LITERAL_MISMATCH)),
        arguments("192.0.2.25", CLIENT, Set.of(HELO_BARE_IP, HELO_CLAIMS_LOCAL)),
        arguments("[IPv6:2001:db8::25]", CLIENT, Set.of(HELO_CLAIMS_LOCAL, HELO_LITERAL_MISMATCH)),
        arguments("2001:db8::25", CLIENT, Set.of(HELO_BARE_IP, HELO_CLAIMS_LOCAL)),
        arguments("spamfree.test", CLIENT, Set.of(HELO_CLAIMS_LOCAL)),
        arguments("mx.spamfree.test", CLIENT, Set.of(HELO_CLAIMS_LOCAL)),
        arguments("MX.SpamFree.TEST.", CLIENT, Set.of(HELO_CLAIMS_LOCAL)),
        arguments("deep.mx.spamfree.test", CLIENT, Set.of(HELO_CLAIMS_LOCAL)));
  }

  @ParameterizedTest(name = "[{index}] HELO {0} from {1}")
  @MethodSource("heloCases")
  void analyzeCase(String helo, InetAddress remote, Set<String> expectedSymbols) {
    List<Symbol> symbols = analyzer.analyze(helo, remote);

    assertThat(symbols)
        .extracting(Symbol::name)
        .containsExactlyInAnyOrderElementsOf(expectedSymbols);
  }

  @Test
  void shouldQuoteBareIpInReason() {
    List<Symbol> symbols = analyzer.analyze("192.0.2.7", CLIENT);

    assertThat(symbols)
        .extracting(Symbol::reason)
        .containsExactly("HELO 192.0.2.7 is a bare IP address without brackets");
  }

  @Test
  void shouldNameClientAddressInMismatchReason() {
    List<Symbol> symbols = analyzer.analyze("[198.51.100.4]", CLIENT);

    assertThat(symbols)
        .extracting(Symbol::reason)
        .containsExactly("HELO [198.51.100.4] does not match the client address 203.0.113.7");
  }

  @Test
  void shouldNameProtectedDomainInReason() {
    List<Symbol> symbols = analyzer.analyze("mx.spamfree.test", CLIENT);

    assertThat(symbols)
        .extracting(Symbol::reason)
        .containsExactly("HELO mx.spamfree.test is in the protected domain spamfree.test");
  }

  @Test
  void shouldNeutraliseArgumentInReason() {
    String reason = analyzer.analyze("mail(x)\r\n.example", CLIENT).get(0).reason();

    assertThat(reason).startsWith("HELO mail?x???.example is invalid: ");
    assertThat(reason).doesNotContain("(", ")", "\r", "\n");
  }

  @Test
  void shouldCutLongArgumentInReason() {
    String reason = analyzer.analyze("a".repeat(1000), CLIENT).get(0).reason();

    assertThat(reason).startsWith("HELO " + "a".repeat(80) + "... is invalid: ");
  }

  @Test
  void shouldReportEmptyArgument() {
    List<Symbol> symbols = analyzer.analyze("", CLIENT);

    assertThat(symbols).extracting(Symbol::reason).containsExactly("HELO argument is empty");
  }

  @Test
  void shouldRejectNullArgument() {
    assertThatNullPointerException()
        .isThrownBy(() -> analyzer.analyze(null, CLIENT))
        .withMessageContaining("heloArgument");
  }

  @Test
  void shouldRejectNullRemoteAddress() {
    assertThatNullPointerException()
        .isThrownBy(() -> analyzer.analyze("mail.example", null))
        .withMessageContaining("remoteAddress");
  }

  @Test
  void shouldRejectNullIdentity() {
    assertThatNullPointerException()
        .isThrownBy(() -> new HeloAnalyzer(null))
        .withMessageContaining("localIdentity");
  }

  @Test
  void shouldReportNoClaimForEmptyIdentity() {
    HeloAnalyzer withoutIdentity = new HeloAnalyzer(LocalIdentity.empty());

    assertThat(withoutIdentity.analyze("mx.spamfree.test", CLIENT)).isEmpty();
  }

  @Test
  void neutraliseShouldKeepDomainsAndLiterals() {
    assertThat(HeloAnalyzer.neutraliseForHeader("Mail-1_x.example."))
        .isEqualTo("Mail-1_x.example.");
    assertThat(HeloAnalyzer.neutraliseForHeader("[IPv6:2001:db8::7]"))
        .isEqualTo("[IPv6:2001:db8::7]");
  }

  @Test
  void neutraliseShouldReplaceCarriageReturn() {
    assertThat(HeloAnalyzer.neutraliseForHeader("a\rb")).isEqualTo("a?b");
  }

  @Test
  void neutraliseShouldReplaceLineFeed() {
    assertThat(HeloAnalyzer.neutraliseForHeader("a\nb")).isEqualTo("a?b");
  }

  @Test
  void neutraliseShouldReplaceHeaderInjection() {
    assertThat(HeloAnalyzer.neutraliseForHeader("x\r\nBcc: victim@example"))
        .isEqualTo("x??Bcc:?victim?example");
  }

  @Test
  void neutraliseShouldReplaceParentheses() {
    assertThat(HeloAnalyzer.neutraliseForHeader("a)(b")).isEqualTo("a??b");
  }

  @Test
  void neutraliseShouldReplaceBackslash() {
    assertThat(HeloAnalyzer.neutraliseForHeader("a\\)b")).isEqualTo("a??b");
  }

  @Test
  void neutraliseShouldReplaceTabAndSpace() {
    assertThat(HeloAnalyzer.neutraliseForHeader("a\tb c")).isEqualTo("a?b?c");
  }

  @Test
  void neutraliseShouldReplaceControlCharacters() {
    assertThat(HeloAnalyzer.neutraliseForHeader("a\u0000b\u007fc\u001bd")).isEqualTo("a?b?c?d");
  }

  @Test
  void neutraliseShouldReplaceEachNonAsciiCodePoint() {
    assertThat(HeloAnalyzer.neutraliseForHeader("m\u00e4il")).isEqualTo("m?il");
    assertThat(HeloAnalyzer.neutraliseForHeader("a\uD83D\uDE00b")).isEqualTo("a?b");
    assertThat(HeloAnalyzer.neutraliseForHeader("a\uD83Db")).isEqualTo("a?b");
  }

  @Test
  void neutraliseShouldCutTo255Characters() {
    assertThat(HeloAnalyzer.neutraliseForHeader("a".repeat(300))).isEqualTo("a".repeat(255));
  }

  @Test
  void neutraliseShouldCutAfterReplacing() {
    String neutralised = HeloAnalyzer.neutraliseForHeader("\u00e4".repeat(300));

    assertThat(neutralised).isEqualTo("?".repeat(255));
  }

  @Test
  void neutraliseShouldKeepEmptyString() {
    assertThat(HeloAnalyzer.neutraliseForHeader("")).isEmpty();
  }

  @Test
  void neutraliseShouldRejectNull() {
    assertThatNullPointerException()
        .isThrownBy(() -> HeloAnalyzer.neutraliseForHeader(null))
        .withMessageContaining("heloArgument");
  }

  /**
   * Feeds random strings built from syntax fragments and from arbitrary UTF-16 units, with a fixed
   * seed so that a failure can be replayed.
   */
  @Test
  void shouldNeverThrowOnRandomInput() {
    Random random = new Random(5321L);
    Set<String> analyzerSymbols =
        Set.of(
            HELO_SYNTAX_INVALID,
            HELO_BARE_IP,
            HELO_LITERAL_MISMATCH,
            HELO_SINGLE_LABEL,
            HELO_LOCALHOST,
            HELO_CLAIMS_LOCAL);

    for (int i = 0; i < 5000; i++) {
      String helo = randomHelo(random);
      InetAddress remote = random.nextBoolean() ? CLIENT : CLIENT_V6;
      String description = "input " + escape(helo);

      assertThatCode(() -> analyzer.analyze(helo, remote))
          .as(description)
          .doesNotThrowAnyException();
      assertThat(analyzer.analyze(helo, remote))
          .as(description)
          .extracting(Symbol::name)
          .isSubsetOf(analyzerSymbols);
      assertThat(HeloAnalyzer.neutraliseForHeader(helo))
          .as(description)
          .matches("[A-Za-z0-9.\\-_:\\[\\]?]{0,255}");
    }
  }

  private static final String[] FRAGMENTS = {
    "[",
    "]",
    "IPv6:",
    "ipv6:",
    ":",
    "::",
    ".",
    "..",
    "-",
    "_",
    "192",
    "0",
    "2",
    "255",
    "256",
    "2001",
    "db8",
    "ffff",
    "12345",
    "mail",
    "example",
    "localhost",
    "spamfree",
    "test",
    " ",
    "\t",
    "\r\n",
    "(",
    ")",
    "\\",
    "\"",
    "%",
    "\u00e4",
    "\uff11",
    "\uD83D\uDE00",
    "\uD83D",
    "\u0000"
  };

  private static String randomHelo(Random random) {
    StringBuilder helo = new StringBuilder();
    int parts = random.nextInt(40);
    for (int i = 0; i < parts; i++) {
      if (random.nextInt(4) == 0) {
        helo.append((char) random.nextInt(Character.MAX_VALUE + 1));
      } else {
        helo.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
      }
    }
    if (random.nextInt(20) == 0) {
      helo.append("a".repeat(random.nextInt(400)));
    }
    return helo.toString();
  }

  private static String escape(String text) {
    StringBuilder escaped = new StringBuilder();
    text.chars()
        .forEach(
            c -> {
              if (c >= 0x20 && c < 0x7f) {
                escaped.append((char) c);
              } else {
                escaped.append(String.format("\\u%04x", c));
              }
            });
    return escaped.toString();
  }

  private static InetAddress address(String text) {
    // InetAddresses.forString parses literals only and never queries DNS.
    return InetAddresses.forString(text);
  }

  /** Returns the IPv4-mapped form that a dual-stack socket reports for an IPv4 client. */
  private static InetAddress ipv4Mapped(String ipv4) {
    byte[] bytes = new byte[16];
    bytes[10] = (byte) 0xff;
    bytes[11] = (byte) 0xff;
    System.arraycopy(address(ipv4).getAddress(), 0, bytes, 12, 4);
    try {
      // Inet6Address.getByAddress keeps the IPv6 form, where InetAddress.getByAddress would
      // return an Inet4Address.
      return Inet6Address.getByAddress(null, bytes, -1);
    } catch (UnknownHostException e) {
      throw new AssertionError("16 bytes always form an IPv6 address", e);
    }
  }
}
