package org.spamfree.core.spf;

/**
 * Stops an SPF evaluation with temperror or permerror. It carries the result and the reason only,
 * without a stack trace, since it marks a DNS or record problem and not a bug.
 */
final class SpfException extends RuntimeException {

  private final SpfResult result;

  private SpfException(SpfResult result, String reason) {
    super(reason, null, false, false);
    this.result = result;
  }

  static SpfException permerror(String reason) {
    return new SpfException(SpfResult.PERMERROR, reason);
  }

  static SpfException temperror(String reason) {
    return new SpfException(SpfResult.TEMPERROR, reason);
  }

  SpfResult result() {
    return result;
  }
}
