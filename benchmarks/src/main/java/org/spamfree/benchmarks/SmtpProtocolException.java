package org.spamfree.benchmarks;

import java.io.IOException;

/** Reply that breaks the SMTP syntax, or a 2xx or 3xx reply where the other class was expected. */
final class SmtpProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  SmtpProtocolException(String message) {
    super(message);
  }
}
