package org.spamfree.core.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Usage errors of {@link DnsTool}, which it reports before any DNS query. */
class DnsToolTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "dnsbl --bogus|expected the address before any option, but found the option '--bogus'",
        "rdns --dns|expected the address before any option, but found the option '--dns'",
        "dnsbl example.test|'example.test' is not an IPv4 or IPv6 address",
        "dnsbl 192.0.2.1 --bogus 127.0.0.1:53|unknown option '--bogus'",
        "dnsbl 192.0.2.1 --bogus|unknown option '--bogus'",
        "dnsbl 192.0.2.1 --dns|missing value for --dns: expected host:port",
        "rdns 192.0.2.1 extra|unexpected argument 'extra' after the address",
        "dnsbl 192.0.2.1 --dns 127.0.0.1:53 --dns 127.0.0.1:54|--dns is given twice",
        "whois 192.0.2.1|unknown command 'whois'"
      })
  void usageErrorNamesArgument(String arguments, String message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exitCode =
        DnsTool.run(
            arguments.split(" "),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exitCode).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(message)
        .contains("Usage: spamfree dnsbl ADDRESS [--dns host:port]");
    assertThat(out.size()).isZero();
  }
}
