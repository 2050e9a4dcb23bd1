package org.spamfree.benchmarks.dnsbl;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MaybeSender;
import org.apache.james.dnsservice.dnsjava.DNSJavaService;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPConfigurationImpl;
import org.apache.james.protocols.smtp.SMTPSessionImpl;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.smtpserver.fastfail.DNSRBLHandler;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;

/**
 * James 3.8.1's DNS list check: {@link DNSRBLHandler} from {@code james-server-protocols-smtp},
 * with the zones as {@code rblservers.blacklist} entries and {@code getDetail} on, resolving
 * through James's {@link DNSJavaService}. The handler queries the zones one after the other and
 * stops at the first zone that lists the client, then fetches that zone's TXT record. In a James
 * server it runs at the first MAIL FROM or RCPT TO of a connection, which the benchmark calls as
 * {@code doMail} on a new session per check.
 */
final class JamesListCheck implements DnsListCheck {

  private final LoopbackDnsService dns;
  private final List<String> zones;
  private final DNSRBLHandler handler;
  private final List<DNSRBLHandler> singleZoneHandlers = new ArrayList<>();

  JamesListCheck(InetSocketAddress server, List<String> zones) throws Exception {
    this.zones = List.copyOf(zones);
    this.dns = new LoopbackDnsService(new RecordingMetricFactory(), server);
    dns.configure(dnsServiceConfiguration());
    dns.init();
    this.handler = handler(dns, zones);
    for (String zone : zones) {
      singleZoneHandlers.add(handler(dns, List.of(zone)));
    }
  }

  @Override
  public String name() {
    return "james";
  }

  @Override
  public void clearCaches() {
    dns.clearCache();
  }

  @Override
  public boolean check(InetAddress address, boolean expectListed) {
    HookResult result = handler.doMail(session(address), MaybeSender.nullSender());
    HookReturnCode.Action action = result.getResult().getAction();
    if (!expectListed) {
      return action == HookReturnCode.Action.DECLINED;
    }
    // The handler stops at the first zone, and getDetail puts that zone's TXT text in the reply.
    String description = result.getSmtpDescription();
    return action == HookReturnCode.Action.DENY
        && description != null
        && description.contains(BenchmarkZones.reason(zones.get(0), address));
  }

  @Override
  public List<String> zonesListing(InetAddress address) {
    List<String> listing = new ArrayList<>();
    for (int index = 0; index < zones.size(); index++) {
      dns.clearCache();
      HookResult result =
          singleZoneHandlers.get(index).doMail(session(address), MaybeSender.nullSender());
      if (result.getResult().getAction() == HookReturnCode.Action.DENY) {
        listing.add(zones.get(index));
      }
    }
    return listing;
  }

  private static DNSRBLHandler handler(DNSJavaService dns, List<String> zones)
      throws ConfigurationException {
    BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
    for (String zone : zones) {
      configuration.addProperty("rblservers.blacklist", zone);
    }
    configuration.addProperty("getDetail", true);
    DNSRBLHandler handler = new DNSRBLHandler(dns);
    handler.init(configuration);
    return handler;
  }

  /**
   * Configures the DNS service with no autodiscovery, so it never reads the system resolver's
   * servers. Its configuration takes servers on port 53 only, so {@link LoopbackDnsService}
   * replaces the resolver after initialisation.
   */
  private static BaseHierarchicalConfiguration dnsServiceConfiguration() {
    BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
    configuration.addProperty("autodiscover", false);
    configuration.addProperty("setAsDNSJavaDefault", false);
    configuration.addProperty("servers.server", "127.0.0.1");
    return configuration;
  }

  private static SMTPSessionImpl session(InetAddress client) {
    return new SMTPSessionImpl(new ClientTransport(client), new SMTPConfigurationImpl());
  }

  /**
   * James's DNS service pointed at one server on any port, the way Spamfree's {@code
   * FollowingDnsService} does it: the resolver built by {@link DNSJavaService#init} is replaced
   * before any lookup.
   */
  private static final class LoopbackDnsService extends DNSJavaService {

    private final InetSocketAddress server;

    LoopbackDnsService(MetricFactory metricFactory, InetSocketAddress server) {
      super(metricFactory);
      this.server = server;
    }

    @Override
    public void init() throws Exception {
      super.init();
      resolver = new ExtendedResolver(List.<Resolver>of(new SimpleResolver(server)));
    }
  }

  /**
   * The transport of a session whose client connected from {@code client}. The handler reads only
   * the remote address, so the methods that would send or read data throw.
   */
  private static final class ClientTransport implements ProtocolTransport {

    private final InetSocketAddress remote;

    ClientTransport(InetAddress client) {
      this.remote = new InetSocketAddress(client, 49152);
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
      return remote;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
      return new InetSocketAddress(BenchmarkZones.LOOPBACK, 25);
    }

    @Override
    public String getId() {
      return "dnsbl-benchmark";
    }

    @Override
    public boolean isTLSStarted() {
      return false;
    }

    @Override
    public boolean isStartTLSSupported() {
      return false;
    }

    @Override
    public Optional<SSLSession> getSSLSession() {
      return Optional.empty();
    }

    @Override
    public boolean isProxyRequired() {
      return false;
    }

    @Override
    public void writeResponse(Response response, ProtocolSession session) {
      throw new UnsupportedOperationException("The benchmark session has no connection");
    }

    @Override
    public void popLineHandler() {
      throw new UnsupportedOperationException("The benchmark session has no connection");
    }

    @Override
    public void pushLineHandler(
        LineHandler<? extends ProtocolSession> overrideCommandHandler, ProtocolSession session) {
      throw new UnsupportedOperationException("The benchmark session has no connection");
    }

    @Override
    public void setReadable(boolean readable) {
      throw new UnsupportedOperationException("The benchmark session has no connection");
    }

    @Override
    public boolean isReadable() {
      return true;
    }
  }
}
