package org.spamfree.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.spamfree.core.dnsbl.DnsblZone;

/** Tests the {@code dnsbl.*} and {@code allowlist.networks} keys through {@link SettingsParser}. */
class DnsListParserTest {

  private static final String SOURCE = "test.properties";
  private static final String ZEN_CODES =
      "127.0.0.2=RBL_ZEN_SBL, 127.0.0.4-127.0.0.7=RBL_ZEN_XBL, 127.0.0.10-127.0.0.11=RBL_ZEN_PBL";

  /**
   * Invalid DNS list settings. Each row has the description, the changes to the ZEN-like
   * configuration of {@link #zen}, then three fragments that the error message must contain: the
   * key, the rejected value and the accepted form.
   */
  static Stream<Arguments> invalidSettings() {
    return Stream.of(
        invalid(
            "upper-case list id",
            zen("dnsbl.lists", "Zen"),
            "dnsbl.lists",
            "Zen",
            "list ids of a-z, 0-9, '_' and '-'"),
        invalid(
            "list id with a space",
            zen("dnsbl.lists", "zen list"),
            "dnsbl.lists",
            "zen list",
            "list ids of a-z, 0-9, '_' and '-'"),
        invalid(
            "missing zone",
            zen("dnsbl.zen.zone", null),
            "dnsbl.zen.zone",
            "",
            "the DNS zone of list 'zen'"),
        invalid(
            "blank zone",
            zen("dnsbl.zen.zone", "  "),
            "dnsbl.zen.zone",
            "",
            "the DNS zone of list 'zen'"),
        invalid(
            "zone with an underscore",
            zen("dnsbl.zen.zone", "zen_list.example.test"),
            "dnsbl.zen.zone",
            "zen_list.example.test",
            "a domain name such as zen.example.test"),
        invalid(
            "zone with a space",
            zen("dnsbl.zen.zone", "zen example.test"),
            "dnsbl.zen.zone",
            "zen example.test",
            "a domain name such as zen.example.test"),
        invalid(
            "single-label zone",
            zen("dnsbl.zen.zone", "zen"),
            "dnsbl.zen.zone",
            "zen",
            "a domain name such as zen.example.test"),
        invalid(
            "type both",
            zen("dnsbl.zen.type", "both"),
            "dnsbl.zen.type",
            "both",
            "'ip' or 'domain'"),
        invalid(
            "allowlist yes",
            zen("dnsbl.zen.allowlist", "yes"),
            "dnsbl.zen.allowlist",
            "yes",
            "'true' or 'false'"),
        invalid(
            "code outside 127.0.0.0/8",
            zen("dnsbl.zen.codes", "192.0.2.2=RBL_ZEN_SBL"),
            "dnsbl.zen.codes",
            "192.0.2.2",
            "return codes in 127.0.0.0/8"),
        invalid(
            "range ending outside 127.0.0.0/8",
            zen("dnsbl.zen.codes", "127.255.255.255-128.0.0.0=RBL_ZEN_SBL"),
            "dnsbl.zen.codes",
            "128.0.0.0",
            "return codes in 127.0.0.0/8"),
        invalid(
            "IPv6 code",
            zen("dnsbl.zen.codes", "2001:db8::2=RBL_ZEN_SBL"),
            "dnsbl.zen.codes",
            "2001:db8::2",
            "return codes in 127.0.0.0/8"),
        invalid(
            "code that is not an address",
            zen("dnsbl.zen.codes", "two=RBL_ZEN_SBL"),
            "dnsbl.zen.codes",
            "two",
            "return codes in 127.0.0.0/8"),
        invalid(
            "reversed range",
            zen("dnsbl.zen.codes", "127.0.0.7-127.0.0.4=RBL_ZEN_XBL"),
            "dnsbl.zen.codes",
            "127.0.0.7-127.0.0.4=RBL_ZEN_XBL",
            "a range from a lower to a higher code, at most 256 codes"),
        invalid(
            "range of 257 codes",
            zen("dnsbl.zen.codes", "127.0.0.0-127.0.1.0=RBL_ZEN_XBL"),
            "dnsbl.zen.codes",
            "127.0.0.0-127.0.1.0=RBL_ZEN_XBL",
            "a range from a lower to a higher code, at most 256 codes"),
        invalid(
            "code entry without '='",
            zen("dnsbl.zen.codes", "127.0.0.2 RBL_ZEN_SBL"),
            "dnsbl.zen.codes",
            "127.0.0.2 RBL_ZEN_SBL",
            "entries such as 127.0.0.2=RBL_ZEN_SBL"),
        invalid(
            "lower-case code symbol",
            zen("dnsbl.zen.codes", "127.0.0.2=rbl_zen_sbl"),
            "dnsbl.zen.codes",
            "rbl_zen_sbl",
            "a symbol name of upper-case letters, digits and '_'"),
        invalid(
            "empty code symbol",
            zen("dnsbl.zen.codes", "127.0.0.2="),
            "dnsbl.zen.codes",
            "",
            "a symbol name of upper-case letters, digits and '_'"),
        invalid(
            "lower-case other symbol",
            zen("dnsbl.zen.other", "rbl_zen_other"),
            "dnsbl.zen.other",
            "rbl_zen_other",
            "a symbol name of upper-case letters, digits and '_'"),
        invalid(
            "lower-case failure symbol",
            zen("dnsbl.zen.failure", "rbl_zen_fail"),
            "dnsbl.zen.failure",
            "rbl_zen_fail",
            "a symbol name of upper-case letters, digits and '_'"),
        invalid(
            "deadline 0",
            zen("dnsbl.deadline", "0"),
            "dnsbl.deadline",
            "0",
            "a whole number of milliseconds from 1 to 60000"),
        invalid(
            "deadline abc",
            zen("dnsbl.deadline", "abc"),
            "dnsbl.deadline",
            "abc",
            "a whole number of milliseconds from 1 to 60000"),
        invalid(
            "deadline above 60000",
            zen("dnsbl.deadline", "60001"),
            "dnsbl.deadline",
            "60001",
            "a whole number of milliseconds from 1 to 60000"),
        invalid(
            "network with prefix 33",
            zen("allowlist.networks", "192.0.2.0/24, 198.51.100.0/33"),
            "allowlist.networks",
            "198.51.100.0/33",
            "invalid prefix length"),
        invalid(
            "network given as a host name",
            zen("allowlist.networks", "mail.example.test"),
            "allowlist.networks",
            "mail.example.test",
            "is not a network"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSettings")
  void rejectsInvalidList(
      String description,
      Map<String, String> properties,
      String key,
      String value,
      String acceptedForm) {
    SpamfreeConfigurationException error = parseError(properties);

    assertThat(error).as("exception for %s", description).isNotNull();
    assertThat(error.getMessage()).contains("'" + key + "'");
    assertThat(error.getMessage()).contains("'" + value + "'");
    assertThat(error.getMessage()).contains(acceptedForm);
    assertThat(error.getMessage()).contains(SOURCE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"dnsbl.zen.zon", "dnsbl.zen.faliure", "dnsbl.deadlines", "dnsbl.dbl.zone"})
  void rejectsUnknownDnsblKey(String key) {
    SpamfreeConfigurationException error = parseError(zen(key, "dbl.example.test"));

    assertThat(error).as("exception for %s", key).isNotNull();
    assertThat(error.getMessage()).contains("Unknown key '" + key + "'");
    assertThat(error.getMessage())
        .contains("dnsbl.ID.{zone,type,family,allowlist,codes,other,failure}");
  }

  @Test
  void typeErrorShowsValueAsWritten() {
    SpamfreeConfigurationException error = parseError(zen("dnsbl.zen.type", "BOTH"));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("'BOTH'");
  }

  @Test
  void listWithoutCodesOrOther() {
    SpamfreeConfigurationException error = parseError(zen("dnsbl.zen.codes", null));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("list 'zen'");
    assertThat(error.getMessage()).contains("dnsbl.zen.codes");
    assertThat(error.getMessage()).contains("could never list anything");
    assertThat(error.getMessage()).contains("'dnsbl.zen.other = DNSBL_ZEN'");
  }

  @Test
  void codeSymbolWithoutScore() {
    SpamfreeConfigurationException error = parseError(zen("score.RBL_ZEN_XBL", null));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("symbol RBL_ZEN_XBL of dnsbl.zen.codes has no score");
    assertThat(error.getMessage()).contains("'score.RBL_ZEN_XBL = 5.0'");
    assertThat(error.getMessage()).contains(SOURCE);
  }

  @Test
  void otherSymbolWithoutScore() {
    SpamfreeConfigurationException error = parseError(zen("dnsbl.zen.other", "RBL_ZEN_OTHER"));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("symbol RBL_ZEN_OTHER of dnsbl.zen.other has no score");
    assertThat(error.getMessage()).contains("'score.RBL_ZEN_OTHER = 5.0'");
  }

  @Test
  void zenZone() {
    DnsblZone zone = parse(zen()).dnsLists().get(0);

    assertThat(zone.id()).isEqualTo("zen");
    assertThat(zone.zone()).isEqualTo("zen.example.test");
    assertThat(zone.kind()).isEqualTo(DnsblZone.Kind.IP);
    assertThat(zone.allowlist()).isFalse();
    assertThat(zone.otherCodes()).isEmpty();
  }

  @Test
  void zenHasOneList() {
    assertThat(parse(zen()).dnsLists()).hasSize(1);
  }

  @Test
  void zenCodesAndRanges() {
    DnsblZone zone = parse(zen()).dnsLists().get(0);

    assertThat(zone.codes())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                code("127.0.0.2"), "RBL_ZEN_SBL",
                code("127.0.0.4"), "RBL_ZEN_XBL",
                code("127.0.0.5"), "RBL_ZEN_XBL",
                code("127.0.0.6"), "RBL_ZEN_XBL",
                code("127.0.0.7"), "RBL_ZEN_XBL",
                code("127.0.0.10"), "RBL_ZEN_PBL",
                code("127.0.0.11"), "RBL_ZEN_PBL"));
  }

  @Test
  void zenFailureSymbolScoredZero() {
    SpamfreeSettings settings = parse(zen());

    assertThat(settings.dnsLists().get(0).failureSymbol()).isEqualTo("DNSBL_ZEN_FAIL");
    assertThat(settings.scores().scoreOf("DNSBL_ZEN_FAIL")).isEqualTo(0.0);
  }

  @Test
  void zenCodeScores() {
    SpamfreeSettings settings = parse(zen());

    assertThat(settings.scores().scoreOf("RBL_ZEN_SBL")).isEqualTo(6.0);
    assertThat(settings.scores().scoreOf("RBL_ZEN_XBL")).isEqualTo(4.5);
    assertThat(settings.scores().scoreOf("RBL_ZEN_PBL")).isEqualTo(1.0);
  }

  @Test
  void failureSymbolRenamed() {
    SpamfreeSettings settings = parse(zen("dnsbl.zen.failure", "RBL_ZEN_FAIL"));

    assertThat(settings.dnsLists().get(0).failureSymbol()).isEqualTo("RBL_ZEN_FAIL");
    assertThat(settings.scores().scoreOf("RBL_ZEN_FAIL")).isEqualTo(0.0);
    assertThat(settings.scores().asMap()).doesNotContainKey("DNSBL_ZEN_FAIL");
  }

  @Test
  void failureScoreOverridden() {
    SpamfreeSettings settings = parse(zen("score.DNSBL_ZEN_FAIL", "0.5"));

    assertThat(settings.scores().scoreOf("DNSBL_ZEN_FAIL")).isEqualTo(0.5);
  }

  @Test
  void failureSymbolFromHyphenatedId() {
    Map<String, String> properties =
        zen(
            "dnsbl.lists",
            "zen-mirror",
            "dnsbl.zen.zone",
            null,
            "dnsbl.zen.codes",
            null,
            "dnsbl.zen-mirror.zone",
            "zen.example.test",
            "dnsbl.zen-mirror.codes",
            ZEN_CODES);

    DnsblZone zone = parse(properties).dnsLists().get(0);

    assertThat(zone.failureSymbol()).isEqualTo("DNSBL_ZEN_MIRROR_FAIL");
  }

  @Test
  void otherCodesSymbol() {
    Map<String, String> properties =
        zen("dnsbl.zen.other", "RBL_ZEN_OTHER", "score.RBL_ZEN_OTHER", "2.0");

    SpamfreeSettings settings = parse(properties);

    assertThat(settings.dnsLists().get(0).otherCodes()).contains("RBL_ZEN_OTHER");
    assertThat(settings.scores().scoreOf("RBL_ZEN_OTHER")).isEqualTo(2.0);
  }

  @Test
  void otherWithoutCodes() {
    Map<String, String> properties =
        zen(
            "dnsbl.zen.codes", null,
            "score.RBL_ZEN_SBL", null,
            "score.RBL_ZEN_XBL", null,
            "score.RBL_ZEN_PBL", null,
            "dnsbl.zen.other", "RBL_ZEN",
            "score.RBL_ZEN", "3.0");

    DnsblZone zone = parse(properties).dnsLists().get(0);

    assertThat(zone.codes()).isEmpty();
    assertThat(zone.otherCodes()).contains("RBL_ZEN");
  }

  @Test
  void rangeOf256Codes() {
    Map<String, String> properties =
        zen(
            "dnsbl.zen.codes", "127.0.0.0-127.0.0.255=RBL_ZEN_SBL",
            "score.RBL_ZEN_XBL", null,
            "score.RBL_ZEN_PBL", null);

    DnsblZone zone = parse(properties).dnsLists().get(0);

    assertThat(zone.codes()).hasSize(256);
    assertThat(zone.codes()).containsEntry(code("127.0.0.0"), "RBL_ZEN_SBL");
    assertThat(zone.codes()).containsEntry(code("127.0.0.255"), "RBL_ZEN_SBL");
  }

  @Test
  void rangeWithSpacesAroundDash() {
    Map<String, String> properties =
        zen(
            "dnsbl.zen.codes", "127.0.0.4 - 127.0.0.5 = RBL_ZEN_XBL",
            "score.RBL_ZEN_SBL", null,
            "score.RBL_ZEN_PBL", null);

    DnsblZone zone = parse(properties).dnsLists().get(0);

    assertThat(zone.codes()).containsOnlyKeys(code("127.0.0.4"), code("127.0.0.5"));
  }

  @Test
  void zoneLowerCasedWithoutFinalDot() {
    DnsblZone zone = parse(zen("dnsbl.zen.zone", "ZEN.Example.Test.")).dnsLists().get(0);

    assertThat(zone.zone()).isEqualTo("zen.example.test");
  }

  @ParameterizedTest
  @ValueSource(strings = {"domain", "DOMAIN", "Domain"})
  void domainType(String type) {
    DnsblZone zone = parse(zen("dnsbl.zen.type", type)).dnsLists().get(0);

    assertThat(zone.kind()).isEqualTo(DnsblZone.Kind.DOMAIN);
  }

  @Test
  void ipTypeExplicit() {
    DnsblZone zone = parse(zen("dnsbl.zen.type", "ip")).dnsLists().get(0);

    assertThat(zone.kind()).isEqualTo(DnsblZone.Kind.IP);
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "TRUE", "True"})
  void allowlistTrue(String value) {
    Map<String, String> properties =
        zen(
            "dnsbl.zen.allowlist", value,
            "score.RBL_ZEN_SBL", "-6.0",
            "score.RBL_ZEN_XBL", "-4.5",
            "score.RBL_ZEN_PBL", "0");

    SpamfreeSettings settings = parse(properties);

    assertThat(settings.dnsLists().get(0).allowlist()).isTrue();
    assertThat(settings.scores().scoreOf("RBL_ZEN_SBL")).isEqualTo(-6.0);
  }

  @Test
  void allowlistWithPositiveScoreRejected() {
    Map<String, String> properties =
        zen("dnsbl.zen.allowlist", "true", "score.RBL_ZEN_SBL", "-6.0", "score.RBL_ZEN_PBL", "0");

    assertThatThrownBy(() -> parse(properties))
        .isInstanceOf(SpamfreeConfigurationException.class)
        .hasMessageContaining("'score.RBL_ZEN_XBL'")
        .hasMessageContaining("'4.5'")
        .hasMessageContaining("0 or less");
  }

  @Test
  void familyDefaultsToBoth() {
    assertThat(parse(zen()).dnsLists().get(0).family()).isEqualTo(DnsblZone.Family.BOTH);
  }

  @Test
  void familyIpv6Read() {
    assertThat(parse(zen("dnsbl.zen.family", "IPv6")).dnsLists().get(0).family())
        .isEqualTo(DnsblZone.Family.IPV6);
  }

  @Test
  void invalidFamilyRejected() {
    assertThatThrownBy(() -> parse(zen("dnsbl.zen.family", "ipv5")))
        .isInstanceOf(SpamfreeConfigurationException.class)
        .hasMessageContaining("'dnsbl.zen.family'")
        .hasMessageContaining("'ipv5'")
        .hasMessageContaining("'ipv4', 'ipv6' or 'both'");
  }

  @Test
  void allowlistFalseExplicit() {
    DnsblZone zone = parse(zen("dnsbl.zen.allowlist", "false")).dnsLists().get(0);

    assertThat(zone.allowlist()).isFalse();
  }

  @Test
  void twoListsInOrder() {
    Map<String, String> properties =
        zen(
            "dnsbl.lists", "zen, dbl",
            "dnsbl.dbl.zone", "dbl.example.test",
            "dnsbl.dbl.type", "domain",
            "dnsbl.dbl.other", "DBL_ANY",
            "score.DBL_ANY", "3.0");

    SpamfreeSettings settings = parse(properties);

    assertThat(settings.dnsLists()).extracting(DnsblZone::id).containsExactly("zen", "dbl");
    assertThat(settings.dnsLists().get(1).kind()).isEqualTo(DnsblZone.Kind.DOMAIN);
    assertThat(settings.scores().scoreOf("DNSBL_DBL_FAIL")).isEqualTo(0.0);
  }

  @Test
  void noListsByDefault() {
    SpamfreeSettings settings = parse(Map.of("protected.domains", "spamfree.test"));

    assertThat(settings.dnsLists()).isEmpty();
    assertThat(settings.allowlistNetworks()).isEmpty();
  }

  @Test
  void deadlineDefault() {
    SpamfreeSettings settings = parse(zen());

    assertThat(settings.dnsListDeadline()).isEqualTo(Duration.ofMillis(5000));
  }

  @Test
  void deadlineDefaultWithoutLists() {
    SpamfreeSettings settings = parse(Map.of("protected.domains", "spamfree.test"));

    assertThat(settings.dnsListDeadline()).isEqualTo(Duration.ofMillis(5000));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 1500, 60_000})
  void deadlineCustom(long millis) {
    SpamfreeSettings settings = parse(zen("dnsbl.deadline", Long.toString(millis)));

    assertThat(settings.dnsListDeadline()).isEqualTo(Duration.ofMillis(millis));
  }

  @Test
  void allowlistNetworks() {
    SpamfreeSettings settings =
        parse(zen("allowlist.networks", "192.0.2.0/24, 2001:db8::/32, 198.51.100.7"));

    assertThat(settings.allowlistNetworks())
        .containsExactly(
            new CidrRange(InetAddresses.forString("192.0.2.0"), 24),
            new CidrRange(InetAddresses.forString("2001:db8::"), 32),
            new CidrRange(InetAddresses.forString("198.51.100.7"), 32));
  }

  @Test
  void allowlistNetworksWithoutLists() {
    Map<String, String> properties =
        Map.of("protected.domains", "spamfree.test", "allowlist.networks", "203.0.113.0/24");

    SpamfreeSettings settings = parse(properties);

    assertThat(settings.allowlistNetworks())
        .containsExactly(new CidrRange(InetAddresses.forString("203.0.113.0"), 24));
  }

  private static SpamfreeSettings parse(Map<String, String> properties) {
    return SettingsParser.parse(SOURCE, properties, Map.of());
  }

  private static SpamfreeConfigurationException parseError(Map<String, String> properties) {
    return catchThrowableOfType(SpamfreeConfigurationException.class, () -> parse(properties));
  }

  private static InetAddress code(String dotted) {
    return InetAddresses.forString(dotted);
  }

  /**
   * Returns a ZEN-like configuration of one IP list with a score for each code symbol, changed by
   * the given key and value pairs. A null value removes the key.
   */
  private static Map<String, String> zen(String... keysAndValues) {
    Map<String, String> properties = new HashMap<>();
    properties.put("protected.domains", "spamfree.test");
    properties.put("dnsbl.lists", "zen");
    properties.put("dnsbl.zen.zone", "zen.example.test");
    properties.put("dnsbl.zen.codes", ZEN_CODES);
    properties.put("score.RBL_ZEN_SBL", "6.0");
    properties.put("score.RBL_ZEN_XBL", "4.5");
    properties.put("score.RBL_ZEN_PBL", "1.0");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] == null) {
        properties.remove(keysAndValues[i]);
      } else {
        properties.put(keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    return properties;
  }

  private static Arguments invalid(
      String description,
      Map<String, String> properties,
      String key,
      String value,
      String acceptedForm) {
    return Arguments.of(description, properties, key, value, acceptedForm);
  }
}
