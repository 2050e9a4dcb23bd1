package org.spamfree.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "192.0.2.53              | 192.0.2.53        | -1",
        "192.0.2.53:53           | 192.0.2.53        | 53",
        "mx.example.test:2525    | mx.example.test   | 2525",
        "mx.example.test.        | mx.example.test.  | -1",
        "dns                     | dns               | -1",
        "[2001:db8::53]          | 2001:db8::53      | -1",
        "[2001:db8::53]:5353     | 2001:db8::53      | 5353",
        "2001:db8::53            | 2001:db8::53      | -1",
        "' 192.0.2.53:1 '        | 192.0.2.53        | 1",
        "192.0.2.53:65535        | 192.0.2.53        | 65535",
      })
  void parseAcceptsForm(String value, String host, int port) {
    HostPort parsed = HostPort.parse(value);

    assertThat(parsed.host()).isEqualTo(host);
    assertThat(parsed.port()).isEqualTo(port < 0 ? OptionalInt.empty() : OptionalInt.of(port));
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(
      strings = {
        "",
        " ",
        ":53",
        "mx.example.test:",
        "mx.example.test:port",
        "mx..example.test",
        "-mx.example.test",
        "mx_1.example.test",
        "mx example.test",
        "[2001:db8::53",
        "2001:db8::53]",
        "[2001:db8::53]:",
        "[mx.example.test]:53",
      })
  void parseRejectsMalformedValue(String value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HostPort.parse(value))
        .withMessageContaining("'" + value + "'")
        .withMessageContaining("host[:port]");
  }

  @Test
  void parseRejectsInvalidIpv6() {
    for (String value : List.of("192.0.2.53:53:53", ":::", "1::2::3", "[cafe]", "[.]:53")) {
      assertThatIllegalArgumentException()
          .as("HostPort.parse(\"%s\")", value)
          .isThrownBy(() -> HostPort.parse(value))
          .withMessageContaining("'" + value + "'");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "192.0.2.53:0",
        "192.0.2.53:65536",
        "192.0.2.53:70000",
        "[2001:db8::53]:0",
        "192.0.2.53:99999999999"
      })
  void parseRejectsPortOutOfRange(String value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HostPort.parse(value))
        .withMessageContaining("'" + value + "'")
        .withMessageContaining("a port is a number from 1 to 65535");
  }

  @Test
  void toStringBracketsIpv6Host() {
    assertThat(HostPort.parse("[2001:db8::53]:5353")).hasToString("[2001:db8::53]:5353");
  }

  @Test
  void toStringBracketsIpv6HostWithoutPort() {
    assertThat(HostPort.parse("2001:db8::53")).hasToString("[2001:db8::53]");
  }

  @Test
  void toStringJoinsHostAndPort() {
    assertThat(HostPort.parse("192.0.2.53:53")).hasToString("192.0.2.53:53");
  }

  @Test
  void toStringOutputParsesBack() {
    HostPort original = HostPort.parse("[2001:db8::53]:5353");

    assertThat(HostPort.parse(original.toString())).isEqualTo(original);
  }

  @Test
  void portOrReturnsExplicitPort() {
    assertThat(HostPort.parse("192.0.2.53:5353").portOr(53)).isEqualTo(5353);
  }

  @Test
  void portOrReturnsDefaultWithoutPort() {
    assertThat(HostPort.parse("192.0.2.53").portOr(53)).isEqualTo(53);
  }
}
