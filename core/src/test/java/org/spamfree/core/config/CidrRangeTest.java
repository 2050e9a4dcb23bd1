package org.spamfree.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.common.net.InetAddresses;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrRangeTest {

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    "0.0.0.0/0, 192.0.2.1, true",
    "0.0.0.0/0, 203.0.113.255, true",
    "192.0.0.0/8, 192.0.2.1, true",
    "192.0.0.0/8, 198.51.100.1, false",
    "198.51.100.0/24, 198.51.100.0, true",
    "198.51.100.0/24, 198.51.100.255, true",
    "198.51.100.0/24, 192.0.2.255, false",
    "198.51.100.0/24, 203.0.113.0, false",
    "192.0.2.0/25, 192.0.2.127, true",
    "192.0.2.0/25, 192.0.2.128, false",
    "192.0.2.6/31, 192.0.2.5, false",
    "192.0.2.6/31, 192.0.2.6, true",
    "192.0.2.6/31, 192.0.2.7, true",
    "192.0.2.6/31, 192.0.2.8, false",
    "192.0.2.7/32, 192.0.2.6, false",
    "192.0.2.7/32, 192.0.2.7, true",
    "192.0.2.7/32, 192.0.2.8, false",
    "192.0.2.7, 192.0.2.7, true",
    "192.0.2.7, 192.0.2.8, false",
    "192.0.2.7/24, 192.0.2.200, true",
    "2001:db8::/32, 2001:db8::1, true",
    "2001:db8::/32, 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, true",
    "2001:db8::/32, ::1, false",
    "2001:db8:1::/48, 2001:db8:1:ffff::1, true",
    "2001:db8:1::/48, 2001:db8:2::1, false",
    "2001:db8::7/128, 2001:db8::7, true",
    "2001:db8::7/128, 2001:db8::8, false",
    "2001:db8::7/128, 2001:db8::6, false",
    "2001:db8::7, 2001:db8::7, true",
  })
  void containsAddress(String network, String address, boolean expected) {
    CidrRange range = CidrRange.parse(network);

    assertThat(range.contains(InetAddresses.forString(address))).isEqualTo(expected);
  }

  @Test
  void mappedClientInIpv4Network() throws UnknownHostException {
    InetAddress client = ipv4Mapped(192, 0, 2, 1);

    assertThat(client).isInstanceOf(Inet6Address.class);
    assertThat(CidrRange.parse("192.0.2.0/24").contains(client)).isTrue();
  }

  @Test
  void mappedClientOutsideIpv4Network() throws UnknownHostException {
    InetAddress client = ipv4Mapped(198, 51, 100, 1);

    assertThat(CidrRange.parse("192.0.2.0/24").contains(client)).isFalse();
  }

  @Test
  void ipv4ClientNotInIpv6Network() {
    InetAddress client = InetAddresses.forString("192.0.2.1");

    assertThat(CidrRange.parse("2001:db8::/32").contains(client)).isFalse();
    assertThat(CidrRange.parse("::/0").contains(client)).isFalse();
  }

  @Test
  void ipv6ClientNotInIpv4Network() {
    InetAddress client = InetAddresses.forString("2001:db8::1");

    assertThat(CidrRange.parse("0.0.0.0/0").contains(client)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "192.0.2.0/33",
        "2001:db8::/129",
        "host.example.test/24",
        "192.0.2.0/abc",
        "",
        "192.0.2.0/",
        "192.0.2.0/-1",
        "192.0.2.0/24/8",
        "192.0.2/24",
        "host.example.test"
      })
  void parseRejects(String value) {
    IllegalArgumentException error =
        catchThrowableOfType(IllegalArgumentException.class, () -> CidrRange.parse(value));

    assertThat(error).as("exception for '%s'", value).isNotNull();
    assertThat(error.getMessage()).contains("'" + value + "'");
  }

  @Test
  void ipv4PrefixTooLongNamesRange() {
    IllegalArgumentException error =
        catchThrowableOfType(IllegalArgumentException.class, () -> CidrRange.parse("192.0.2.0/33"));

    assertThat(error.getMessage()).contains("invalid prefix length");
    assertThat(error.getMessage()).contains("0 to 32");
  }

  @Test
  void ipv6PrefixTooLongNamesRange() {
    IllegalArgumentException error =
        catchThrowableOfType(
            IllegalArgumentException.class, () -> CidrRange.parse("2001:db8::/129"));

    assertThat(error.getMessage()).contains("invalid prefix length");
    assertThat(error.getMessage()).contains("0 to 128");
  }

  @Test
  void hostNameRejectedWithExample() {
    IllegalArgumentException error =
        catchThrowableOfType(
            IllegalArgumentException.class, () -> CidrRange.parse("host.example.test/24"));

    assertThat(error.getMessage()).contains("is not a network");
    assertThat(error.getMessage()).contains("192.0.2.0/24");
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 33})
  void constructorRejectsPrefix(int prefixLength) {
    InetAddress network = InetAddresses.forString("192.0.2.0");

    IllegalArgumentException error =
        catchThrowableOfType(
            IllegalArgumentException.class, () -> new CidrRange(network, prefixLength));

    assertThat(error).as("exception for /%d", prefixLength).isNotNull();
    assertThat(error.getMessage()).contains("Invalid prefix length " + prefixLength);
  }

  @Test
  void parseTrimsValue() {
    CidrRange range = CidrRange.parse(" 192.0.2.0/24 ");

    assertThat(range).isEqualTo(new CidrRange(InetAddresses.forString("192.0.2.0"), 24));
  }

  @Test
  void singleAddressFullPrefix() {
    assertThat(CidrRange.parse("192.0.2.7").prefixLength()).isEqualTo(32);
    assertThat(CidrRange.parse("2001:db8::7").prefixLength()).isEqualTo(128);
  }

  @ParameterizedTest
  @CsvSource({
    "192.0.2.0/24, 192.0.2.0/24",
    "192.0.2.7, 192.0.2.7/32",
    "0.0.0.0/0, 0.0.0.0/0",
    "198.51.100.6/31, 198.51.100.6/31"
  })
  void ipv4ToString(String value, String expected) {
    assertThat(CidrRange.parse(value).toString()).isEqualTo(expected);
  }

  @Test
  void ipv6ToStringParsesBack() {
    CidrRange range = CidrRange.parse("2001:db8::/32");

    assertThat(CidrRange.parse(range.toString())).isEqualTo(range);
  }

  @ParameterizedTest
  @CsvSource({"2001:db8::/32, 2001:db8::/32", "2001:db8::7, 2001:db8::7/128"})
  void ipv6ToString(String value, String expected) {
    assertThat(CidrRange.parse(value).toString()).isEqualTo(expected);
  }

  /**
   * Builds ::ffff:a.b.c.d as an Inet6Address, because InetAddress.getByName returns an IPv4 one.
   */
  private static InetAddress ipv4Mapped(int a, int b, int c, int d) throws UnknownHostException {
    byte[] bytes = new byte[16];
    bytes[10] = (byte) 0xff;
    bytes[11] = (byte) 0xff;
    bytes[12] = (byte) a;
    bytes[13] = (byte) b;
    bytes[14] = (byte) c;
    bytes[15] = (byte) d;
    return Inet6Address.getByAddress(null, bytes, -1);
  }
}
