package org.spamfree.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DynamicNamesTest {

  @ParameterizedTest(name = "{0} from {1} dynamic={2}")
  @CsvSource({
    "192-0-2-7.dyn.example.test, 192.0.2.7, true",
    "7-2-0-192.example.test, 192.0.2.7, true",
    "host-192.0.2.7.example.test, 192.0.2.7, true",
    "192000002007.example.test, 192.0.2.7, true",
    "c0000207.example.test, 192.0.2.7, true",
    "dsl-pool12.example.test, 198.51.100.9, true",
    "pool12.example.test, 198.51.100.9, true",
    "cable.example.test, 198.51.100.9, true",
    "ppp-customer.example.test, 198.51.100.9, true",
    "dhcp.example.test, 198.51.100.9, true",
    "mail.example.test, 192.0.2.7, false",
    "dyni.net.example, 192.0.2.7, false",
    "poolside.example, 192.0.2.7, false",
    "cabletv-news.example, 192.0.2.7, false",
    "mx7.example.test, 192.0.2.7, false",
    "192-0-2-8.example.test, 192.0.2.7, false",
    "2-7.example.test, 192.0.2.7, false",
    "mail.example.test., 2001:db8::7, false",
    "dyn.example.test., 2001:db8::7, true",
    "MAIL.Dynamic.Example.TEST., 203.0.113.5, true"
  })
  void dynamicName(String name, String address, boolean expected) {
    assertThat(DynamicNames.isDynamic(name, InetAddresses.forString(address))).isEqualTo(expected);
  }
}
