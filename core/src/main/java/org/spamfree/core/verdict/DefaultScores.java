package org.spamfree.core.verdict;

import java.util.Map;
import org.spamfree.core.attachment.AttachmentSymbols;
import org.spamfree.core.clamav.ClamavSymbols;
import org.spamfree.core.dns.DnsSymbols;
import org.spamfree.core.helo.HeloSymbols;
import org.spamfree.core.spf.SpfSymbols;
import org.spamfree.core.store.StoreSymbols;

/**
 * Default score of every symbol Spamfree emits. The sample {@code conf/spamfree.properties} lists
 * the same values, and a test keeps the two equal.
 *
 * <p>HELO scores stay well below the default reject threshold on purpose: RFC 5321 §4.1.4 forbids
 * refusing mail only because the HELO argument does not match the client, so HELO evidence can tag
 * a message but never reject it alone.
 */
public final class DefaultScores {

  /** The client is in {@code allowlist.networks}. */
  public static final String LOCAL_ALLOWLIST = "LOCAL_ALLOWLIST";

  public static final Map<String, Double> ALL =
      Map.ofEntries(
          Map.entry(HeloSymbols.HELO_SYNTAX_INVALID, 1.5),
          Map.entry(HeloSymbols.HELO_BARE_IP, 2.0),
          Map.entry(HeloSymbols.HELO_LITERAL_MISMATCH, 2.0),
          Map.entry(HeloSymbols.HELO_SINGLE_LABEL, 1.0),
          Map.entry(HeloSymbols.HELO_LOCALHOST, 2.5),
          Map.entry(HeloSymbols.HELO_CLAIMS_LOCAL, 3.5),
          Map.entry(HeloSymbols.HELO_MISSING, 1.5),
          Map.entry(LOCAL_ALLOWLIST, -20.0),
          Map.entry(DnsSymbols.RDNS_NONE, 1.5),
          Map.entry(DnsSymbols.RDNS_NOT_CONFIRMED, 1.0),
          Map.entry(DnsSymbols.RDNS_DYNAMIC, 1.5),
          Map.entry(DnsSymbols.RDNS_FAIL, 0.0),
          Map.entry(DnsSymbols.HELO_NOT_RESOLVING, 0.5),
          Map.entry(DnsSymbols.HELO_RDNS_MISMATCH, 0.3),
          Map.entry(DnsSymbols.HELO_DNS_FAIL, 0.0),
          Map.entry(ClamavSymbols.CLAM_VIRUS, 20.0),
          Map.entry(ClamavSymbols.CLAM_UNSCANNED, 0.0),
          Map.entry(ClamavSymbols.CLAM_OVERSIZED, 0.0),
          Map.entry(AttachmentSymbols.ATTACHMENT_EXECUTABLE, 6.0),
          Map.entry(AttachmentSymbols.ATTACHMENT_DISGUISED, 10.0),
          Map.entry(AttachmentSymbols.ATTACHMENT_ARCHIVE_EXECUTABLE, 6.0),
          Map.entry(AttachmentSymbols.ATTACHMENT_BANNED, 20.0),
          Map.entry(AttachmentSymbols.ATTACHMENT_LIMIT, 1.0),
          Map.entry(AttachmentSymbols.ATTACHMENT_MALFORMED, 1.0),
          Map.entry(SpfSymbols.SPF_PASS, -0.5),
          Map.entry(SpfSymbols.SPF_FAIL, 5.0),
          Map.entry(SpfSymbols.SPF_SOFTFAIL, 2.0),
          Map.entry(SpfSymbols.SPF_NEUTRAL, 0.5),
          Map.entry(SpfSymbols.SPF_NONE, 0.5),
          Map.entry(SpfSymbols.SPF_TEMPERROR, 0.0),
          Map.entry(SpfSymbols.SPF_PERMERROR, 1.0),
          Map.entry(SpfSymbols.SPF_HELO_PASS, -0.2),
          Map.entry(SpfSymbols.SPF_HELO_FAIL, 2.0),
          Map.entry(SpfSymbols.SPF_HELO_SOFTFAIL, 1.0),
          Map.entry(SpfSymbols.SPF_HELO_NEUTRAL, 0.0),
          Map.entry(SpfSymbols.SPF_HELO_NONE, 0.0),
          Map.entry(SpfSymbols.SPF_HELO_TEMPERROR, 0.0),
          Map.entry(SpfSymbols.SPF_HELO_PERMERROR, 0.5),
          Map.entry(StoreSymbols.IP_HELO_NAMES_3, 1.0),
          Map.entry(StoreSymbols.IP_HELO_NAMES_5, 2.5),
          Map.entry(StoreSymbols.IP_HELO_NAMES_10, 4.5),
          Map.entry(StoreSymbols.IP_HELO_NAMES_FAIL, 0.0),
          Map.entry(StoreSymbols.SENDER_HELO_MISMATCH, 0.5),
          Map.entry(StoreSymbols.CONNECTION_BURST, 3.0),
          Map.entry(StoreSymbols.SPAM_TRAP, 6.0),
          Map.entry(StoreSymbols.LOCAL_BLOCKLIST, 8.0),
          Map.entry(StoreSymbols.LOCAL_BLOCKLIST_FAIL, 0.0));

  private DefaultScores() {}
}
