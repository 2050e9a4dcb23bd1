package org.spamfree.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.spamfree.core.verdict.DefaultScores;
import org.spamfree.core.verdict.Policy;

class SettingsParserTest {

  private static final String SOURCE = "test.properties";
  private static final String DOMAIN = "example.test";

  /**
   * Invalid settings. Each row has the properties and overrides, then three fragments that the
   * error message must contain: the key, the rejected value and the accepted form.
   */
  static Stream<Arguments> invalidSettings() {
    return Stream.of(
        invalid(
            "missing protected.domains",
            Map.of(),
            Map.of(),
            "protected.domains",
            "",
            "at least one domain"),
        invalid(
            "blank protected.domains",
            Map.of("protected.domains", "  "),
            Map.of(),
            "protected.domains",
            "",
            "at least one domain"),
        invalid(
            "domain with a leading hyphen",
            Map.of("protected.domains", "-bad.example.test"),
            Map.of(),
            "protected.domains",
            "-bad.example.test",
            "a domain name such as mail.example.test"),
        invalid(
            "domain with a space",
            Map.of("protected.domains", "exa mple.test"),
            Map.of(),
            "protected.domains",
            "exa mple.test",
            "a domain name such as mail.example.test"),
        invalid(
            "single-label protected domain",
            Map.of("protected.domains", "localhost"),
            Map.of(),
            "protected.domains",
            "localhost",
            "a domain name such as mail.example.test"),
        invalid(
            "non-numeric threshold",
            withDomain("policy.default.tag", "five"),
            Map.of(),
            "policy.default.tag",
            "five",
            "a number such as 10.0, or 'off'"),
        invalid(
            "NaN threshold",
            withDomain("policy.default.reject", "NaN"),
            Map.of(),
            "policy.default.reject",
            "NaN",
            "a number such as 10.0, or 'off'"),
        invalid(
            "Infinity threshold",
            withDomain("policy.default.reject", "Infinity"),
            Map.of(),
            "policy.default.reject",
            "Infinity",
            "a number such as 10.0, or 'off'"),
        invalid(
            "negative Infinity threshold",
            withDomain("policy.default.tag", "-Infinity"),
            Map.of(),
            "policy.default.tag",
            "-Infinity",
            "a number such as 10.0, or 'off'"),
        invalid(
            "tag above quarantine",
            withDomain("policy.default.tag", "12"),
            Map.of(),
            "policy.default.tag",
            "12.0",
            "a value not above policy.default.quarantine (10.0), or 'off'"),
        invalid(
            "tempfail above reject",
            withDomain("policy.default.tempfail", "20"),
            Map.of(),
            "policy.default.tempfail",
            "20.0",
            "a value not above policy.default.reject (15.0), or 'off'"),
        invalid(
            "tag above reject with quarantine off",
            withDomain("policy.default.quarantine", "off", "policy.default.tag", "16"),
            Map.of(),
            "policy.default.tag",
            "16.0",
            "a value not above policy.default.reject (15.0), or 'off'"),
        invalid(
            "typo in a policy key",
            withDomain("policy.default.rejct", "15"),
            Map.of(),
            "policy.default.rejct",
            "policy.default.rejct",
            "policy.NAME.{tag,quarantine,tempfail,reject}"),
        invalid(
            "policy that no domain uses",
            withDomain("policy.unused.reject", "15"),
            Map.of(),
            "policy.unused.reject",
            "policy.unused.reject",
            "a policy.NAME key a policy that a domain uses or 'default'"),
        invalid(
            "unknown score symbol",
            withDomain("score.HELO_NOPE", "1.0"),
            Map.of(),
            "score.HELO_NOPE",
            "1.0",
            "a known symbol after 'score.'; known symbols are ["),
        invalid(
            "non-numeric score",
            withDomain("score.HELO_BARE_IP", "high"),
            Map.of(),
            "score.HELO_BARE_IP",
            "high",
            "a number such as 2.5 or -1.0"),
        invalid(
            "NaN score",
            withDomain("score.HELO_BARE_IP", "NaN"),
            Map.of(),
            "score.HELO_BARE_IP",
            "NaN",
            "a number such as 2.5 or -1.0"),
        invalid(
            "next.hop without port",
            withDomain("next.hop", "192.0.2.10"),
            Map.of(),
            "next.hop",
            "192.0.2.10",
            "host:port with an explicit port"),
        invalid(
            "next.hop with port 0",
            withDomain("next.hop", "192.0.2.10:0"),
            Map.of(),
            "next.hop",
            "192.0.2.10:0",
            "host:port"),
        invalid(
            "next.hop with port 70000",
            withDomain("next.hop", "192.0.2.10:70000"),
            Map.of(),
            "next.hop",
            "192.0.2.10:70000",
            "host:port"),
        invalid(
            "next.hop that is not a host",
            withDomain("next.hop", "relay_host!:25"),
            Map.of(),
            "next.hop",
            "relay_host!:25",
            "host:port"),
        invalid(
            "bad dns.servers entry",
            withDomain("dns.servers", "192.0.2.53, bad_host!"),
            Map.of(),
            "dns.servers",
            "bad_host!",
            "an IP address with an optional port"),
        invalid(
            "dns.servers entry with port 0",
            withDomain("dns.servers", "192.0.2.53:0"),
            Map.of(),
            "dns.servers",
            "192.0.2.53:0",
            "an IP address with an optional port"),
        invalid(
            "IPv6 dns server with a non-hex group",
            withDomain("dns.servers", "2001:db8::53:5353:zz"),
            Map.of(),
            "dns.servers",
            "2001:db8::53:5353:zz",
            "an IP address with an optional port"),
        invalid(
            "server.addresses entry that is a name",
            withDomain("server.addresses", "mx.example.test"),
            Map.of(),
            "server.addresses",
            "mx.example.test",
            "an IPv4 or IPv6 address"),
        invalid(
            "local user in a domain that is not protected",
            withDomain("local.user.alice@other.test", "secret-1"),
            Map.of(),
            "local.user.alice@other.test",
            "(password not shown)",
            "an address in one of the protected domains [example.test]"),
        invalid(
            "local user key without a domain",
            withDomain("local.user.alice", "secret-1"),
            Map.of(),
            "local.user.alice",
            "(password not shown)",
            "a key of the form local.user.NAME@DOMAIN"),
        invalid(
            "empty local user password",
            withDomain("local.user.alice@example.test", ""),
            Map.of(),
            "local.user.alice@example.test",
            "",
            "a non-empty password"),
        invalid(
            "blank local user password",
            withDomain("local.user.alice@example.test", "   "),
            Map.of(),
            "local.user.alice@example.test",
            "",
            "a non-empty password"),
        invalid(
            "domain key for a domain that is not protected",
            withDomain("domain.other.test.policy", "default"),
            Map.of(),
            "domain.other.test.policy",
            "domain.other.test.policy",
            "a domain.NAME key must name a protected domain"),
        invalid(
            "recipient in another domain",
            withDomain("domain.example.test.recipients", "alice, dave@other.test"),
            Map.of(),
            "domain.example.test.recipients",
            "dave@other.test",
            "comma-separated local parts such as 'alice, bob' or alice@example.test"),
        invalid(
            "invalid policy name",
            withDomain("domain.example.test.policy", "Strict Policy"),
            Map.of(),
            "domain.example.test.policy",
            "Strict Policy",
            "a policy name of a-z, 0-9, '_', '-'"),
        invalid(
            "next hop override without port",
            Map.of("protected.domains", DOMAIN),
            Map.of(SettingsParser.OVERRIDE_NEXT_HOP, "192.0.2.10"),
            "SPAMFREE_NEXT_HOP",
            "192.0.2.10",
            "host:port with an explicit port"),
        invalid(
            "bad DNS servers override",
            Map.of("protected.domains", DOMAIN),
            Map.of(SettingsParser.OVERRIDE_DNS_SERVERS, "192.0.2.53, [2001:db8::53"),
            "SPAMFREE_DNS_SERVERS",
            "[2001:db8::53",
            "an IP address with an optional port"),
        invalid(
            "DNS servers override of only commas",
            Map.of("protected.domains", DOMAIN),
            Map.of(SettingsParser.OVERRIDE_DNS_SERVERS, ",,"),
            "SPAMFREE_DNS_SERVERS",
            ",,",
            "at least one IP address"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSettings")
  void rejectsInvalidSettings(
      String description,
      Map<String, String> properties,
      Map<String, String> overrides,
      String key,
      String value,
      String acceptedForm) {
    SpamfreeConfigurationException error =
        catchThrowableOfType(
            SpamfreeConfigurationException.class,
            () -> SettingsParser.parse(SOURCE, properties, overrides));

    assertThat(error).as("exception for %s", description).isNotNull();
    assertThat(error.getMessage()).contains("'" + key + "'");
    assertThat(error.getMessage()).contains("'" + value + "'");
    assertThat(error.getMessage()).contains(acceptedForm);
    assertThat(error.getMessage()).contains(SOURCE);
  }

  @Test
  void portErrorNamesValidRange() {
    for (String hop : List.of("192.0.2.10:0", "192.0.2.10:70000")) {
      Map<String, String> properties = withDomain("next.hop", hop);

      assertThatThrownBy(() -> SettingsParser.parse(SOURCE, properties, Map.of()))
          .as("next.hop = %s", hop)
          .isInstanceOf(SpamfreeConfigurationException.class)
          .hasMessageContaining("1 to 65535");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "spf.enabeld | Did you mean 'spf.enabled'?",
        "store.pasword | Did you mean 'store.password'?",
        "Next.Hop | Did you mean 'next.hop'?",
        "dns.timout | Did you mean 'dns.timeout'?"
      })
  void misspeltKeyGetsSuggestion(String key, String suggestion) {
    Map<String, String> properties = withDomain(key, "1");

    assertThatThrownBy(() -> SettingsParser.parse(SOURCE, properties, Map.of()))
        .isInstanceOf(SpamfreeConfigurationException.class)
        .hasMessageContaining("Unknown key '" + key + "'")
        .hasMessageContaining(suggestion)
        .hasMessageContaining("Correct the key or delete its line.");
  }

  @Test
  void unrelatedKeyGetsNoSuggestion() {
    Map<String, String> properties = withDomain("mailbox.quota", "1");

    assertThatThrownBy(() -> SettingsParser.parse(SOURCE, properties, Map.of()))
        .isInstanceOf(SpamfreeConfigurationException.class)
        .hasMessageContaining("Unknown key 'mailbox.quota'")
        .message()
        .doesNotContain("Did you mean");
  }

  @Test
  void localUserErrorHidesPassword() {
    Map<String, String> properties = withDomain("local.user.alice@other.test", "S3cret-Passw0rd");

    assertThatThrownBy(() -> SettingsParser.parse(SOURCE, properties, Map.of()))
        .isInstanceOf(SpamfreeConfigurationException.class)
        .message()
        .doesNotContain("S3cret-Passw0rd");
  }

  @Test
  void defaultThresholdsWhenPolicyUnset() {
    Policy policy = parse(withDomain()).defaultPolicy();

    assertThat(policy.name()).isEqualTo("default");
    assertThat(policy.tag()).isEqualTo(OptionalDouble.of(5.0));
    assertThat(policy.quarantine()).isEqualTo(OptionalDouble.of(10.0));
    assertThat(policy.tempfail()).isEmpty();
    assertThat(policy.reject()).isEqualTo(OptionalDouble.of(15.0));
  }

  @Test
  void defaultThresholdsEqualConstants() {
    Policy policy = parse(withDomain()).defaultPolicy();

    assertThat(policy.tag()).isEqualTo(OptionalDouble.of(SettingsParser.DEFAULT_TAG));
    assertThat(policy.quarantine()).isEqualTo(OptionalDouble.of(SettingsParser.DEFAULT_QUARANTINE));
    assertThat(policy.reject()).isEqualTo(OptionalDouble.of(SettingsParser.DEFAULT_REJECT));
  }

  @Test
  void defaultsWithOnlyDomainSet() {
    SpamfreeSettings settings = parse(withDomain());

    assertThat(settings.source()).isEqualTo(SOURCE);
    assertThat(settings.serverNames()).containsExactly(SettingsParser.DEFAULT_SERVER_NAME);
    assertThat(settings.serverAddresses()).isEmpty();
    assertThat(settings.protectedDomains()).containsOnlyKeys(DOMAIN);
    assertThat(settings.protectedDomains().get(DOMAIN).policy())
        .isEqualTo(settings.defaultPolicy());
    assertThat(settings.protectedDomains().get(DOMAIN).knownLocalParts()).isEmpty();
    assertThat(settings.scores().asMap()).isEqualTo(DefaultScores.ALL);
    assertThat(settings.nextHop()).isEmpty();
    assertThat(settings.dnsServers()).isEmpty();
    assertThat(settings.localUsers()).isEmpty();
  }

  @Test
  void offDisablesThreshold() {
    Policy policy =
        parse(withDomain("policy.default.tag", "off", "policy.default.reject", "OFF"))
            .defaultPolicy();

    assertThat(policy.tag()).isEmpty();
    assertThat(policy.quarantine()).isEqualTo(OptionalDouble.of(10.0));
    assertThat(policy.reject()).isEmpty();
  }

  @Test
  void acceptsEqualThresholds() {
    Policy policy =
        parse(
                withDomain(
                    "policy.default.tag", "10",
                    "policy.default.quarantine", "10",
                    "policy.default.tempfail", "10",
                    "policy.default.reject", "10"))
            .defaultPolicy();

    assertThat(policy.tag()).isEqualTo(OptionalDouble.of(10.0));
    assertThat(policy.reject()).isEqualTo(OptionalDouble.of(10.0));
  }

  @Test
  void namedPolicyInheritsUnsetThresholds() {
    Map<String, String> properties =
        withDomain(
            "domain.example.test.policy", "strict",
            "policy.default.tag", "4",
            "policy.default.tempfail", "12",
            "policy.strict.quarantine", "7");

    Policy strict = parse(properties).protectedDomains().get(DOMAIN).policy();

    assertThat(strict.name()).isEqualTo("strict");
    assertThat(strict.tag()).isEqualTo(OptionalDouble.of(4.0));
    assertThat(strict.quarantine()).isEqualTo(OptionalDouble.of(7.0));
    assertThat(strict.tempfail()).isEqualTo(OptionalDouble.of(12.0));
    assertThat(strict.reject()).isEqualTo(OptionalDouble.of(15.0));
  }

  @Test
  void namedPolicyLeavesDefaultUnchanged() {
    Map<String, String> properties =
        withDomain("domain.example.test.policy", "strict", "policy.strict.tag", "2");

    SpamfreeSettings settings = parse(properties);

    assertThat(settings.defaultPolicy().tag()).isEqualTo(OptionalDouble.of(5.0));
    assertThat(settings.protectedDomains().get(DOMAIN).policy().tag())
        .isEqualTo(OptionalDouble.of(2.0));
  }

  @Test
  void domainsShareNamedPolicy() {
    Map<String, String> properties =
        Map.of(
            "protected.domains", "a.example.test, b.example.test",
            "domain.a.example.test.policy", "strict",
            "domain.b.example.test.policy", "strict",
            "policy.strict.reject", "12");

    SpamfreeSettings settings = parse(properties);

    assertThat(settings.protectedDomains().get("a.example.test").policy())
        .isSameAs(settings.protectedDomains().get("b.example.test").policy());
  }

  @Test
  void recipientsWithAndWithoutDomain() {
    Map<String, String> properties =
        withDomain(
            "domain.example.test.recipients", "Alice, bob@example.test, carol@EXAMPLE.test,,");

    ProtectedDomain domain = parse(properties).protectedDomains().get(DOMAIN);

    assertThat(domain.knownLocalParts()).contains(Set.of("alice", "bob", "carol"));
  }

  @Test
  void bracketedIpv6DnsServerWithPort() {
    List<HostPort> servers =
        parse(withDomain("dns.servers", "[2001:db8::53]:5353, 192.0.2.53")).dnsServers();

    assertThat(servers)
        .containsExactly(
            new HostPort("2001:db8::53", OptionalInt.of(5353)),
            new HostPort("192.0.2.53", OptionalInt.empty()));
  }

  @Test
  void nextHopWithPort() {
    Optional<HostPort> nextHop = parse(withDomain("next.hop", "relay.example.test:2525")).nextHop();

    assertThat(nextHop).contains(new HostPort("relay.example.test", OptionalInt.of(2525)));
  }

  @Test
  void blankNextHopAndDnsServersIgnored() {
    SpamfreeSettings settings = parse(withDomain("next.hop", "", "dns.servers", " "));

    assertThat(settings.nextHop()).isEmpty();
    assertThat(settings.dnsServers()).isEmpty();
  }

  @Test
  void domainNamesLoseCaseAndTrailingDot() {
    Map<String, String> properties =
        Map.of(
            "protected.domains", "Example.TEST.",
            "server.names", "MX.Example.Test.",
            "domain.example.test.recipients", "alice");

    SpamfreeSettings settings = parse(properties);

    assertThat(settings.protectedDomains()).containsOnlyKeys(DOMAIN);
    assertThat(settings.protectedDomains().get(DOMAIN).name()).isEqualTo(DOMAIN);
    assertThat(settings.protectedDomains().get(DOMAIN).knownLocalParts()).contains(Set.of("alice"));
    assertThat(settings.serverNames()).containsExactly("mx.example.test");
  }

  @Test
  void serverAddressesParsed() throws Exception {
    SpamfreeSettings settings = parse(withDomain("server.addresses", "192.0.2.25, 2001:db8::25"));

    assertThat(settings.serverAddresses())
        .containsExactlyInAnyOrder(
            InetAddress.getByName("192.0.2.25"), InetAddress.getByName("2001:db8::25"));
  }

  @Test
  void scoreOverrideReplacesDefault() {
    SpamfreeSettings settings = parse(withDomain("score.HELO_BARE_IP", "-1.5"));

    assertThat(settings.scores().scoreOf("HELO_BARE_IP")).isEqualTo(-1.5);
    assertThat(settings.scores().scoreOf("HELO_LOCALHOST"))
        .isEqualTo(DefaultScores.ALL.get("HELO_LOCALHOST"));
  }

  @Test
  void localUserAddressLowerCased() {
    SpamfreeSettings settings = parse(withDomain("local.user.Alice@Example.TEST", "secret-1"));

    assertThat(settings.localUsers()).containsExactly(Map.entry("alice@example.test", "secret-1"));
  }

  @Test
  void nextHopOverrideWithoutFileValue() {
    SpamfreeSettings settings =
        SettingsParser.parse(
            SOURCE, withDomain(), Map.of(SettingsParser.OVERRIDE_NEXT_HOP, "198.51.100.7:2525"));

    assertThat(settings.nextHop()).contains(new HostPort("198.51.100.7", OptionalInt.of(2525)));
  }

  @Test
  void dnsOverrideWithoutFileValue() {
    SpamfreeSettings settings =
        SettingsParser.parse(
            SOURCE,
            withDomain(),
            Map.of(SettingsParser.OVERRIDE_DNS_SERVERS, "[2001:db8::53]:5353,198.51.100.53"));

    assertThat(settings.dnsServers())
        .containsExactly(
            new HostPort("2001:db8::53", OptionalInt.of(5353)),
            new HostPort("198.51.100.53", OptionalInt.empty()));
  }

  @Test
  void unknownOverrideKeysIgnored() {
    SpamfreeSettings settings =
        SettingsParser.parse(SOURCE, withDomain(), Map.of("spamfree.config", "/nonexistent"));

    assertThat(settings.nextHop()).isEmpty();
  }

  @Test
  void blankOverrideFallsBackToFile() {
    SpamfreeSettings settings =
        SettingsParser.parse(
            SOURCE,
            withDomain("next.hop", "192.0.2.10:25"),
            Map.of(SettingsParser.OVERRIDE_NEXT_HOP, " "));

    assertThat(settings.nextHop()).contains(new HostPort("192.0.2.10", OptionalInt.of(25)));
  }

  @Test
  void nextHopOverrideWinsOverFile() {
    SpamfreeSettings settings =
        SettingsParser.parse(
            SOURCE,
            withDomain("next.hop", "192.0.2.10:25"),
            Map.of(SettingsParser.OVERRIDE_NEXT_HOP, "198.51.100.7:2525"));

    assertThat(settings.nextHop()).contains(new HostPort("198.51.100.7", OptionalInt.of(2525)));
  }

  @Test
  void dnsOverrideWinsOverFile() {
    SpamfreeSettings settings =
        SettingsParser.parse(
            SOURCE,
            withDomain("dns.servers", "192.0.2.53"),
            Map.of(SettingsParser.OVERRIDE_DNS_SERVERS, "198.51.100.53:5353"));

    assertThat(settings.dnsServers())
        .containsExactly(new HostPort("198.51.100.53", OptionalInt.of(5353)));
  }

  @Test
  void nextHopOverrideWinsOverEmptyFileValue() {
    SpamfreeSettings settings =
        SettingsParser.parse(
            SOURCE,
            withDomain("next.hop", ""),
            Map.of(SettingsParser.OVERRIDE_NEXT_HOP, "198.51.100.7:2525"));

    assertThat(settings.nextHop()).contains(new HostPort("198.51.100.7", OptionalInt.of(2525)));
  }

  @Test
  void invalidFileNextHopRejectedDespiteOverride() {
    Map<String, String> properties = withDomain("next.hop", "192.0.2.10");
    Map<String, String> overrides = Map.of(SettingsParser.OVERRIDE_NEXT_HOP, "198.51.100.7:2525");

    assertThatThrownBy(() -> SettingsParser.parse(SOURCE, properties, overrides))
        .isInstanceOf(SpamfreeConfigurationException.class)
        .hasMessageContaining("'next.hop'");
  }

  @Test
  void invalidFileDnsServersRejectedDespiteOverride() {
    Map<String, String> properties = withDomain("dns.servers", "bad_host!");
    Map<String, String> overrides = Map.of(SettingsParser.OVERRIDE_DNS_SERVERS, "198.51.100.53");

    assertThatThrownBy(() -> SettingsParser.parse(SOURCE, properties, overrides))
        .isInstanceOf(SpamfreeConfigurationException.class)
        .hasMessageContaining("'dns.servers'");
  }

  @Test
  void keysAndValuesTrimmed() {
    SpamfreeSettings settings =
        parse(Map.of(" protected.domains ", " example.test ", "policy.default.tag ", " 6 "));

    assertThat(settings.protectedDomains()).containsOnlyKeys(DOMAIN);
    assertThat(settings.defaultPolicy().tag()).isEqualTo(OptionalDouble.of(6.0));
  }

  @Test
  void misspeltPolicyNameRejected() {
    Map<String, String> properties = withDomain("domain." + DOMAIN + ".policy", "strcit");

    SpamfreeConfigurationException error =
        catchThrowableOfType(SpamfreeConfigurationException.class, () -> parse(properties));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("'domain." + DOMAIN + ".policy'");
    assertThat(error.getMessage()).contains("'strcit'");
    assertThat(error.getMessage()).contains("policy.strcit.tag");
  }

  @Test
  void misspeltProtectedDomainsKeyNamed() {
    Map<String, String> properties = new HashMap<>();
    properties.put("protected.domain", DOMAIN);

    SpamfreeConfigurationException error =
        catchThrowableOfType(SpamfreeConfigurationException.class, () -> parse(properties));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("'protected.domains'");
    assertThat(error.getMessage()).contains("[protected.domain]");
  }

  @Test
  void describeListsPolicyThresholds() {
    String description = parse(withDomain()).describe();

    assertThat(description).contains("default(tag=5.0 quarantine=10.0 tempfail=off reject=15.0)");
  }

  private static SpamfreeSettings parse(Map<String, String> properties) {
    return SettingsParser.parse(SOURCE, properties, Map.of());
  }

  /** Returns properties that protect {@value #DOMAIN}, plus the given key and value pairs. */
  private static Map<String, String> withDomain(String... keysAndValues) {
    Map<String, String> properties = new HashMap<>();
    properties.put("protected.domains", DOMAIN);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return properties;
  }

  private static Arguments invalid(
      String description,
      Map<String, String> properties,
      Map<String, String> overrides,
      String key,
      String value,
      String acceptedForm) {
    return Arguments.of(description, properties, overrides, key, value, acceptedForm);
  }
}
