package org.spamfree.core.spf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Macro expansion with the examples of RFC 7208 §7.4. */
class MacroExpanderTest {

  private static final MacroContext IPV4 =
      new MacroContext(
          "strong-bad@email.example.com",
          "email.example.com",
          InetAddresses.forString("192.0.2.3"),
          "mx.example.org",
          "mx.example.org",
          "mx.spamfree.test",
          1_700_000_000L);

  private static final MacroContext IPV6 =
      new MacroContext(
          "strong-bad@email.example.com",
          "email.example.com",
          InetAddresses.forString("2001:db8::cb01"),
          "mx.example.org",
          "mx.example.org",
          "mx.spamfree.test",
          1_700_000_000L);

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "%{s}, strong-bad@email.example.com",
    "%{o}, email.example.com",
    "%{d}, email.example.com",
    "%{d4}, email.example.com",
    "%{d3}, email.example.com",
    "%{d2}, example.com",
    "%{d1}, com",
    "%{dr}, com.example.email",
    "%{d2r}, example.email",
    "%{l}, strong-bad",
    "%{l-}, strong.bad",
    "%{lr}, strong-bad",
    "%{lr-}, bad.strong",
    "%{l1r-}, strong",
    "%{ir}.%{v}._spf.%{d2}, 3.2.0.192.in-addr._spf.example.com",
    "%{lr-}.lp._spf.%{d2}, bad.strong.lp._spf.example.com",
    "%{lr-}.lp.%{ir}.%{v}._spf.%{d2}, bad.strong.lp.3.2.0.192.in-addr._spf.example.com",
    "%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}, 3.2.0.192.in-addr.strong.lp._spf.example.com",
    "%{d2}.trusted-domains.example.net, example.com.trusted-domains.example.net",
  })
  void rfcExamplesIpv4(String macro, String expected) {
    assertThat(MacroExpander.expand(macro, IPV4, false)).isEqualTo(expected);
  }

  @Test
  void rfcExampleIpv6() {
    assertThat(MacroExpander.expand("%{ir}.%{v}._spf.%{d2}", IPV6, false))
        .isEqualTo(
            "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com");
  }

  @Test
  void remainingLettersExpand() {
    assertThat(MacroExpander.expand("%{h}", IPV4, false)).isEqualTo("mx.example.org");
    assertThat(MacroExpander.expand("%{p}", IPV4, false)).isEqualTo("mx.example.org");
    assertThat(MacroExpander.expand("%{i}", IPV6, false))
        .isEqualTo("2.0.0.1.0.d.b.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.c.b.0.1");
    assertThat(MacroExpander.expand("%{v}", IPV6, false)).isEqualTo("ip6");
  }

  @Test
  void explanationLettersExpandInExplanations() {
    assertThat(MacroExpander.expand("%{c} %{r} %{t}", IPV4, true))
        .isEqualTo("192.0.2.3 mx.spamfree.test 1700000000");
    assertThat(MacroExpander.expand("%{c}", IPV6, true)).isEqualTo("2001:db8::cb01");
  }

  @ParameterizedTest
  @ValueSource(strings = {"%{c}.example.com", "%{r}.example.com", "%{t}.example.com"})
  void explanationLettersRejectedInDomainSpecs(String macro) {
    assertThatThrownBy(() -> MacroExpander.expand(macro, IPV4, false))
        .isInstanceOf(SpfException.class)
        .hasMessageContaining("only in an explanation");
  }

  @Test
  void escapesExpand() {
    assertThat(MacroExpander.expand("a%%b%_c%-d", IPV4, true)).isEqualTo("a%b c%20d");
  }

  @Test
  void upperCaseLetterUrlEscapes() {
    MacroContext context =
        new MacroContext(
            "a b+c@example.com",
            "example.com",
            InetAddresses.forString("192.0.2.3"),
            "h.example",
            "unknown",
            "mx.spamfree.test",
            0);

    assertThat(MacroExpander.expand("%{S}", context, true)).isEqualTo("a%20b%2Bc%40example.com");
  }

  @Test
  void delimitersSplitAndDigitsKeepRightParts() {
    MacroContext context =
        new MacroContext(
            "a.b-c+d,e/f_g=h@example.com",
            "example.com",
            InetAddresses.forString("192.0.2.3"),
            "h.example",
            "unknown",
            "mx.spamfree.test",
            0);

    assertThat(MacroExpander.expand("%{l.-+,/_=}", context, false)).isEqualTo("a.b.c.d.e.f.g.h");
    assertThat(MacroExpander.expand("%{l1r=}", context, false)).isEqualTo("a.b-c+d,e/f_g");
    assertThat(MacroExpander.expand("%{l2r=}", context, false)).isEqualTo("h.a.b-c+d,e/f_g");
    assertThat(MacroExpander.expand("%{d128}", context, false)).isEqualTo("example.com");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"%{d0}", "%{x}", "%{d", "%", "%a", "%{}", "%{d2q}", "a b", "%{dd}", "\u00e9"})
  void invalidMacrosArePermerror(String macro) {
    assertThatThrownBy(() -> MacroExpander.expand(macro, IPV4, false))
        .isInstanceOf(SpfException.class)
        .satisfies(
            error -> assertThat(((SpfException) error).result()).isEqualTo(SpfResult.PERMERROR));
  }

  @Test
  void spaceAllowedOnlyInExplanation() {
    assertThat(MacroExpander.expand("not %{d}", IPV4, true)).isEqualTo("not email.example.com");
  }
}
