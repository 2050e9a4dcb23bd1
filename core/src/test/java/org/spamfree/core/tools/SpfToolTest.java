package org.spamfree.core.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spamfree.core.dns.DnsResolver;
import org.spamfree.core.dns.NsdServer;
import org.spamfree.core.spf.SpfEvaluator;

/** Arguments and batch lines of {@code bin/spamfree spf}; the packaged command has its own IT. */
class SpfToolTest {

  @RegisterExtension static NsdServer nsd = NsdServer.serving("spf.test");

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--ip 192.0.2.1 | expected --ip and --mail-from, or --batch",
        "--ip 192.0.2.1 --mail-from | --mail-from needs a value",
        "--ip mail.example.test --mail-from a@b.test | 'mail.example.test' is not an IPv4 or IPv6",
        "--batch --ip 192.0.2.1 | --batch reads the addresses from standard input",
        "--verbose | unknown option '--verbose'",
        "--ip 192.0.2.1 --mail-from not-an-address | 'not-an-address' is not a MAIL FROM address",
        "--ip 192.0.2.1 --mail-from a@ | 'a@' is not a MAIL FROM address",
        "--ip 192.0.2.1 --mail-from a@b.test --dns 127.0.0.1:99999 | --dns:",
      })
  void invalidArgumentsExitWithUsage(String arguments, String expected) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code =
        SpfTool.run(
            arguments.trim().split(" "),
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isEqualTo(SpfTool.EXIT_USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(expected).contains("Usage:");
  }

  @Test
  void batchLineFieldsFollowResult() throws Exception {
    DnsResolver resolver =
        new DnsResolver(List.of(nsd.hostPort()), Duration.ofSeconds(2), 100, Clock.systemUTC());
    SpfEvaluator evaluator =
        new SpfEvaluator(resolver, Duration.ofSeconds(5), 2, "mx.spamfree.test", Clock.systemUTC());

    assertThat(SpfTool.batchLine(evaluator, 6000, "192.0.2.1\th.test\ta@pass-ip4.spf.test"))
        .isEqualTo("pass\tpass-ip4.spf.test\tip4:192.0.2.0/24\t-");
    assertThat(SpfTool.batchLine(evaluator, 6000, "192.0.2.1\th.test\t<a@two.spf.test>"))
        .startsWith("permerror\ttwo.spf.test\t-\t2 SPF records at two.spf.test");
    assertThat(SpfTool.batchLine(evaluator, 6000, "192.0.2.50\thelo.spf.test\t<>"))
        .isEqualTo("pass\thelo.spf.test\tip4:192.0.2.50\t-");
    assertThat(SpfTool.batchLine(evaluator, 6000, "192.0.2.1 h.test a@b.test"))
        .isEqualTo("invalid\texpected ip<TAB>helo<TAB>mail-from, found 1 fields");
  }
}
