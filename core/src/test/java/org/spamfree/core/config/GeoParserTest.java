package org.spamfree.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spamfree.core.geo.GeoSettings;

class GeoParserTest {

  private static final String SOURCE = "test.properties";

  private static SpamfreeSettings parse(Map<String, String> geoKeys) {
    Map<String, String> properties = new HashMap<>();
    properties.put("protected.domains", "example.test, other.test");
    properties.putAll(geoKeys);
    return SettingsParser.parse(SOURCE, properties, Map.of());
  }

  @Test
  void noKeysTurnGeoOff() {
    GeoSettings geo = parse(Map.of()).geo();

    assertThat(geo.enabled()).isFalse();
    assertThat(geo.describe()).isEqualTo("off");
  }

  @Test
  void allKeysParse() {
    Map<String, String> keys = new HashMap<>();
    keys.put("geo.database", "conf/geo/iptoasn-country.mmdb");
    keys.put("geo.asn.database", "/var/lib/geo/GeoLite2-ASN.mmdb");
    keys.put("geo.reload.interval", "300");
    keys.put("geo.special.lookup", "true");
    keys.put("geo.country.CN.score", "3.5");
    keys.put("geo.country.RU.score", "-1");
    keys.put("domain.example.test.geo.allow", "de, AT");
    keys.put("domain.other.test.geo.reject", "CN");

    SpamfreeSettings settings = parse(keys);
    GeoSettings geo = settings.geo();

    assertThat(geo.countryDatabase()).contains(Path.of("conf/geo/iptoasn-country.mmdb"));
    assertThat(geo.asnDatabase()).contains(Path.of("/var/lib/geo/GeoLite2-ASN.mmdb"));
    assertThat(geo.reloadInterval()).isEqualTo(Duration.ofSeconds(300));
    assertThat(geo.lookupSpecialRanges()).isTrue();
    assertThat(geo.countryScores()).isEqualTo(Map.of("CN", 3.5, "RU", -1.0));
    assertThat(geo.ruleFor("Example.Test.").get().allowed()).isEqualTo(Set.of("DE", "AT"));
    assertThat(geo.ruleFor("other.test").get().rejected()).isEqualTo(Set.of("CN"));
    assertThat(settings.scores().scoreOf("GEO_CN")).isEqualTo(3.5);
    assertThat(settings.scores().scoreOf("GEO_RU")).isEqualTo(-1.0);
  }

  @Test
  void defaultsApplyWithDatabaseOnly() {
    GeoSettings geo = parse(Map.of("geo.database", "countries.mmdb")).geo();

    assertThat(geo.enabled()).isTrue();
    assertThat(geo.asnDatabase()).isEmpty();
    assertThat(geo.reloadInterval()).isEqualTo(GeoSettings.DEFAULT_RELOAD_INTERVAL);
    assertThat(geo.lookupSpecialRanges()).isFalse();
    assertThat(geo.countryScores()).isEmpty();
    assertThat(geo.domainRules()).isEmpty();
  }

  @Test
  void allowListAcceptsOnlyItsCountries() {
    GeoSettings.CountryRule rule = new GeoSettings.CountryRule(Set.of("DE", "AT"), Set.of());

    assertThat(rule.accepts("DE")).isTrue();
    assertThat(rule.accepts("FR")).isFalse();
  }

  @Test
  void rejectListRejectsOnlyItsCountries() {
    GeoSettings.CountryRule rule = new GeoSettings.CountryRule(Set.of(), Set.of("CN"));

    assertThat(rule.accepts("CN")).isFalse();
    assertThat(rule.accepts("FR")).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "geo.country.ZZ.score | 2.0 | geo.country.ZZ.score | 'ZZ' is not one",
        "geo.country.cn.score | 2.0 | geo.country.cn.score | ISO 3166-1 alpha-2",
        "geo.country.CN.score | high | geo.country.CN.score | a number such as 2.5",
        "domain.example.test.geo.allow | DE, Germany | domain.example.test.geo.allow | 'GERMANY'"
            + " is not one",
        "geo.reload.interval | -1 | geo.reload.interval | whole number of seconds from 0",
        "geo.special.lookup | yes | geo.special.lookup | 'true' or 'false'",
        "geo.country.CN | 2.0 | Unknown key 'geo.country.CN' | geo.country.XX.score",
        "geo.databse | x.mmdb | Unknown key 'geo.databse' | geo.{database",
        "domain.unknown.test.geo.allow | DE | Unknown key 'domain.unknown.test.geo.allow' | must"
            + " name a protected domain"
      })
  void invalidValueNamesKeyAndAcceptedForm(
      String key, String value, String expectedKey, String expectedForm) {
    Map<String, String> keys = new HashMap<>();
    keys.put("geo.database", "countries.mmdb");
    keys.put(key, value);

    assertThatThrownBy(() -> parse(keys))
        .isInstanceOf(SpamfreeConfigurationException.class)
        .hasMessageContaining(expectedKey)
        .hasMessageContaining(expectedForm);
  }

  @Test
  void allowAndRejectTogetherAreInvalid() {
    Map<String, String> keys = new HashMap<>();
    keys.put("geo.database", "countries.mmdb");
    keys.put("domain.example.test.geo.allow", "DE");
    keys.put("domain.example.test.geo.reject", "CN");

    assertThatThrownBy(() -> parse(keys))
        .isInstanceOf(SpamfreeConfigurationException.class)
        .hasMessageContaining("domain.example.test.geo.reject")
        .hasMessageContaining("not both");
  }

  @ParameterizedTest
  @CsvSource({
    "geo.asn.database, asn.mmdb",
    "geo.country.CN.score, 2.0",
    "domain.example.test.geo.reject, CN"
  })
  void geoKeysWithoutDatabaseAreInvalid(String key, String value) {
    assertThatThrownBy(() -> parse(Map.of(key, value)))
        .isInstanceOf(SpamfreeConfigurationException.class)
        .hasMessageContaining("geo.database is not")
        .hasMessageContaining("conf/geo/iptoasn-country.mmdb");
  }
}
