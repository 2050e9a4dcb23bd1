package org.spamfree.core.clamav;

import java.util.Objects;
import java.util.Optional;
import org.spamfree.core.verdict.Symbol;

/**
 * Outcome for a message after its virus scan, the same for the SMTP hook and the mailet that scans
 * after queueing.
 *
 * <ul>
 *   <li>a virus: REJECT with 554 5.7.1 and the signature name
 *   <li>no verdict from any server: TEMPFAIL with 451 4.7.1, or ACCEPT with {@code CLAM_UNSCANNED}
 *       when {@code clamav.on.failure = accept}
 *   <li>too large for the stream limit: REJECT with 552 5.3.4 (RFC 3463: message length exceeds
 *       administrative limit), TEMPFAIL, or ACCEPT with {@code CLAM_OVERSIZED}, after {@code
 *       clamav.on.oversize}
 * </ul>
 *
 * @param kind whether the message is accepted
 * @param status the {@code X-Virus-Status} of an accepted message
 * @param signature the signature name of a virus
 * @param symbol the symbol added to the verdict of an accepted unscanned message
 * @param smtpCode the reply code of a refused message, such as 554
 * @param smtpText the reply text with its enhanced status code, such as {@code 5.7.1 ...}
 * @param reason a short explanation for the log
 */
public record ScanDecision(
    Kind kind,
    VirusStatus status,
    Optional<String> signature,
    Optional<Symbol> symbol,
    String smtpCode,
    String smtpText,
    String reason) {

  /** Whether the message passes. */
  public enum Kind {
    ACCEPT,
    REJECT,
    TEMPFAIL
  }

  public ScanDecision {
    Objects.requireNonNull(kind, "kind must not be null");
    Objects.requireNonNull(status, "status must not be null");
    Objects.requireNonNull(signature, "signature must not be null");
    Objects.requireNonNull(symbol, "symbol must not be null");
  }

  /** Maps a scan result to a decision with the configured failure and oversize handling. */
  public static ScanDecision of(ScanResult result, ClamavSettings settings) {
    if (result instanceof ScanResult.Clean clean) {
      return new ScanDecision(
          Kind.ACCEPT,
          VirusStatus.CLEAN,
          Optional.empty(),
          Optional.empty(),
          "",
          "",
          "clean server=" + clean.server());
    }
    if (result instanceof ScanResult.Infected infected) {
      return new ScanDecision(
          Kind.REJECT,
          VirusStatus.INFECTED,
          Optional.of(infected.signature()),
          Optional.of(
              new Symbol(ClamavSymbols.CLAM_VIRUS, "virus " + infected.signature() + " found")),
          "554",
          "5.7.1 Message rejected: virus " + infected.signature() + " found",
          "virus signature=" + infected.signature() + " server=" + infected.server());
    }
    if (result instanceof ScanResult.Oversized oversized) {
      return oversized(oversized, settings.onOversize());
    }
    ScanResult.Failed failed = (ScanResult.Failed) result;
    if (settings.onFailure() == ClamavSettings.FailureAction.ACCEPT) {
      return unscanned(
          ClamavSymbols.CLAM_UNSCANNED,
          "no virus scanner could scan the message",
          "unscanned failure=" + failed.reason());
    }
    return new ScanDecision(
        Kind.TEMPFAIL,
        VirusStatus.UNSCANNED,
        Optional.empty(),
        Optional.empty(),
        "451",
        "4.7.1 Virus scanner unavailable, try again later",
        "scan failed: " + failed.reason());
  }

  private static ScanDecision oversized(
      ScanResult.Oversized oversized, ClamavSettings.OversizeAction action) {
    String sizes = "size=" + oversized.size() + " limit=" + oversized.limit();
    return switch (action) {
      case REJECT -> new ScanDecision(
          Kind.REJECT,
          VirusStatus.UNSCANNED,
          Optional.empty(),
          Optional.empty(),
          "552",
          "5.3.4 Message too large for the virus scanner (limit " + oversized.limit() + " bytes)",
          "oversized " + sizes);
      case TEMPFAIL -> new ScanDecision(
          Kind.TEMPFAIL,
          VirusStatus.UNSCANNED,
          Optional.empty(),
          Optional.empty(),
          "451",
          "4.7.1 Message too large for the virus scanner, try again later",
          "oversized " + sizes);
      case ACCEPT -> unscanned(
          ClamavSymbols.CLAM_OVERSIZED,
          "message larger than the virus scanner's limit of " + oversized.limit() + " bytes",
          "oversized " + sizes);
    };
  }

  private static ScanDecision unscanned(String symbol, String symbolReason, String reason) {
    return new ScanDecision(
        Kind.ACCEPT,
        VirusStatus.UNSCANNED,
        Optional.empty(),
        Optional.of(new Symbol(symbol, symbolReason)),
        "",
        "",
        reason);
  }
}
