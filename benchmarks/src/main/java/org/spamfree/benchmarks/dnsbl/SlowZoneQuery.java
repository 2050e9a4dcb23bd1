package org.spamfree.benchmarks.dnsbl;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The reference row of the report: one A query for the client under the slow zone, sent with
 * dnsjava's {@link SimpleResolver} and no cache. Its latency is what "the slowest zone" costs on
 * this machine, forwarder included, and so the base of the "slowest zone + 5 ms" target.
 */
final class SlowZoneQuery implements DnsListCheck {

  private final String zone;
  private final SimpleResolver resolver;

  SlowZoneQuery(InetSocketAddress server, String zone) {
    this.zone = zone;
    this.resolver = new SimpleResolver(server);
    resolver.setTimeout(SpamfreeListCheck.QUERY_TIMEOUT);
  }

  @Override
  public String name() {
    return "reference: one A query to " + zone;
  }

  @Override
  public boolean check(InetAddress address, boolean expectListed) throws Exception {
    Message answer = query(address);
    boolean listed =
        answer.getRcode() == Rcode.NOERROR && !answer.getSection(Section.ANSWER).isEmpty();
    boolean unlisted = answer.getRcode() == Rcode.NXDOMAIN;
    return expectListed ? listed : unlisted;
  }

  @Override
  public List<String> zonesListing(InetAddress address) throws Exception {
    return check(address, true) ? List.of(zone) : List.of();
  }

  private Message query(InetAddress address) throws Exception {
    Name name = Name.fromString(BenchmarkZones.reversed(address) + "." + zone + ".");
    return resolver.send(Message.newQuery(Record.newRecord(name, Type.A, DClass.IN)));
  }
}
