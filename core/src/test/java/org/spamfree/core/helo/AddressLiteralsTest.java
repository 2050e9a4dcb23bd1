package org.spamfree.core.helo;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import org.junit.jupiter.api.Test;
import org.spamfree.core.helo.AddressLiterals.InvalidLiteral;
import org.spamfree.core.helo.AddressLiterals.Ipv6Grammar;
import org.spamfree.core.helo.AddressLiterals.ValidLiteral;

class AddressLiteralsTest {

  @Test
  void shouldParseIpv4Literal() {
    assertThat(AddressLiterals.parseLiteral("[192.0.2.7]"))
        .isEqualTo(new ValidLiteral(InetAddresses.forString("192.0.2.7")));
  }

  @Test
  void shouldReadLeadingZerosAsDecimal() {
    assertThat(AddressLiterals.parseIpv4("192.0.2.010"))
        .contains(InetAddresses.forString("192.0.2.10"));
  }

  @Test
  void shouldParseIpv6LiteralWithUpperCaseHex() {
    assertThat(AddressLiterals.parseLiteral("[IPv6:2001:DB8::7]"))
        .isEqualTo(new ValidLiteral(InetAddresses.forString("2001:db8::7")));
  }

  @Test
  void shouldReturnIpv4ForMappedLiteral() {
    ValidLiteral literal = (ValidLiteral) AddressLiterals.parseLiteral("[IPv6:::ffff:192.0.2.1]");

    assertThat(literal.address()).isInstanceOf(Inet4Address.class);
  }

  @Test
  void rfc5321ShouldRejectDoubleColonForOneGroup() {
    assertThat(AddressLiterals.parseIpv6("2001:db8:1:2:3:4:5::", Ipv6Grammar.RFC_5321)).isEmpty();
  }

  @Test
  void rfc4291ShouldAcceptDoubleColonForOneGroup() {
    assertThat(AddressLiterals.parseIpv6("2001:db8:1:2:3:4:5::", Ipv6Grammar.RFC_4291))
        .contains(InetAddresses.forString("2001:db8:1:2:3:4:5:0"));
  }

  @Test
  void rfc5321ShouldAcceptFourGroupsBesideIpv4() {
    assertThat(AddressLiterals.parseIpv6("2001:db8:1:2::192.0.2.7", Ipv6Grammar.RFC_5321))
        .contains(InetAddresses.forString("2001:db8:1:2::c000:207"));
  }

  @Test
  void rfc5321ShouldRejectFiveGroupsBesideIpv4() {
    assertThat(AddressLiterals.parseIpv6("2001:db8:1:2:3::192.0.2.7", Ipv6Grammar.RFC_5321))
        .isEmpty();
  }

  @Test
  void shouldAcceptUnspecifiedAddress() {
    assertThat(AddressLiterals.parseIpv6("::", Ipv6Grammar.RFC_5321))
        .contains(InetAddresses.forString("::"));
  }

  @Test
  void shouldRejectZoneId() {
    assertThat(AddressLiterals.parseIpv6("2001:db8::7%1", Ipv6Grammar.RFC_4291)).isEmpty();
  }

  @Test
  void shouldRejectFullWidthDigits() {
    assertThat(AddressLiterals.parseIpv4("192.0.2.\uff17")).isEmpty();
  }

  @Test
  void shouldExplainMissingIpv6Tag() {
    assertThat(AddressLiterals.parseLiteral("[2001:db8::7]"))
        .isEqualTo(new InvalidLiteral("an IPv6 address literal must start with the 'IPv6:' tag"));
  }

  @Test
  void shouldExplainGeneralLiteral() {
    assertThat(AddressLiterals.parseLiteral("[x400:c=example]")).isInstanceOf(InvalidLiteral.class);
  }
}
