package org.spamfree.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spamfree.core.spf.SpfPolicy;
import org.spamfree.core.spf.SpfSettings;

/** The {@code spf.*} and {@code domain.NAME.spf.*} keys. */
class SpfSettingsParserTest {

  @Test
  void defaultsScoreOnly() {
    SpfSettings spf = parse(Map.of()).spf();

    assertThat(spf.enabled()).isTrue();
    assertThat(spf.heloEnabled()).isTrue();
    assertThat(spf.deadline()).isEqualTo(Duration.ofSeconds(20));
    assertThat(spf.voidLookupLimit()).isEqualTo(2);
    assertThat(spf.authServId()).isEqualTo("mx.spamfree.test");
    assertThat(spf.policyFor("spamfree.test")).isEqualTo(SpfPolicy.SCORE_ONLY);
    assertThat(spf.policyFor("other.test")).isEqualTo(SpfPolicy.SCORE_ONLY);
  }

  @Test
  void domainKeysOverrideGlobalOnes() {
    Map<String, String> values = new HashMap<>();
    values.put("spf.temperror", "tempfail");
    values.put("domain.spamfree.test.spf.fail", "reject");
    values.put("domain.spamfree.test.spf.permerror", "REJECT");
    values.put("domain.other.test.spf.temperror", "score");

    SpfSettings spf = parse(values).spf();

    assertThat(spf.policyFor("spamfree.test")).isEqualTo(new SpfPolicy(true, true, true));
    assertThat(spf.policyFor("SPAMFREE.test")).isEqualTo(new SpfPolicy(true, true, true));
    assertThat(spf.policyFor("other.test")).isEqualTo(new SpfPolicy(false, false, false));
  }

  @Test
  void otherSettingsParse() {
    Map<String, String> values = new HashMap<>();
    values.put("spf.enabled", "false");
    values.put("spf.helo.enabled", "false");
    values.put("spf.deadline", "1500");
    values.put("spf.void.lookups", "5");
    values.put("spf.authserv.id", "Auth.Example.Test");

    SpfSettings spf = parse(values).spf();

    assertThat(spf.enabled()).isFalse();
    assertThat(spf.heloEnabled()).isFalse();
    assertThat(spf.deadline()).isEqualTo(Duration.ofMillis(1500));
    assertThat(spf.voidLookupLimit()).isEqualTo(5);
    assertThat(spf.authServId()).isEqualTo("auth.example.test");
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "spf.fail, tempfail, 'score' or 'reject'",
    "spf.temperror, reject, 'score' or 'tempfail'",
    "spf.permerror, yes, 'score' or 'reject'",
    "domain.spamfree.test.spf.fail, refuse, 'score' or 'reject'",
    "spf.deadline, 50, whole number of milliseconds from 100 to 120000",
    "spf.void.lookups, -1, whole number of lookups from 0 to 100",
    "spf.enabled, yes, 'true' or 'false'",
    "spf.authserv.id, 'a;b', a host name",
  })
  void invalidValueNamesKeyAndForm(String key, String value, String expected) {
    assertThatThrownBy(() -> parse(Map.of(key, value)))
        .isInstanceOf(SpamfreeConfigurationException.class)
        .hasMessageContaining(key)
        .hasMessageContaining(value)
        .hasMessageContaining(expected);
  }

  @Test
  void keyOfUnprotectedDomainRejected() {
    assertThatThrownBy(() -> parse(Map.of("domain.elsewhere.test.spf.fail", "reject")))
        .isInstanceOf(SpamfreeConfigurationException.class)
        .hasMessageContaining("Unknown key 'domain.elsewhere.test.spf.fail'");
  }

  @Test
  void describeListsPolicies() {
    String description = parse(Map.of("domain.other.test.spf.fail", "reject")).describe();

    assertThat(description)
        .contains("spf=(enabled=true")
        .contains("other.test=fail=reject temperror=score permerror=score");
  }

  private static SpamfreeSettings parse(Map<String, String> extra) {
    Map<String, String> values = new HashMap<>();
    values.put("server.names", "mx.spamfree.test");
    values.put("protected.domains", "spamfree.test, other.test");
    values.putAll(extra);
    return SettingsParser.parse("test.properties", values, Map.of());
  }
}
