package org.spamfree.server;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.james.dnsservice.dnsjava.DNSJavaService;
import org.apache.james.metrics.api.MetricFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;

/**
 * James's DNS service (used by RemoteDelivery to find MX hosts, among others) made to query the
 * same servers as Spamfree's checks. James's own {@code dnsservice.xml} accepts servers on port 53
 * only; this subclass replaces the resolver after James's initialisation with one built from {@code
 * dns.servers} or {@code SPAMFREE_DNS_SERVERS}, ports included. With neither set, James's
 * configuration stays in force.
 */
public class FollowingDnsService extends DNSJavaService {

  private static final Logger LOGGER = LoggerFactory.getLogger(FollowingDnsService.class);

  private final List<InetSocketAddress> servers;

  @Inject
  public FollowingDnsService(MetricFactory metricFactory, DnsServerList servers) {
    super(metricFactory);
    this.servers = servers.addresses();
  }

  @Override
  public void init() throws Exception {
    super.init();
    if (servers.isEmpty()) {
      return;
    }
    List<Resolver> resolvers =
        servers.stream().<Resolver>map(SimpleResolver::new).collect(Collectors.toList());
    resolver = new ExtendedResolver(resolvers);
    LOGGER.info("James DNS service uses the Spamfree DNS servers {}", servers);
  }
}
