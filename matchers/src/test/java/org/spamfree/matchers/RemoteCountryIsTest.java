package org.spamfree.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;
import org.spamfree.core.geo.GeoAttributes;

class RemoteCountryIsTest {

  private static final String ALICE = "alice@example.test";
  private static final String BOB = "bob@example.test";

  private static <T extends GenericMatcher> T init(T matcher, String condition)
      throws MessagingException {
    matcher.init(
        FakeMatcherConfig.builder()
            .matcherName(matcher.getClass().getSimpleName())
            .condition(condition)
            .build());
    return matcher;
  }

  private static Mail mailFrom(String country) throws MessagingException {
    FakeMail.Builder builder = FakeMail.builder().name("geo").recipients(ALICE, BOB);
    if (country != null) {
      builder.attribute(
          new Attribute(AttributeName.of(GeoAttributes.COUNTRY), AttributeValue.of(country)));
    }
    return builder.build();
  }

  @Test
  void isMatchesListedCountry() throws Exception {
    RemoteCountryIs matcher = init(new RemoteCountryIs(), "DE, at");

    assertThat(matcher.match(mailFrom("AT")))
        .containsExactlyInAnyOrder(new MailAddress(ALICE), new MailAddress(BOB));
  }

  @Test
  void isSkipsOtherCountry() throws Exception {
    RemoteCountryIs matcher = init(new RemoteCountryIs(), "DE,AT");

    assertThat(matcher.match(mailFrom("FR"))).isEmpty();
  }

  @Test
  void isSkipsUnknownCountry() throws Exception {
    RemoteCountryIs matcher = init(new RemoteCountryIs(), "DE");

    assertThat(matcher.match(mailFrom(null))).isEmpty();
  }

  @Test
  void isNotMatchesOtherCountry() throws Exception {
    RemoteCountryIsNot matcher = init(new RemoteCountryIsNot(), "DE,AT");

    assertThat(matcher.match(mailFrom("FR"))).hasSize(2);
  }

  @Test
  void isNotSkipsListedCountry() throws Exception {
    RemoteCountryIsNot matcher = init(new RemoteCountryIsNot(), "DE,AT");

    assertThat(matcher.match(mailFrom("DE"))).isEmpty();
  }

  @Test
  void isNotMatchesUnknownCountry() throws Exception {
    RemoteCountryIsNot matcher = init(new RemoteCountryIsNot(), "DE");

    assertThat(matcher.match(mailFrom(null))).hasSize(2);
  }

  @Test
  void invalidCodeFailsInit() {
    assertThatThrownBy(() -> init(new RemoteCountryIs(), "DE,Germany"))
        .isInstanceOf(MessagingException.class)
        .hasMessageContaining("RemoteCountryIs")
        .hasMessageContaining("'Germany'")
        .hasMessageContaining("ISO 3166-1 alpha-2");
  }

  @Test
  void missingConditionFailsInit() {
    assertThatThrownBy(() -> init(new RemoteCountryIsNot(), ""))
        .isInstanceOf(MessagingException.class)
        .hasMessageContaining("RemoteCountryIsNot needs a condition");
  }
}
