package org.spamfree.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.Test;

/** Attribute values through a queue record: each comes back equal, with its serializer. */
class MailCodecTest {

  private static Mail roundTrip(AttributeValue<?> value) throws Exception {
    Mail mail =
        MailImpl.builder()
            .name("Mail1")
            .sender("sender@example.test")
            .addRecipient("a@spamfree.test")
            .addAttribute(new Attribute(AttributeName.of("test.value"), value))
            .build();
    return MailCodec.decode(MailCodec.encode(mail));
  }

  private static AttributeValue<?> value(Mail mail) {
    return mail.getAttribute(AttributeName.of("test.value")).orElseThrow().getValue();
  }

  @Test
  void scalarValuesKeepTheirType() throws Exception {
    List<AttributeValue<?>> values =
        List.of(
            AttributeValue.of("HELO_BARE_IP"),
            AttributeValue.of(true),
            AttributeValue.of(42),
            AttributeValue.of(42L),
            AttributeValue.of(4.5f),
            AttributeValue.of(-2.25));
    for (AttributeValue<?> original : values) {
      assertThat(value(roundTrip(original))).isEqualTo(original);
    }
  }

  @Test
  void nestedMapsAndListsKeptEqual() throws Exception {
    AttributeValue<?> original =
        AttributeValue.of(
            Map.of(
                "symbols",
                AttributeValue.of(List.of(AttributeValue.of("SPF_PASS"), AttributeValue.of(1.5))),
                "spamfree.test",
                AttributeValue.of(Map.of("action", AttributeValue.of("quarantine")))));

    assertThat(value(roundTrip(original))).isEqualTo(original);
  }

  @Test
  void otherTypesGoThroughJson() throws Exception {
    AttributeValue<?> original = AttributeValue.of(ZonedDateTime.parse("2026-12-05T05:00:00Z"));

    assertThat(value(roundTrip(original))).isEqualTo(original);
  }

  @Test
  void unserializableValueLeftOut() throws Exception {
    Mail decoded = roundTrip(AttributeValue.ofUnserializable(new Object()));

    assertThat(decoded.getAttribute(AttributeName.of("test.value"))).isEmpty();
    assertThat(decoded.getRecipients()).hasSize(1);
  }
}
