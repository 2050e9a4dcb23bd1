package org.spamfree.core.clamav;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spamfree.core.clamav.ClamavSettings.FailureAction;
import org.spamfree.core.clamav.ClamavSettings.OversizeAction;
import org.spamfree.core.clamav.ScanDecision.Kind;

class ScanDecisionTest {

  private static final ClamdEndpoint SERVER = ClamdEndpoint.parse("tcp:127.0.0.1:3310");

  private static ClamavSettings settings(FailureAction onFailure, OversizeAction onOversize) {
    return new ClamavSettings(
        List.of(SERVER),
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        1024,
        onFailure,
        onOversize,
        0,
        Duration.ofSeconds(20),
        Duration.ofSeconds(30));
  }

  private static final ClamavSettings DEFAULTS =
      settings(FailureAction.TEMPFAIL, OversizeAction.REJECT);

  @Test
  void cleanIsAccepted() {
    ScanDecision decision = ScanDecision.of(new ScanResult.Clean(SERVER), DEFAULTS);

    assertThat(decision.kind()).isEqualTo(Kind.ACCEPT);
    assertThat(decision.status()).isEqualTo(VirusStatus.CLEAN);
    assertThat(decision.symbol()).isEmpty();
  }

  @Test
  void virusIsRejectedWithSignature() {
    ScanDecision decision =
        ScanDecision.of(new ScanResult.Infected("Win.Test.EICAR_HDB-1", SERVER), DEFAULTS);

    assertThat(decision.kind()).isEqualTo(Kind.REJECT);
    assertThat(decision.smtpCode()).isEqualTo("554");
    assertThat(decision.smtpText()).startsWith("5.7.1").contains("Win.Test.EICAR_HDB-1");
    assertThat(decision.signature()).hasValue("Win.Test.EICAR_HDB-1");
  }

  @Test
  void virusIsRejectedEvenWhenFailuresAreAccepted() {
    ScanDecision decision =
        ScanDecision.of(
            new ScanResult.Infected("Eicar", SERVER),
            settings(FailureAction.ACCEPT, OversizeAction.ACCEPT));

    assertThat(decision.kind()).isEqualTo(Kind.REJECT);
  }

  @Test
  void failureIsTempfailByDefault() {
    ScanDecision decision = ScanDecision.of(new ScanResult.Failed("timed out"), DEFAULTS);

    assertThat(decision.kind()).isEqualTo(Kind.TEMPFAIL);
    assertThat(decision.smtpCode()).isEqualTo("451");
    assertThat(decision.smtpText()).startsWith("4.7.1");
    assertThat(decision.reason()).contains("timed out");
  }

  @Test
  void failureAcceptedWithUnscannedSymbol() {
    ScanDecision decision =
        ScanDecision.of(
            new ScanResult.Failed("refused"),
            settings(FailureAction.ACCEPT, OversizeAction.REJECT));

    assertThat(decision.kind()).isEqualTo(Kind.ACCEPT);
    assertThat(decision.status()).isEqualTo(VirusStatus.UNSCANNED);
    assertThat(decision.symbol().orElseThrow().name()).isEqualTo(ClamavSymbols.CLAM_UNSCANNED);
  }

  @Test
  void oversizeFollowsItsOption() {
    ScanResult oversized = new ScanResult.Oversized(4096, 1024);

    ScanDecision reject = ScanDecision.of(oversized, DEFAULTS);
    ScanDecision tempfail =
        ScanDecision.of(oversized, settings(FailureAction.TEMPFAIL, OversizeAction.TEMPFAIL));
    ScanDecision accept =
        ScanDecision.of(oversized, settings(FailureAction.TEMPFAIL, OversizeAction.ACCEPT));

    assertThat(reject.kind()).isEqualTo(Kind.REJECT);
    assertThat(reject.smtpCode()).isEqualTo("552");
    assertThat(reject.smtpText()).startsWith("5.3.4").contains("1024");
    assertThat(tempfail.kind()).isEqualTo(Kind.TEMPFAIL);
    assertThat(tempfail.smtpCode()).isEqualTo("451");
    assertThat(accept.kind()).isEqualTo(Kind.ACCEPT);
    assertThat(accept.status()).isEqualTo(VirusStatus.UNSCANNED);
    assertThat(accept.symbol().orElseThrow().name()).isEqualTo(ClamavSymbols.CLAM_OVERSIZED);
  }

  @Test
  void statusHeaderNamesSignature() {
    assertThat(VirusStatus.INFECTED.headerValue("Eicar")).isEqualTo("Infected (Eicar)");
    assertThat(VirusStatus.CLEAN.headerValue(null)).isEqualTo("Clean");
    assertThat(VirusStatus.UNSCANNED.headerValue("")).isEqualTo("Unscanned");
  }
}
