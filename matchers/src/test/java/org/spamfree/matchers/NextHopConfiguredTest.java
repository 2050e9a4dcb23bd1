package org.spamfree.matchers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import javax.mail.MessagingException;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;
import org.spamfree.core.config.SettingsParser;
import org.spamfree.core.config.SpamfreeSettings;

class NextHopConfiguredTest {

  private static final String ALICE = "alice@example.test";
  private static final String BOB = "bob@example.test";

  @Test
  void matchesAllRecipientsWithNextHop() throws Exception {
    NextHopConfigured matcher = matcher(settings("192.0.2.10:25", Map.of()));

    assertThat(matcher.match(mail()))
        .containsExactlyInAnyOrder(new MailAddress(ALICE), new MailAddress(BOB));
  }

  @Test
  void matchesAllRecipientsWithNextHopOverride() throws Exception {
    NextHopConfigured matcher =
        matcher(settings(null, Map.of(SettingsParser.OVERRIDE_NEXT_HOP, "198.51.100.7:2525")));

    assertThat(matcher.match(mail())).hasSize(2);
  }

  @Test
  void matchesNothingWithoutNextHop() throws Exception {
    NextHopConfigured matcher = matcher(settings(null, Map.of()));

    assertThat(matcher.match(mail())).isEmpty();
  }

  @Test
  void matchesNothingWithEmptyNextHop() throws Exception {
    NextHopConfigured matcher = matcher(settings("", Map.of()));

    assertThat(matcher.match(mail())).isEmpty();
  }

  private static NextHopConfigured matcher(SpamfreeSettings settings) throws MessagingException {
    NextHopConfigured matcher = new NextHopConfigured(settings);
    matcher.init(FakeMatcherConfig.builder().matcherName("NextHopConfigured").build());
    return matcher;
  }

  /** Parses settings that protect example.test. A null next hop leaves next.hop unset. */
  private static SpamfreeSettings settings(String nextHop, Map<String, String> overrides) {
    Map<String, String> properties = new HashMap<>();
    properties.put("protected.domains", "example.test");
    if (nextHop != null) {
      properties.put("next.hop", nextHop);
    }
    return SettingsParser.parse("test.properties", properties, overrides);
  }

  private static Mail mail() throws MessagingException {
    return FakeMail.builder().name("mail").recipients(ALICE, BOB).build();
  }
}
