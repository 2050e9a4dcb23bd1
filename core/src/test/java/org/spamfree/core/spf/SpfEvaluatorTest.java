package org.spamfree.core.spf;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spamfree.core.config.HostPort;
import org.spamfree.core.dns.DnsResolver;
import org.spamfree.core.dns.NsdServer;
import org.spamfree.core.dns.SilentDnsServer;

/**
 * check_host() against NSD serving {@code spf.test} and {@code 2.0.192.in-addr.arpa}, with records
 * built from the cases of RFC 7208. Names outside those zones are refused by NSD, which the
 * resolver reports as a server failure.
 */
class SpfEvaluatorTest {

  @RegisterExtension static NsdServer nsd = NsdServer.serving("spf.test", "2.0.192.in-addr.arpa");

  private final DnsResolver resolver =
      new DnsResolver(List.of(nsd.hostPort()), Duration.ofSeconds(2), 1000, Clock.systemUTC());
  private final SpfEvaluator evaluator =
      new SpfEvaluator(
          resolver,
          Duration.ofSeconds(10),
          SpfEvaluator.DEFAULT_VOID_LOOKUP_LIMIT,
          "mx.spamfree.test",
          Clock.systemUTC());

  @ParameterizedTest(name = "{1} from {0} -> {2}")
  @CsvSource({
    // Record selection (§4.5) and results of the qualifiers (§4.6.2)
    "192.0.2.1, pass-ip4.spf.test, PASS",
    "198.51.100.1, pass-ip4.spf.test, FAIL",
    "2001:db8::1, ip6.spf.test, PASS",
    "192.0.2.1, ip6.spf.test, FAIL",
    "192.0.2.1, softfail.spf.test, SOFTFAIL",
    "192.0.2.1, neutral.spf.test, NEUTRAL",
    "192.0.2.1, empty.spf.test, NEUTRAL",
    "192.0.2.1, none.spf.test, NONE",
    "192.0.2.1, nxdomain.spf.test, NONE",
    "192.0.2.1, two.spf.test, PERMERROR",
    "192.0.2.1, upper.spf.test, PASS",
    "192.0.2.1, split.spf.test, PASS",
    "192.0.2.2, split.spf.test, FAIL",
    "192.0.2.1, syntax.spf.test, PERMERROR",
    "192.0.2.1, unknown-mod.spf.test, FAIL",
    // a (§5.3) with single and dual CIDR lengths
    "192.0.2.10, a.spf.test, PASS",
    "2001:db8::10, a.spf.test, PASS",
    "192.0.2.11, a.spf.test, FAIL",
    "192.0.2.200, a-cidr.spf.test, PASS",
    "2001:db8::1:2, a-cidr.spf.test, PASS",
    "2001:db8:1::99, a-cidr.spf.test, FAIL",
    "192.0.2.99, a-other.spf.test, PASS",
    "192.0.2.98, a-other.spf.test, FAIL",
    // mx (§5.4)
    "192.0.2.21, mx.spf.test, PASS",
    "2001:db8::22, mx.spf.test, PASS",
    "192.0.2.23, mx.spf.test, FAIL",
    "192.0.2.23, mx-cidr.spf.test, PASS",
    "192.0.2.60, mx-ten.spf.test, PASS",
    "192.0.2.60, mx-eleven.spf.test, PERMERROR",
    // include (§5.2)
    "192.0.2.30, include.spf.test, PASS",
    "192.0.2.31, include.spf.test, FAIL",
    "192.0.2.1, include-none.spf.test, PERMERROR",
    "192.0.2.1, include-perm.spf.test, PERMERROR",
    "192.0.2.1, include-temp.spf.test, TEMPERROR",
    "192.0.2.1, include-loop.spf.test, PERMERROR",
    // redirect (§6.1)
    "192.0.2.1, redirect.spf.test, PASS",
    "198.51.100.1, redirect.spf.test, FAIL",
    "192.0.2.1, redirect-none.spf.test, PERMERROR",
    // exists and macros (§5.7, §7)
    "192.0.2.1, exists.spf.test, PASS",
    "192.0.2.2, exists.spf.test, FAIL",
    "2001:db8::cb01, exists-v6.spf.test, PASS",
    "192.0.2.1, macro-ctr.spf.test, PERMERROR",
    // ptr (§5.5) and %{p}; of more than ten PTR names only the first ten are checked (§4.6.4)
    "192.0.2.40, ptr.spf.test, PASS",
    "192.0.2.41, ptr.spf.test, FAIL",
    "192.0.2.42, ptr.spf.test, FAIL",
    "192.0.2.40, ptr-other.spf.test, FAIL",
    "192.0.2.43, ptr.spf.test, PASS",
    "192.0.2.44, ptr.spf.test, FAIL",
    "192.0.2.40, p-macro.spf.test, PASS",
    "192.0.2.41, p-macro.spf.test, FAIL",
    // Limits (§4.6.4): ten DNS terms and two void lookups are allowed, one more is permerror
    "192.0.2.1, limit-ten.spf.test, PASS",
    "192.0.2.1, limit-eleven.spf.test, PERMERROR",
    "192.0.2.1, void-two.spf.test, PASS",
    "192.0.2.1, void-three.spf.test, PERMERROR",
    // Malformed domains give none without a lookup (§4.3)
    "192.0.2.1, single-label, NONE",
    "192.0.2.1, bad..spf.test, NONE",
  })
  void checkHostFollowsRfc(String client, String domain, SpfResult expected) throws Exception {
    SpfEvaluation evaluation = mailFrom(client, "sender@" + domain);

    assertThat(evaluation.result()).as(String.join("\n", evaluation.trace())).isEqualTo(expected);
  }

  @Test
  void macroExampleOfRfcPasses() throws Exception {
    SpfEvaluation evaluation = mailFrom("192.0.2.3", "strong-bad@macro.spf.test");

    assertThat(evaluation.result()).isEqualTo(SpfResult.PASS);
    assertThat(evaluation.trace())
        .anyMatch(line -> line.contains("bad.strong.lp.3.2.0.192.in-addr._spf.spf.test"));
  }

  @Test
  void failCarriesExplanationFromExp() throws Exception {
    SpfEvaluation evaluation = mailFrom("192.0.2.7", "someone@exp.spf.test");

    assertThat(evaluation.result()).isEqualTo(SpfResult.FAIL);
    assertThat(evaluation.explanation())
        .contains("192.0.2.7 is not one of exp.spf.test's designated mail servers.");
    assertThat(evaluation.matchedTerm()).contains("-all");
  }

  @Test
  void redirectUsesExplanationOfTarget() throws Exception {
    SpfEvaluation evaluation = mailFrom("192.0.2.7", "a b@redirect-exp.spf.test");

    assertThat(evaluation.result()).isEqualTo(SpfResult.FAIL);
    assertThat(evaluation.explanation())
        .contains(
            "See http://exp-target.spf.test/why.html?s=a%20b%40redirect-exp.spf.test&i=192.0.2.7");
  }

  @Test
  void includeDoesNotUseExplanationOfIncludedRecord() throws Exception {
    SpfEvaluation evaluation = mailFrom("192.0.2.7", "user@include-exp.spf.test");

    assertThat(evaluation.result()).isEqualTo(SpfResult.FAIL);
    assertThat(evaluation.explanation())
        .contains(
            "See http://include-exp.spf.test/why.html?s=user%40include-exp.spf.test&i=192.0.2.7");
  }

  @Test
  void explanationExpandsEveryLetter() throws Exception {
    SpfEvaluation evaluation = mailFrom("192.0.2.40", "user@exp-p.spf.test");

    assertThat(evaluation.result()).isEqualTo(SpfResult.FAIL);
    assertThat(evaluation.explanation())
        .hasValueSatisfying(
            text ->
                assertThat(text)
                    .startsWith(
                        "192.0.2.40 (mail.ptr.spf.test) may not send for exp-p.spf.test;"
                            + " checked by mx.spamfree.test at ")
                    .matches(".* at [0-9]{10}$"));
  }

  @Test
  void unusableExpGivesDefaultExplanation() throws Exception {
    String expected = "exp-missing.spf.test does not designate 192.0.2.7 as a permitted sender";

    assertThat(mailFrom("192.0.2.7", "u@exp-missing.spf.test").explanation()).contains(expected);
    assertThat(mailFrom("192.0.2.7", "u@exp-two.spf.test").explanation())
        .contains("exp-two.spf.test does not designate 192.0.2.7 as a permitted sender");
  }

  @Test
  void nullSenderChecksPostmasterAtHelo() throws Exception {
    SpfEvaluation evaluation =
        evaluator
            .checkMailFrom(address("192.0.2.50"), "helo.spf.test", "")
            .get(5, TimeUnit.SECONDS);

    assertThat(evaluation.result()).isEqualTo(SpfResult.PASS);
    assertThat(evaluation.identity()).isEqualTo(SpfEvaluation.Identity.MAILFROM);
    assertThat(evaluation.sender()).isEqualTo("postmaster@helo.spf.test");
  }

  @Test
  void heloIdentityChecked() throws Exception {
    SpfEvaluation pass =
        evaluator.checkHelo(address("192.0.2.50"), "HELO.spf.test.").get(5, TimeUnit.SECONDS);
    SpfEvaluation fail =
        evaluator.checkHelo(address("192.0.2.51"), "helo.spf.test").get(5, TimeUnit.SECONDS);

    assertThat(pass.result()).isEqualTo(SpfResult.PASS);
    assertThat(pass.domain()).isEqualTo("helo.spf.test");
    assertThat(pass.identity()).isEqualTo(SpfEvaluation.Identity.HELO);
    assertThat(fail.result()).isEqualTo(SpfResult.FAIL);
  }

  @Test
  void heloAddressLiteralGivesNone() throws Exception {
    assertThat(evaluator.checkHelo(address("192.0.2.50"), "[192.0.2.50]").get().result())
        .isEqualTo(SpfResult.NONE);
    assertThat(evaluator.checkHelo(address("192.0.2.50"), "192.0.2.50").get().result())
        .isEqualTo(SpfResult.NONE);
    assertThat(evaluator.checkMailFrom(address("192.0.2.50"), "", "").get().result())
        .isEqualTo(SpfResult.NONE);
  }

  @Test
  void senderWithoutLocalPartUsesPostmaster() throws Exception {
    SpfEvaluation evaluation = mailFrom("192.0.2.1", "@pass-ip4.spf.test");

    assertThat(evaluation.sender()).isEqualTo("postmaster@pass-ip4.spf.test");
    assertThat(evaluation.result()).isEqualTo(SpfResult.PASS);
  }

  @Test
  void ipv4MappedClientIsIpv4() throws Exception {
    SpfEvaluation evaluation = mailFrom("::ffff:192.0.2.1", "x@pass-ip4.spf.test");

    assertThat(evaluation.result()).isEqualTo(SpfResult.PASS);
    assertThat(evaluation.client().getHostAddress()).isEqualTo("192.0.2.1");
  }

  @Test
  void domainCaseAndTrailingDotIgnored() throws Exception {
    assertThat(mailFrom("192.0.2.1", "x@PASS-IP4.Spf.Test.").result()).isEqualTo(SpfResult.PASS);
  }

  @Test
  void traceListsTermsAndLookups() throws Exception {
    SpfEvaluation evaluation = mailFrom("192.0.2.30", "x@include.spf.test");

    assertThat(evaluation.trace())
        .contains("check_host domain=include.spf.test")
        .contains("  check_host domain=inc.spf.test")
        .contains("include:inc.spf.test: match");
    assertThat(evaluation.trace())
        .anyMatch(line -> line.startsWith("TXT include.spf.test. -> ANSWER"));
    assertThat(evaluation.matchedTerm()).contains("include:inc.spf.test");
  }

  @Test
  void limitErrorNamesTheRule() throws Exception {
    SpfEvaluation evaluation = mailFrom("192.0.2.1", "x@limit-eleven.spf.test");

    assertThat(evaluation.problem())
        .hasValueSatisfying(p -> assertThat(p).contains("more than 10 DNS-querying terms"));
  }

  @Test
  void silentServerGivesTemperrorAtDeadline() throws Exception {
    try (SilentDnsServer silent = new SilentDnsServer()) {
      DnsResolver slow =
          new DnsResolver(
              List.of(HostPort.parse("127.0.0.1:" + silent.port())),
              Duration.ofSeconds(30),
              0,
              Clock.systemUTC());
      SpfEvaluator bounded =
          new SpfEvaluator(slow, Duration.ofMillis(300), 2, "mx.spamfree.test", Clock.systemUTC());

      SpfEvaluation evaluation =
          bounded
              .checkMailFrom(address("192.0.2.1"), "h.spf.test", "a@pass-ip4.spf.test")
              .get(5, TimeUnit.SECONDS);

      assertThat(evaluation.result()).isEqualTo(SpfResult.TEMPERROR);
      assertThat(evaluation.problem()).hasValueSatisfying(p -> assertThat(p).contains("deadline"));
    }
  }

  @Test
  void queryTimeoutGivesTemperror() throws Exception {
    try (SilentDnsServer silent = new SilentDnsServer()) {
      DnsResolver slow =
          new DnsResolver(
              List.of(HostPort.parse("127.0.0.1:" + silent.port())),
              Duration.ofMillis(200),
              0,
              Clock.systemUTC());
      SpfEvaluator bounded =
          new SpfEvaluator(slow, Duration.ofSeconds(5), 2, "mx.spamfree.test", Clock.systemUTC());

      SpfEvaluation evaluation =
          bounded
              .checkMailFrom(address("192.0.2.1"), "h.spf.test", "a@pass-ip4.spf.test")
              .get(5, TimeUnit.SECONDS);

      assertThat(evaluation.result()).isEqualTo(SpfResult.TEMPERROR);
      assertThat(evaluation.problem()).hasValueSatisfying(p -> assertThat(p).contains("TIMEOUT"));
    }
  }

  private SpfEvaluation mailFrom(String client, String sender) throws Exception {
    return evaluator
        .checkMailFrom(address(client), "mail.client.test", sender)
        .get(10, TimeUnit.SECONDS);
  }

  private static java.net.InetAddress address(String text) {
    return InetAddresses.forString(text);
  }
}
