package org.spamfree.core.clamav;

/**
 * Outcome of scanning one message. Only {@link Clean} means the message was scanned and nothing was
 * found; every other outcome must be handled by the caller's policy.
 */
public sealed interface ScanResult {

  /** A clamd server replied {@code stream: OK}. */
  record Clean(ClamdEndpoint server) implements ScanResult {}

  /** A clamd server replied {@code stream: NAME FOUND}. */
  record Infected(String signature, ClamdEndpoint server) implements ScanResult {}

  /**
   * No server gave a verdict: every server was unreachable, timed out or replied with an error.
   *
   * @param reason the last failure, for logs
   */
  record Failed(String reason) implements ScanResult {}

  /**
   * The message is larger than the configured stream limit, so it was not sent; clamd would reply
   * {@code INSTREAM size limit exceeded} and scan nothing.
   *
   * @param size bytes of the message, or of the part read before the limit was passed
   * @param limit the configured limit in bytes
   */
  record Oversized(long size, long limit) implements ScanResult {}
}
