package org.spamfree.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpamfreeSettingsTest {

  private static final String PASSWORD = "S3cret-Passw0rd";

  @Test
  void describeOmitsLocalUserPassword() {
    SpamfreeSettings settings = parse(localUserProperties());

    assertThat(settings.describe()).doesNotContain(PASSWORD);
  }

  @Test
  void describeListsLocalUserAddress() {
    SpamfreeSettings settings = parse(localUserProperties());

    assertThat(settings.describe()).contains("alice@example.test");
  }

  @Test
  void describeShowsNextHopAndDnsServers() {
    Map<String, String> properties = localUserProperties();
    properties.put("next.hop", "192.0.2.10:25");
    properties.put("dns.servers", "[2001:db8::53]:5353");

    String description = parse(properties).describe();

    assertThat(description).contains("nextHop=192.0.2.10:25");
    assertThat(description).contains("dnsServers=[2001:db8::53]:5353");
  }

  @Test
  void describeShowsDefaultsWhenUnset() {
    String description = parse(Map.of("protected.domains", "example.test")).describe();

    assertThat(description).contains("nextHop=none (local mailboxes)");
    assertThat(description).contains("dnsServers=system resolver");
    assertThat(description).contains("example.test=policy=default recipients=any");
  }

  @Test
  void protectedDomainIgnoresCaseAndTrailingDot() {
    SpamfreeSettings settings = parse(Map.of("protected.domains", "example.test"));

    assertThat(settings.protectedDomain("Example.TEST.")).isPresent();
  }

  @Test
  void protectedDomainIsEmptyForOtherDomain() {
    SpamfreeSettings settings = parse(Map.of("protected.domains", "example.test"));

    assertThat(settings.protectedDomain("sub.example.test")).isEmpty();
  }

  @Test
  void localUsersAreImmutable() {
    SpamfreeSettings settings = parse(localUserProperties());

    assertThatThrownBy(() -> settings.localUsers().put("bob@example.test", "x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static Map<String, String> localUserProperties() {
    Map<String, String> properties = new HashMap<>();
    properties.put("protected.domains", "example.test");
    properties.put("local.user.alice@example.test", PASSWORD);
    return properties;
  }

  private static SpamfreeSettings parse(Map<String, String> properties) {
    return SettingsParser.parse("test.properties", properties, Map.of());
  }
}
