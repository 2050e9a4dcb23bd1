package org.spamfree.core.geo;

import com.maxmind.db.MaxMindDbConstructor;
import com.maxmind.db.MaxMindDbParameter;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The fields Spamfree reads from MaxMind DB records. The reader builds these classes by reflection
 * and skips every other field, so each lookup decodes only what it needs.
 */
final class DatabaseRecords {

  private static final Pattern ISO_CODE = Pattern.compile("[A-Z]{2}");

  private DatabaseRecords() {}

  /**
   * A country record in one of the two common layouts: {@code country_code} at the top level
   * (ip-location-db) or {@code country.iso_code} (GeoLite2-Country, GeoIP2-Country, DB-IP Lite, and
   * their City editions). {@code registered_country} is the fallback that GeoLite2 gives for
   * networks without a located country.
   */
  public static final class CountryRecord {
    private final String countryCode;
    private final IsoCode country;
    private final IsoCode registeredCountry;

    @MaxMindDbConstructor
    public CountryRecord(
        @MaxMindDbParameter(name = "country_code") String countryCode,
        @MaxMindDbParameter(name = "country") IsoCode country,
        @MaxMindDbParameter(name = "registered_country") IsoCode registeredCountry) {
      this.countryCode = countryCode;
      this.country = country;
      this.registeredCountry = registeredCountry;
    }

    /** Returns the ISO 3166-1 alpha-2 code in upper case, if the record has a valid one. */
    Optional<String> isoCode() {
      String code = countryCode;
      if (code == null && country != null) {
        code = country.isoCode;
      }
      if (code == null && registeredCountry != null) {
        code = registeredCountry.isoCode;
      }
      if (code == null) {
        return Optional.empty();
      }
      String upper = CountryCodes.normalise(code);
      return ISO_CODE.matcher(upper).matches() ? Optional.of(upper) : Optional.empty();
    }

    /** Returns whether the record has one of the country fields, valid or not. */
    boolean hasCountryField() {
      return countryCode != null || country != null || registeredCountry != null;
    }
  }

  /** The {@code {"iso_code": "DE", ...}} map of GeoLite2 records. */
  public static final class IsoCode {
    private final String isoCode;

    @MaxMindDbConstructor
    public IsoCode(@MaxMindDbParameter(name = "iso_code") String isoCode) {
      this.isoCode = isoCode;
    }
  }

  /** A record in the GeoLite2-ASN layout, which ip-location-db's ASN databases share. */
  public static final class AsnRecord {
    private final Long number;
    private final String organization;

    @MaxMindDbConstructor
    public AsnRecord(
        @MaxMindDbParameter(name = "autonomous_system_number") Long number,
        @MaxMindDbParameter(name = "autonomous_system_organization") String organization) {
      this.number = number;
      this.organization = organization;
    }

    Optional<Long> number() {
      return Optional.ofNullable(number);
    }

    Optional<String> organization() {
      return Optional.ofNullable(organization).filter(name -> !name.isBlank());
    }
  }
}
