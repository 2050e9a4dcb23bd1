package org.spamfree.core.clamav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClamdEndpointTest {

  @Test
  void parsesTcpIpv4() {
    ClamdEndpoint endpoint = ClamdEndpoint.parse("tcp:192.0.2.10:3310");

    assertThat(endpoint.address()).isEqualTo(new InetSocketAddress("192.0.2.10", 3310));
  }

  @Test
  void parsesTcpIpv6InBrackets() {
    ClamdEndpoint endpoint = ClamdEndpoint.parse("tcp:[2001:db8::10]:3310");

    assertThat(((InetSocketAddress) endpoint.address()).getPort()).isEqualTo(3310);
    assertThat(((InetSocketAddress) endpoint.address()).getAddress().getHostAddress())
        .isEqualTo("2001:db8:0:0:0:0:0:10");
  }

  @Test
  void parsesUnixSocket() {
    ClamdEndpoint endpoint = ClamdEndpoint.parse("unix:/run/clamav/clamd.ctl");

    assertThat(endpoint.address()).isEqualTo(UnixDomainSocketAddress.of("/run/clamav/clamd.ctl"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1:3310",
        "tcp:clamd.example.test:3310",
        "tcp:127.0.0.1",
        "tcp:127.0.0.1:0",
        "tcp:127.0.0.1:70000",
        "unix:relative/clamd.ctl",
        "unix:",
        "udp:127.0.0.1:3310"
      })
  void rejectsInvalidAddress(String value) {
    assertThatThrownBy(() -> ClamdEndpoint.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(value);
  }
}
