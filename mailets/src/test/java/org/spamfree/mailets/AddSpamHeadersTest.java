package org.spamfree.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spamfree.core.verdict.MailAttributes;

class AddSpamHeadersTest {

  private static final String ALICE = "alice@example.test";
  private static final String BOB = "bob@example.test";
  private static final String CAROL = "carol@example.test";
  private static final String MESSAGE_ID = "<original-1@sender.example>";

  /** A message whose sender forged a verdict, with each X-Spam-* header at least once. */
  private static final String FORGED_MESSAGE =
      String.join(
          "\r\n",
          "From: sender@sender.example",
          "To: alice@example.test",
          "Subject: Offer",
          "Message-ID: " + MESSAGE_ID,
          "X-Spam-Flag: NO",
          "X-Spam-Flag: NO",
          "X-Spam-Score: -100.0",
          "X-Spam-Status: No, score=-100.0 required=5.0 tests=none",
          "",
          "Body.",
          "");

  private AddSpamHeaders mailet;

  @BeforeEach
  void setUp() throws MessagingException {
    mailet = new AddSpamHeaders();
    mailet.init(FakeMailetConfig.builder().mailetName("AddSpamHeaders").build());
  }

  @Test
  void taggedMailGetsFlagYes() throws Exception {
    Mail mail = taggedMail();

    mailet.service(mail);

    assertThat(header(mail, "X-Spam-Flag")).isEqualTo("YES");
  }

  @Test
  void taggedMailGetsScore() throws Exception {
    Mail mail = taggedMail();

    mailet.service(mail);

    assertThat(header(mail, "X-Spam-Score")).isEqualTo("6.5");
  }

  @Test
  void taggedMailGetsStatusYes() throws Exception {
    Mail mail = taggedMail();

    mailet.service(mail);

    assertThat(header(mail, "X-Spam-Status")).isEqualTo("Yes, score=6.5 required=5.0 tests=A,B");
  }

  @Test
  void cleanMailGetsFlagNo() throws Exception {
    Mail mail = cleanMail();

    mailet.service(mail);

    assertThat(header(mail, "X-Spam-Flag")).isEqualTo("NO");
  }

  @Test
  void cleanMailGetsStatusNoWithoutTests() throws Exception {
    Mail mail = cleanMail();

    mailet.service(mail);

    assertThat(header(mail, "X-Spam-Status")).isEqualTo("No, score=0.0 required=5.0 tests=none");
  }

  @Test
  void anyRefusedRecipientMakesFlagYes() throws Exception {
    Map<String, String> actions = Map.of(ALICE, "ACCEPT", BOB, "QUARANTINE");
    Mail mail =
        mail(List.of(ALICE, BOB), 12.0, List.of("A"), actions, Map.of(ALICE, 5.0, BOB, 5.0));

    mailet.service(mail);

    assertThat(header(mail, "X-Spam-Flag")).isEqualTo("YES");
  }

  @Test
  void recipientWithoutActionCountsAsAccepted() throws Exception {
    Mail mail = mail(List.of(ALICE), 3.0, List.of("A"), Map.of(), Map.of(ALICE, 5.0));

    mailet.service(mail);

    assertThat(header(mail, "X-Spam-Flag")).isEqualTo("NO");
  }

  @Test
  void actionOfOtherRecipientIsIgnored() throws Exception {
    Map<String, String> actions = Map.of(ALICE, "ACCEPT", BOB, "QUARANTINE");
    Mail mail = mail(List.of(ALICE), 12.0, List.of("A"), actions, Map.of(ALICE, 15.0));

    mailet.service(mail);

    assertThat(header(mail, "X-Spam-Flag")).isEqualTo("NO");
  }

  @Test
  void forgedHeadersAreReplacedByOneOfEach() throws Exception {
    Mail mail = taggedMail();

    mailet.service(mail);

    assertThat(mail.getMessage().getHeader("X-Spam-Flag")).containsExactly("YES");
    assertThat(mail.getMessage().getHeader("X-Spam-Score")).containsExactly("6.5");
    assertThat(mail.getMessage().getHeader("X-Spam-Status")).hasSize(1);
  }

  @Test
  void forgedHeadersAreRemovedWithoutVerdict() throws Exception {
    Mail mail =
        FakeMail.builder()
            .name("relayed")
            .recipients(ALICE)
            .mimeMessage(parse(FORGED_MESSAGE))
            .build();

    mailet.service(mail);

    assertThat(mail.getMessage().getHeader("X-Spam-Flag")).isNull();
    assertThat(mail.getMessage().getHeader("X-Spam-Score")).isNull();
    assertThat(mail.getMessage().getHeader("X-Spam-Status")).isNull();
  }

  @Test
  void forgedHeadersInOtherCaseAreRemoved() throws Exception {
    String message = FORGED_MESSAGE.replace("X-Spam-Flag: NO", "x-spam-flag: NO");
    Mail mail =
        FakeMail.builder().name("relayed").recipients(ALICE).mimeMessage(parse(message)).build();

    mailet.service(mail);

    assertThat(mail.getMessage().getHeader("X-Spam-Flag")).isNull();
  }

  @Test
  void messageIdIsUnchanged() throws Exception {
    Mail mail = taggedMail();

    mailet.service(mail);

    assertThat(mail.getMessage().getMessageID()).isEqualTo(MESSAGE_ID);
  }

  @Test
  void otherHeadersAndBodyAreUnchanged() throws Exception {
    Mail mail = taggedMail();

    mailet.service(mail);

    assertThat(mail.getMessage().getSubject()).isEqualTo("Offer");
    assertThat(mail.getMessage().getContent()).isEqualTo("Body.\r\n");
  }

  @Test
  void longTestsListIsFolded() throws Exception {
    Mail mail = mailWithManySymbols();

    mailet.service(mail);

    assertThat(header(mail, "X-Spam-Status")).contains("\r\n");
  }

  @Test
  void longTestsListUnfoldsToSameValue() throws Exception {
    Mail mail = mailWithManySymbols();

    mailet.service(mail);

    assertThat(MimeUtility.unfold(header(mail, "X-Spam-Status")))
        .isEqualTo("Yes, score=20.0 required=5.0 tests=" + String.join(",", manySymbols()));
  }

  @Test
  void requiredIsLowestAmongMailRecipients() throws Exception {
    // Carol is a recipient of the transaction but not of this copy of the mail, so her
    // required score of 1.0 must not count.
    Map<String, String> actions = Map.of(ALICE, "TAG", BOB, "TAG", CAROL, "TAG");
    Map<String, Double> required = Map.of(ALICE, 5.0, BOB, 3.0, CAROL, 1.0);
    Mail mail = mail(List.of(ALICE, BOB), 6.0, List.of("A"), actions, required);

    mailet.service(mail);

    assertThat(header(mail, "X-Spam-Status")).isEqualTo("Yes, score=6.0 required=3.0 tests=A");
  }

  @Test
  void formatUsesOneDecimalAndDot() {
    assertThat(AddSpamHeaders.format(6.25)).isEqualTo("6.3");
    assertThat(AddSpamHeaders.format(-1)).isEqualTo("-1.0");
  }

  @Test
  void formatMatchesStringFormat() {
    List<Double> scores =
        new ArrayList<>(List.of(0.0, -0.0, 0.05, 0.15, 0.25, -0.04, -0.05, 1e9, -1e-9));
    for (int hundredths = -20000; hundredths <= 20000; hundredths++) {
      scores.add(hundredths / 100.0);
      scores.add(hundredths / 100.0 + 0.005);
    }
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 20000; i++) {
      scores.add((random.nextDouble() - 0.5) * 200);
    }
    for (double score : scores) {
      assertThat(AddSpamHeaders.format(score))
          .as("score %s", score)
          .isEqualTo(String.format(java.util.Locale.ROOT, "%.1f", score));
    }
  }

  private static Mail taggedMail() throws MessagingException {
    return mail(List.of(ALICE), 6.5, List.of("A", "B"), Map.of(ALICE, "TAG"), Map.of(ALICE, 5.0));
  }

  private static Mail cleanMail() throws MessagingException {
    return mail(List.of(ALICE), 0.0, List.of(), Map.of(ALICE, "ACCEPT"), Map.of(ALICE, 5.0));
  }

  private static Mail mailWithManySymbols() throws MessagingException {
    return mail(List.of(ALICE), 20.0, manySymbols(), Map.of(ALICE, "TAG"), Map.of(ALICE, 5.0));
  }

  /** Returns twelve symbol names, which make an X-Spam-Status line longer than 76 characters. */
  private static List<String> manySymbols() {
    return IntStream.rangeClosed(1, 12).mapToObj(i -> "SYMBOL_NUMBER_" + i).toList();
  }

  /**
   * Returns mail with the forged message and the attributes exactly as VerdictMessageHook sets
   * them.
   */
  private static Mail mail(
      List<String> recipients,
      double score,
      List<String> symbolNames,
      Map<String, String> actionNames,
      Map<String, Double> requiredScores)
      throws MessagingException {
    List<AttributeValue<?>> symbols =
        symbolNames.stream().<AttributeValue<?>>map(AttributeValue::of).toList();
    Map<String, AttributeValue<?>> actions = new LinkedHashMap<>();
    actionNames.forEach((recipient, action) -> actions.put(recipient, AttributeValue.of(action)));
    Map<String, AttributeValue<?>> required = new LinkedHashMap<>();
    requiredScores.forEach((recipient, value) -> required.put(recipient, AttributeValue.of(value)));

    return FakeMail.builder()
        .name("verdict")
        .recipients(recipients.toArray(String[]::new))
        .mimeMessage(parse(FORGED_MESSAGE))
        .attribute(attribute(MailAttributes.SCORE, AttributeValue.of(score)))
        .attribute(attribute(MailAttributes.SYMBOLS, AttributeValue.of(symbols)))
        .attribute(attribute(MailAttributes.ACTIONS, AttributeValue.of(actions)))
        .attribute(attribute(MailAttributes.REQUIRED, AttributeValue.of(required)))
        .build();
  }

  private static Attribute attribute(String name, AttributeValue<?> value) {
    return new Attribute(AttributeName.of(name), value);
  }

  private static MimeMessage parse(String message) throws MessagingException {
    return new MimeMessage(
        Session.getInstance(new Properties()),
        new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)));
  }

  /** Returns the single value of a header, as the message stores it (folded lines included). */
  private static String header(Mail mail, String name) throws MessagingException {
    String[] values = mail.getMessage().getHeader(name);
    assertThat(values).as("values of %s", name).hasSize(1);
    return values[0];
  }
}
