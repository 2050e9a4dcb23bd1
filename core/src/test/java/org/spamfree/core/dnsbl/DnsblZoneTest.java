package org.spamfree.core.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DnsblZoneTest {

  private static final DnsblZone ZONE =
      new DnsblZone(
          "z",
          "List.Example.Test.",
          DnsblZone.Kind.IP,
          false,
          Map.of(),
          Optional.empty(),
          "Z_FAIL");

  @ParameterizedTest
  @CsvSource({
    "192.0.2.1, 1.2.0.192.list.example.test",
    "203.0.113.255, 255.113.0.203.list.example.test",
    "::ffff:198.51.100.7, 7.100.51.198.list.example.test",
    "2001:db8::1, 1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.list.example.test",
    "2001:db8:abcd:12::ff, f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.2.1.0.0.d.c.b.a.8.b.d.0.1.0.0.2.list.example.test"
  })
  void addressQueryName(String address, String expected) {
    assertThat(ZONE.queryName(InetAddresses.forString(address))).isEqualTo(expected);
  }

  @Test
  void nibbleNameKeepsMappedAddress() {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = 127;
    mapped[15] = 2;

    assertThat(ZONE.nibbleName(mapped))
        .isEqualTo(
            "2.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.list.example.test");
  }

  @Test
  void domainQueryName() {
    assertThat(ZONE.queryName("Spam.Example.Test."))
        .isEqualTo("spam.example.test.list.example.test");
  }

  @Test
  void zoneNormalised() {
    assertThat(ZONE.zone()).isEqualTo("list.example.test");
  }

  @Test
  void invalidZoneRejected() {
    assertThatThrownBy(
            () ->
                new DnsblZone(
                    "z",
                    "bad zone",
                    DnsblZone.Kind.IP,
                    false,
                    Map.of(),
                    Optional.empty(),
                    "Z_FAIL"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'bad zone'");
  }
}
