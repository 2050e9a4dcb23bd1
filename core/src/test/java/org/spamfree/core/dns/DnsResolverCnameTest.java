package org.spamfree.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Type;

/**
 * A CNAME whose target the answer leaves out: NSD serves {@code example.test} only, so the resolver
 * asks again for the target and gets REFUSED, which must stay a failure.
 */
class DnsResolverCnameTest {

  @RegisterExtension static NsdServer nsd = NsdServer.serving("example.test");

  @Test
  void cnameTargetOutsideAnswerLookedUpAgain() throws Exception {
    DnsResolver resolver =
        new DnsResolver(List.of(nsd.hostPort()), Duration.ofMillis(500), 100, Clock.systemUTC());

    DnsResult result = resolver.lookup("outside.example.test", Type.A).get(5, TimeUnit.SECONDS);

    assertThat(resolver.queriesSent()).isEqualTo(2);
    assertThat(result).isInstanceOf(DnsResult.ServerFailure.class);
    assertThat(result.name()).isEqualTo("host.other.test.");
    assertThat(result.isFailure()).isTrue();
  }
}
