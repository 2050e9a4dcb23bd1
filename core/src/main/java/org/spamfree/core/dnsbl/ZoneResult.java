package org.spamfree.core.dnsbl;

import java.util.List;
import java.util.Optional;

/** The result of one zone's lookup for one address or domain. */
public sealed interface ZoneResult
    permits ZoneResult.Listed, ZoneResult.NotListed, ZoneResult.Failed, ZoneResult.Invalid {

  DnsblZone zone();

  /**
   * Listed with one or more return codes that the zone's filter accepts.
   *
   * @param symbols the symbols of the accepted codes, without repeats
   * @param codes the return codes as dotted quads
   * @param reason the zone's TXT record, when it has one, for reject texts
   */
  record Listed(DnsblZone zone, List<String> symbols, List<String> codes, Optional<String> reason)
      implements ZoneResult {
    public Listed {
      symbols = List.copyOf(symbols);
      codes = List.copyOf(codes);
    }
  }

  /** Not listed: NXDOMAIN, no A record, or only codes the filter ignores. */
  record NotListed(DnsblZone zone) implements ZoneResult {}

  /** The lookup failed, so nothing is known: never read as listed or not listed. */
  record Failed(DnsblZone zone, String reason) implements ZoneResult {}

  /**
   * The zone answered with something that is not a listing: an address outside 127.0.0.0/8, or a
   * list error code such as Spamhaus's 127.255.255.252 to 127.255.255.255.
   */
  record Invalid(DnsblZone zone, List<String> codes) implements ZoneResult {
    public Invalid {
      codes = List.copyOf(codes);
    }
  }
}
