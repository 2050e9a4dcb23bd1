package org.spamfree.core.spf;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Received-SPF (RFC 7208 §9.1), Authentication-Results (RFC 8601), symbols and attributes. */
class SpfHeadersTest {

  private static final String RECEIVER = "mx.spamfree.test";

  @Test
  void receivedSpfOfPassHasEveryField() {
    String value = SpfHeaders.receivedSpf(evaluation(SpfResult.PASS, "a@example.test"), RECEIVER);

    assertThat(value)
        .isEqualTo(
            "pass (mx.spamfree.test: domain of a@example.test designates 192.0.2.1 as permitted"
                + " sender) client-ip=192.0.2.1; envelope-from=\"a@example.test\";"
                + " helo=mail.example.test; receiver=mx.spamfree.test; identity=mailfrom;"
                + " mechanism=\"ip4:192.0.2.0/24\";");
  }

  @Test
  void receivedSpfOfErrorHasProblem() {
    SpfEvaluation error =
        new SpfEvaluation(
            SpfEvaluation.Identity.MAILFROM,
            SpfResult.PERMERROR,
            "example.test",
            "a@example.test",
            "mail.example.test",
            InetAddresses.forString("2001:db8::1"),
            Optional.empty(),
            Optional.empty(),
            Optional.of("invalid term 'a:\"x' (bad)"),
            List.of(),
            Duration.ZERO);

    String value = SpfHeaders.receivedSpf(error, RECEIVER);

    assertThat(value).startsWith("permerror (mx.spamfree.test: permanent error in processing");
    assertThat(value).contains("problem=\"invalid term 'a:\\\"x' (bad)\";");
    assertThat(value).contains("client-ip=2001:db8::1;");
  }

  @Test
  void craftedSenderCannotBreakHeader() {
    String value =
        SpfHeaders.receivedSpf(evaluation(SpfResult.FAIL, "\"x) y\\\r\n\"@example.test"), RECEIVER);

    assertThat(value).doesNotContain("\r").doesNotContain("\n");
    assertThat(value).contains("(mx.spamfree.test: domain of \"x? y???\"@example.test does not");
  }

  @Test
  void authenticationResultsNamesIdentities() {
    String value =
        SpfHeaders.authenticationResults(
            evaluation(SpfResult.SOFTFAIL, "a@example.test"), RECEIVER);

    assertThat(value)
        .isEqualTo(
            "mx.spamfree.test; spf=softfail smtp.mailfrom=a@example.test smtp.helo=mail.example.test");
  }

  @Test
  void authenticationResultsQuotesOddSender() {
    String value =
        SpfHeaders.authenticationResults(evaluation(SpfResult.PASS, "a b@example.test"), RECEIVER);

    assertThat(value).contains("smtp.mailfrom=\"a b@example.test\"");
  }

  @Test
  void forgedHeadersRecognised() {
    assertThat(SpfHeaders.claimsAuthServId("MX.spamfree.test; spf=pass", RECEIVER)).isTrue();
    assertThat(SpfHeaders.claimsAuthServId(" mx.spamfree.test 1; spf=pass", RECEIVER)).isTrue();
    assertThat(SpfHeaders.claimsAuthServId("other.test; spf=pass", RECEIVER)).isFalse();
    assertThat(SpfHeaders.claimsAuthServId("mx.spamfree.test.evil; spf=pass", RECEIVER)).isFalse();
    assertThat(SpfHeaders.claimsReceiver("pass (x) receiver=mx.spamfree.test;", RECEIVER)).isTrue();
    assertThat(SpfHeaders.claimsReceiver("pass receiver=\"MX.SPAMFREE.TEST\";", RECEIVER)).isTrue();
    assertThat(SpfHeaders.claimsReceiver("pass receiver=other.test;", RECEIVER)).isFalse();
  }

  @Test
  void symbolsPerIdentity() {
    SpfOutcome outcome =
        new SpfOutcome(
            evaluation(SpfResult.FAIL, "a@example.test"),
            Optional.of(evaluation(SpfResult.NONE, "postmaster@mail.example.test")));

    assertThat(SpfSymbols.symbols(outcome))
        .extracting(symbol -> symbol.name())
        .containsExactly(SpfSymbols.SPF_FAIL, SpfSymbols.SPF_HELO_NONE);
  }

  @Test
  void attributeFieldsCarryResult() {
    SpfOutcome outcome =
        new SpfOutcome(evaluation(SpfResult.PASS, "a@example.test"), Optional.empty());

    assertThat(outcome.attributeFields())
        .containsEntry("result", "pass")
        .containsEntry("domain", "example.test")
        .containsEntry("sender", "a@example.test")
        .containsEntry("client-ip", "192.0.2.1")
        .containsEntry("mechanism", "ip4:192.0.2.0/24")
        .doesNotContainKey("helo-result");
  }

  private static SpfEvaluation evaluation(SpfResult result, String sender) {
    return new SpfEvaluation(
        SpfEvaluation.Identity.MAILFROM,
        result,
        "example.test",
        sender,
        "mail.example.test",
        InetAddresses.forString(result == SpfResult.PERMERROR ? "2001:db8::1" : "192.0.2.1"),
        Optional.empty(),
        Optional.of("ip4:192.0.2.0/24"),
        Optional.empty(),
        List.of(),
        Duration.ZERO);
  }
}
