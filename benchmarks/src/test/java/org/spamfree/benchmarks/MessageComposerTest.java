package org.spamfree.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageComposerTest {

  private static MessageComposer composerFor(int size) {
    LoadOptions options =
        LoadOptions.builder()
            .recipients(List.of("a@spamfree.test", "b@spamfree.test"))
            .messageSizeBytes(size)
            .build();
    return new MessageComposer(options, "run-test");
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  @Test
  void messageHasRequestedSize() {
    // 78 consecutive sizes cover every remainder of a body line with its CRLF.
    for (int size = 1000; size < 1078; size++) {
      byte[] message = composerFor(size).compose(12);

      assertThat(message.length).as("size %d", size).isEqualTo(size);
    }
  }

  @Test
  void headersPresent() {
    String message = text(composerFor(4096).compose(17));

    assertThat(message).startsWith("Message-ID: <17.run-test@loadclient.example>\r\n");
    assertThat(message)
        .containsPattern("\r\nDate: \\w{3}, \\d{1,2} \\w{3} \\d{4} [0-9:]{8} GMT\r\n");
    assertThat(message).contains("\r\nFrom: load@sender.example\r\n");
    assertThat(message).contains("\r\nTo: a@spamfree.test, b@spamfree.test\r\n");
    assertThat(message).contains("\r\nSubject: Spamfree load test message 17\r\n");
    assertThat(message).contains("\r\nX-Load-Seq: 17\r\n\r\n");
  }

  @Test
  void bodyLinesArePrintableAndCrlf() {
    String message = text(composerFor(4096).compose(3));
    String body = message.substring(message.indexOf("\r\n\r\n") + 4);

    assertThat(body).endsWith("\r\n");
    String[] lines = body.split("\r\n", -1);
    // The split leaves an empty string after the final CRLF.
    assertThat(lines[lines.length - 1]).isEmpty();
    for (int i = 0; i < lines.length - 1; i++) {
      assertThat(lines[i]).as("line %d", i).matches("[!-~]*");
      assertThat(lines[i].length()).as("line %d", i).isLessThanOrEqualTo(77);
    }
    assertThat(lines[0]).hasSize(MessageComposer.BODY_LINE_LENGTH);
    assertThat(lines[1]).startsWith(".");
    assertThat(body).doesNotContain("\n\r").doesNotContain("\r\r");
  }

  @Test
  void dataSectionStuffsDotsAndTerminates() {
    byte[] message =
        "A: b\r\n\r\n.one\r\n..two\r\nthree.\r\n.\r\n".getBytes(StandardCharsets.US_ASCII);

    String data = text(MessageComposer.toDataSection(message));

    assertThat(data).isEqualTo("A: b\r\n\r\n..one\r\n...two\r\nthree.\r\n..\r\n.\r\n");
  }

  @Test
  void composedMessageStuffedOnWire() {
    byte[] message = composerFor(4096).compose(1);

    String data = text(MessageComposer.toDataSection(message));

    assertThat(data).contains("\r\n../0123");
    assertThat(data).endsWith("\r\n.\r\n");
    assertThat(data.length()).isGreaterThan(message.length);
  }

  @Test
  void headersLongerThanSizeGiveNoBody() {
    byte[] message = composerFor(1).compose(5);

    assertThat(text(message)).endsWith("X-Load-Seq: 5\r\n\r\n");
  }

  @Test
  void oneLeftoverByteLeavesBodyEmpty() {
    int headerLength = composerFor(1).compose(5).length;

    byte[] oneShort = composerFor(headerLength + 1).compose(5);
    byte[] emptyLine = composerFor(headerLength + 2).compose(5);

    assertThat(oneShort.length).isEqualTo(headerLength);
    assertThat(emptyLine.length).isEqualTo(headerLength + 2);
    assertThat(Arrays.copyOfRange(emptyLine, headerLength, headerLength + 2))
        .isEqualTo(new byte[] {'\r', '\n'});
  }
}
