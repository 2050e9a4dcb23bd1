package org.spamfree.core.clamav;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClamdReplyTest {

  @Test
  void okIsClean() {
    assertThat(ClamdReply.parse("stream: OK")).isEqualTo(new ClamdReply.Clean());
  }

  @Test
  void foundCarriesSignature() {
    assertThat(ClamdReply.parse("stream: Win.Test.EICAR_HDB-1 FOUND"))
        .isEqualTo(new ClamdReply.Found("Win.Test.EICAR_HDB-1"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "INSTREAM size limit exceeded. ERROR",
        "stream: OK ",
        "OK",
        "stream:OK",
        "stream: ok",
        "",
        "stream: FOUND",
        "stream: two words FOUND",
        "stream: Eicar FOUND trailing",
        "stream: Can't allocate memory ERROR",
        "UNKNOWN COMMAND",
        "stream: lstat() failed: No such file or directory. ERROR"
      })
  void everyOtherReplyIsError(String reply) {
    assertThat(ClamdReply.parse(reply)).isInstanceOf(ClamdReply.Error.class);
  }
}
