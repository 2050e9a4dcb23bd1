package org.spamfree.benchmarks;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Builds the test messages of a run. Each message has the headers Message-ID, Date, From, To,
 * Subject and {@code X-Load-Seq}, then a body of printable ASCII lines, all ending in CRLF.
 *
 * <p>A message is exactly the configured size, counted before dot-stuffing, with two exceptions.
 * When the headers and the blank line after them exceed the size, the message has no body and is
 * larger. When they leave exactly one byte, the body is empty and the message is one byte short,
 * because no line with its CRLF fits in one byte.
 */
final class MessageComposer {
  static final int BODY_LINE_LENGTH = 76;

  private static final int CRLF_LENGTH = 2;
  private static final char FIRST_PRINTABLE = '!';
  private static final int PRINTABLE_COUNT = '~' - '!' + 1;
  // Line i starts 13 * i characters into the printable range, so line 1 (and every 94th line after
  // it) starts with '.', the character at offset 13. Every message with two or more body lines
  // therefore needs dot-stuffing, and a server that does not undo it corrupts the body.
  private static final int LINE_START_STEP = '.' - FIRST_PRINTABLE;

  private final LoadOptions options;
  private final String runId;

  /**
   * @param runId text that makes the Message-IDs of this run unique, such as a random UUID
   */
  MessageComposer(LoadOptions options, String runId) {
    this.options = options;
    this.runId = runId;
  }

  /** Builds message number {@code sequence}, with CRLF line endings and before dot-stuffing. */
  byte[] compose(long sequence) {
    String headers =
        "Message-ID: <"
            + sequence
            + "."
            + runId
            + "@"
            + options.heloName()
            + ">\r\n"
            + "Date: "
            + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC))
            + "\r\n"
            + "From: "
            + options.sender()
            + "\r\n"
            + "To: "
            + String.join(", ", options.recipients())
            + "\r\n"
            + "Subject: Spamfree load test message "
            + sequence
            + "\r\n"
            + "X-Load-Seq: "
            + sequence
            + "\r\n"
            + "\r\n";
    byte[] headerBytes = headers.getBytes(StandardCharsets.US_ASCII);

    ByteArrayOutputStream message =
        new ByteArrayOutputStream(Math.max(options.messageSizeBytes(), headerBytes.length));
    message.writeBytes(headerBytes);
    writeBody(message, options.messageSizeBytes() - headerBytes.length);
    return message.toByteArray();
  }

  /**
   * Returns the DATA section for {@code message}: every line that starts with '.' gets one more '.'
   * (RFC 5321 section 4.5.2), and the terminating ".CRLF" follows.
   *
   * @param message the message as {@link #compose} returns it, ending in CRLF
   */
  static byte[] toDataSection(byte[] message) {
    ByteArrayOutputStream data = new ByteArrayOutputStream(message.length + 64);
    boolean lineStart = true;
    for (byte b : message) {
      if (lineStart && b == '.') {
        data.write('.');
      }
      data.write(b);
      lineStart = b == '\n';
    }
    data.writeBytes(".\r\n".getBytes(StandardCharsets.US_ASCII));
    return data.toByteArray();
  }

  private static void writeBody(ByteArrayOutputStream message, int bodyBytes) {
    if (bodyBytes < CRLF_LENGTH) {
      return;
    }
    int fullLineBytes = BODY_LINE_LENGTH + CRLF_LENGTH;
    int fullLines = bodyBytes / fullLineBytes;
    int remainder = bodyBytes % fullLineBytes;

    for (int i = 0; i < fullLines; i++) {
      // One leftover byte cannot form a line of its own, so the last full line takes it. 77
      // characters are still within the 78 that RFC 5322 section 2.1.1 recommends.
      boolean takesLeftoverByte = remainder == 1 && i == fullLines - 1;
      writeLine(message, i, takesLeftoverByte ? BODY_LINE_LENGTH + 1 : BODY_LINE_LENGTH);
    }
    if (remainder >= CRLF_LENGTH) {
      writeLine(message, fullLines, remainder - CRLF_LENGTH);
    }
  }

  private static void writeLine(ByteArrayOutputStream message, int lineIndex, int length) {
    int start = (int) ((long) lineIndex * LINE_START_STEP % PRINTABLE_COUNT);
    for (int j = 0; j < length; j++) {
      message.write(FIRST_PRINTABLE + (start + j) % PRINTABLE_COUNT);
    }
    message.write('\r');
    message.write('\n');
  }
}
