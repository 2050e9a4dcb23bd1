package org.spamfree.core.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Record syntax of RFC 7208 §4.6 and §12, with a fuzz test of the parser. */
class SpfRecordParserTest {

  @Test
  void everyMechanismParses() {
    SpfRecord record =
        valid(
            "v=spf1 +all -include:_spf.example.com ~a ?a:mail.example.com/24//64 mx/30"
                + " mx:example.com//48 ptr ptr:example.com ip4:192.0.2.0/24 ip6:2001:db8::/32"
                + " exists:%{ir}.%{v}._spf.%{d2}");

    assertThat(record.mechanisms())
        .extracting(Mechanism::kind)
        .containsExactly(
            Mechanism.Kind.ALL,
            Mechanism.Kind.INCLUDE,
            Mechanism.Kind.A,
            Mechanism.Kind.A,
            Mechanism.Kind.MX,
            Mechanism.Kind.MX,
            Mechanism.Kind.PTR,
            Mechanism.Kind.PTR,
            Mechanism.Kind.IP4,
            Mechanism.Kind.IP6,
            Mechanism.Kind.EXISTS);
    assertThat(record.mechanisms())
        .extracting(Mechanism::qualifier)
        .startsWith(
            Mechanism.Qualifier.PASS,
            Mechanism.Qualifier.FAIL,
            Mechanism.Qualifier.SOFTFAIL,
            Mechanism.Qualifier.NEUTRAL,
            Mechanism.Qualifier.PASS);
  }

  @Test
  void dualCidrLengthsParse() {
    Mechanism a = valid("v=spf1 a:mail.example.com/24//64").mechanisms().get(0);
    Mechanism mx = valid("v=spf1 mx//48").mechanisms().get(0);
    Mechanism plain = valid("v=spf1 a").mechanisms().get(0);

    assertThat(a.domainSpec()).contains("mail.example.com");
    assertThat(a.ip4Prefix()).isEqualTo(24);
    assertThat(a.ip6Prefix()).isEqualTo(64);
    assertThat(mx.domainSpec()).isEmpty();
    assertThat(mx.ip4Prefix()).isEqualTo(32);
    assertThat(mx.ip6Prefix()).isEqualTo(48);
    assertThat(plain.ip4Prefix()).isEqualTo(32);
    assertThat(plain.ip6Prefix()).isEqualTo(128);
  }

  @Test
  void modifiersParseAndUnknownOnesAreIgnored() {
    SpfRecord record =
        valid("v=spf1 -all redirect=_spf.example.com exp=explain.%{d} moo.cow-far_out=man:dog/cat");

    assertThat(record.redirect()).contains("_spf.example.com");
    assertThat(record.explanation()).contains("explain.%{d}");
    assertThat(record.mechanisms()).hasSize(1);
  }

  @Test
  void namesAndVersionIgnoreCase() {
    SpfRecord record = valid("V=SPF1 IP4:192.0.2.1 -ALL Redirect=example.com");

    assertThat(record.mechanisms()).hasSize(2);
    assertThat(record.redirect()).contains("example.com");
  }

  @Test
  void extraSpacesAreAllowed() {
    assertThat(valid("v=spf1   ip4:192.0.2.1   -all  ").mechanisms()).hasSize(2);
  }

  @Test
  void recordSelectionNeedsVersionAndSpace() {
    assertThat(SpfRecordParser.isSpfRecord("v=spf1")).isTrue();
    assertThat(SpfRecordParser.isSpfRecord("v=spf1 -all")).isTrue();
    assertThat(SpfRecordParser.isSpfRecord("v=spf10 -all")).isFalse();
    assertThat(SpfRecordParser.isSpfRecord("spf2.0/pra -all")).isFalse();
    assertThat(SpfRecordParser.isSpfRecord(" v=spf1 -all")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "v=spf1 ip4:192.0.2.300",
        "v=spf1 ip4:192.0.2.1/33",
        "v=spf1 ip4:192.0.2.1/024",
        "v=spf1 ip4:192.0.2",
        "v=spf1 ip6:192.0.2.1",
        "v=spf1 ip6:2001:db8::/129",
        "v=spf1 a/33",
        "v=spf1 a//129",
        "v=spf1 a:example.com/",
        "v=spf1 include",
        "v=spf1 include:",
        "v=spf1 exists",
        "v=spf1 all:example.com",
        "v=spf1 a:foo",
        "v=spf1 a:foo.123",
        "v=spf1 a:example.com.123.",
        "v=spf1 foo:example.com",
        "v=spf1 -",
        "v=spf1 redirect=a.example redirect=b.example",
        "v=spf1 exp=a.example exp=b.example",
        "v=spf1 redirect=",
        "v=spf1 a:%{c}.example.com",
        "v=spf1 exists:%{d0}.example.com",
        "v=spf1 a:%{q}.example.com",
        "v=spf1 1foo=bar",
        "v=spf1 a:exa\tmple.com",
        "v=spf1 ip4:192.0.2.1\t-all",
      })
  void syntaxErrorsArePermerror(String text) {
    assertThat(SpfRecordParser.parse(text)).isInstanceOf(ParsedRecord.Invalid.class);
  }

  @Test
  void errorNamesTheTerm() {
    ParsedRecord.Invalid invalid =
        (ParsedRecord.Invalid) SpfRecordParser.parse("v=spf1 ip4:192.0.2.1 ip4:192.0.2.300 -all");

    assertThat(invalid.reason()).contains("ip4:192.0.2.300").contains("not an IPv4 address");
  }

  @Test
  void domainSpecEndingInMacroIsValid() {
    assertThat(valid("v=spf1 exists:%{i}._spf.%{d}").mechanisms()).hasSize(1);
    assertThat(valid("v=spf1 a:foo-bar.example-net").mechanisms()).hasSize(1);
  }

  /**
   * Random and mutated records must never throw: they parse or give {@link ParsedRecord.Invalid}.
   * Fixed seeds keep failures reproducible.
   */
  @Test
  void fuzzedRecordsNeverThrow() {
    List<String> seeds =
        List.of(
            "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all",
            "v=spf1 a:mail.example.com/24//64 mx ptr include:_spf.example.com ~all",
            "v=spf1 exists:%{lr-}.lp.%{ir}.%{v}._spf.%{d2} redirect=_spf.%{d} exp=x.%{d}",
            "v=spf1 mx:example.com//48 ?all moo=%{s}%%%_%-");
    String alphabet = "v=spf1 :/.%{}-+~?_aAdDiIlLpPsrRcCtThHoO0123456789xmxall\t\u00e9@,=";
    Random random = new Random(7208);
    int parsedValid = 0;
    for (int iteration = 0; iteration < 20_000; iteration++) {
      String text;
      if (iteration % 2 == 0) {
        StringBuilder mutated = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
        int edits = 1 + random.nextInt(4);
        for (int edit = 0; edit < edits && mutated.length() > 0; edit++) {
          int position = random.nextInt(mutated.length());
          char replacement = alphabet.charAt(random.nextInt(alphabet.length()));
          switch (random.nextInt(3)) {
            case 0 -> mutated.setCharAt(position, replacement);
            case 1 -> mutated.insert(position, replacement);
            default -> mutated.deleteCharAt(position);
          }
        }
        text = mutated.toString();
      } else {
        StringBuilder noise = new StringBuilder("v=spf1 ");
        int length = random.nextInt(60);
        for (int index = 0; index < length; index++) {
          noise.append(
              random.nextInt(10) == 0
                  ? (char) random.nextInt(0x3000)
                  : alphabet.charAt(random.nextInt(alphabet.length())));
        }
        text = noise.toString();
      }
      ParsedRecord parsed = SpfRecordParser.parse(text);
      assertThat(parsed).as(text).isNotNull();
      if (parsed instanceof ParsedRecord.Valid) {
        parsedValid++;
      }
    }
    assertThat(parsedValid).as("some mutations stay valid").isPositive();
  }

  private static SpfRecord valid(String text) {
    ParsedRecord parsed = SpfRecordParser.parse(text);
    assertThat(parsed).as(text).isInstanceOf(ParsedRecord.Valid.class);
    return ((ParsedRecord.Valid) parsed).record();
  }
}
