package org.spamfree.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {

  @Test
  void defaultsApplyWithOnlyRecipient() throws Exception {
    CommandLine commandLine = CommandLine.parse("--to", "rcpt@spamfree.test");

    LoadOptions options = commandLine.options();
    assertThat(commandLine.helpRequested()).isFalse();
    assertThat(commandLine.csv()).isFalse();
    assertThat(options.host()).isEqualTo(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
    assertThat(options.port()).isEqualTo(2525);
    assertThat(options.sourceAddresses()).isEmpty();
    assertThat(options.sessions()).isEqualTo(10);
    assertThat(options.messages()).isEqualTo(1000);
    assertThat(options.messageSizeBytes()).isEqualTo(4096);
    assertThat(options.messagesPerSession()).isEqualTo(1);
    assertThat(options.heloName()).isEqualTo("loadclient.example");
    assertThat(options.sender()).isEqualTo("load@sender.example");
    assertThat(options.recipients()).containsExactly("rcpt@spamfree.test");
    assertThat(options.maxDuration()).isEqualTo(Duration.ofSeconds(300));
    assertThat(options.replyTimeout()).isEqualTo(Duration.ofMillis(30_000));
    assertThat(options.warmupMessages()).isZero();
  }

  @Test
  void everyOptionParsed() throws Exception {
    CommandLine commandLine =
        CommandLine.parse(
            "--host",
            "127.0.0.5",
            "--port=2526",
            "--sources",
            "127.0.0.2, 127.0.0.3",
            "--sessions",
            "4",
            "--messages",
            "50",
            "--size",
            "1000",
            "--per-session",
            "5",
            "--helo",
            "[127.0.0.5]",
            "--from",
            "bulk@sender.test",
            "--to",
            "a@spamfree.test,b@spamfree.test",
            "--max-seconds",
            "60",
            "--timeout-ms",
            "1500",
            "--warmup",
            "10",
            "--csv");

    LoadOptions options = commandLine.options();
    assertThat(commandLine.csv()).isTrue();
    assertThat(options.host().getHostAddress()).isEqualTo("127.0.0.5");
    assertThat(options.port()).isEqualTo(2526);
    assertThat(options.sourceAddresses())
        .extracting(InetAddress::getHostAddress)
        .containsExactly("127.0.0.2", "127.0.0.3");
    assertThat(options.sessions()).isEqualTo(4);
    assertThat(options.messages()).isEqualTo(50);
    assertThat(options.messageSizeBytes()).isEqualTo(1000);
    assertThat(options.messagesPerSession()).isEqualTo(5);
    assertThat(options.heloName()).isEqualTo("[127.0.0.5]");
    assertThat(options.sender()).isEqualTo("bulk@sender.test");
    assertThat(options.recipients()).containsExactly("a@spamfree.test", "b@spamfree.test");
    assertThat(options.maxDuration()).isEqualTo(Duration.ofSeconds(60));
    assertThat(options.replyTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(options.warmupMessages()).isEqualTo(10);
    assertThat(options.totalMessages()).isEqualTo(60);
  }

  @Test
  void helpWinsOverOtherArguments() {
    CommandLine commandLine = CommandLine.parse("--port", "0", "--help");

    assertThat(commandLine.helpRequested()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.255.0.9",
        "localhost",
        "::1",
        "[::1]",
        "0:0:0:0:0:0:0:1",
        "0000:0000:0000:0000:0000:0000:0000:0001",
        "0::1",
        "::0:1",
        "::ffff:127.0.0.2"
      })
  void loopbackHostAccepted(String host) {
    LoadOptions options = CommandLine.parse("--host", host, "--to", "a@spamfree.test").options();

    assertThat(options.host().isLoopbackAddress()).isTrue();
  }

  // Only IP literals and localhost are parsed, so no value here is ever resolved by DNS.
  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.1",
        "192.168.1.10",
        "192.0.2.1",
        "0.0.0.0",
        "128.0.0.1",
        "::2",
        "::",
        "127.0.0.256",
        "mail.example",
        "1abc.example",
        "loopback.test",
        "fe80::1%lo",
        "::127.0.0.1",
        "::ffff:10.0.0.1",
        "127.0.0.1::1",
        "::1::",
        ":::1",
        "1:2:3:4:5:6:7:8:9",
        "0:0:0:0:0:0:0:0:1",
        "::10001",
        "[::1",
        ""
      })
  void nonLoopbackHostRejected(String host) {
    assertThatThrownBy(() -> CommandLine.parse("--host", host, "--to", "a@spamfree.test"))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("--host")
        .hasMessageContaining("'" + host + "'")
        .hasMessageContaining("loopback address");
  }

  @Test
  void mappedLoopbackBecomesIpv4() {
    LoadOptions options =
        CommandLine.parse("--host", "::ffff:127.0.0.2", "--to", "a@spamfree.test").options();

    assertThat(options.host()).isInstanceOf(Inet4Address.class);
    assertThat(options.host().getHostAddress()).isEqualTo("127.0.0.2");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--port|0|an integer from 1 to 65535",
        "--port|65536|an integer from 1 to 65535",
        "--port|smtp|an integer from 1 to 65535",
        "--sessions|0|an integer from 1 to 1000",
        "--sessions|1001|an integer from 1 to 1000",
        "--messages|-5|an integer from 1 to 10000000",
        "--messages|1e3|an integer from 1 to 10000000",
        "--size|0|an integer from 1 to 67108864",
        "--per-session|0|an integer from 1 to 10000000",
        "--max-seconds|0|an integer from 1 to 86400",
        "--max-seconds|1.5|an integer from 1 to 86400",
        "--timeout-ms|0|an integer from 1 to 3600000",
        "--warmup|-1|an integer from 0 to 10000000",
        "--helo|bad_name.example|a domain name",
        "--helo|-leading.example|a domain name",
        "--from|no-at-sign|an address local-part@domain",
        "--from|a b@sender.example|an address local-part@domain",
        "--to|<a@spamfree.test>|one or more addresses",
        "--to|a@spamfree.test,,b@spamfree.test|one or more addresses",
        "--sources|127.0.0.2,10.1.1.1|a loopback address",
        "--sources|::1|IPv4 addresses, the family of --host 127.0.0.1",
      })
  void invalidValueNamesOptionValueAndForm(String option, String value, String acceptedForm) {
    String recipient = option.equals("--to") ? value : "a@spamfree.test";

    assertThatThrownBy(() -> CommandLine.parse("--to", recipient, option, value))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageStartingWith("Invalid value ")
        .hasMessageContaining(option)
        .hasMessageContaining(acceptedForm)
        .extracting(e -> ((InvalidOptionException) e).option())
        .isEqualTo(option);
  }

  @Test
  void invalidValueQuotesGivenText() {
    assertThatThrownBy(() -> CommandLine.parse("--to", "a@spamfree.test", "--port", "smtp"))
        .hasMessage("Invalid value 'smtp' for --port: expected an integer from 1 to 65535.");
  }

  @Test
  void missingRecipientRejected() {
    assertThatThrownBy(() -> CommandLine.parse("--port", "2525"))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageStartingWith("Missing value for --to");
  }

  @Test
  void missingValueRejected() {
    assertThatThrownBy(() -> CommandLine.parse("--to", "a@spamfree.test", "--sessions"))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessage("Missing value for --sessions: expected an integer from 1 to 1000.");
  }

  @Test
  void unknownOptionRejected() {
    assertThatThrownBy(() -> CommandLine.parse("--to", "a@spamfree.test", "--prot", "25"))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessage("Unknown option '--prot'.");
  }

  @Test
  void strayArgumentRejected() {
    assertThatThrownBy(() -> CommandLine.parse("--to", "a@spamfree.test", "extra"))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("'extra'");
  }

  @Test
  void csvFlagTakesNoValue() {
    assertThatThrownBy(() -> CommandLine.parse("--to", "a@spamfree.test", "--csv=yes"))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("--csv");
  }

  @Test
  void javaCallerGetsSameValidation() {
    assertThatThrownBy(
            () ->
                LoadOptions.builder()
                    .recipients(List.of("a@spamfree.test"))
                    .host(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1}))
                    .build())
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("--host")
        .hasMessageContaining("192.0.2.1");
    assertThatThrownBy(
            () ->
                LoadOptions.builder()
                    .recipients(List.of("a@spamfree.test"))
                    .maxDuration(Duration.ofDays(2))
                    .build())
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("--max-seconds");
  }
}
