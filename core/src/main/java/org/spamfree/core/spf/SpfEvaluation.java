package org.spamfree.core.spf;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of checking one identity with SPF.
 *
 * @param identity which identity was checked: MAIL FROM (§2.4) or HELO (§2.3)
 * @param result the RFC 7208 result
 * @param domain the domain whose records were checked, lower-case without the final dot; empty when
 *     the identity had no domain that could be checked
 * @param sender the {@code <sender>} of check_host(), {@code postmaster@HELO} for the null sender
 *     and for the HELO identity
 * @param helo the HELO/EHLO argument, empty when the client sent none
 * @param client the client address, IPv4-mapped IPv6 addresses turned into IPv4
 * @param explanation the explanation of a fail result (§6.2), empty for other results
 * @param matchedTerm the directive or modifier that decided the result, as written in the record
 * @param problem for none, temperror and permerror, what went wrong
 * @param trace the terms evaluated with their lookups, one line each, indented by include depth
 * @param elapsed how long the evaluation took
 */
public record SpfEvaluation(
    Identity identity,
    SpfResult result,
    String domain,
    String sender,
    String helo,
    InetAddress client,
    Optional<String> explanation,
    Optional<String> matchedTerm,
    Optional<String> problem,
    List<String> trace,
    Duration elapsed) {

  /** The identities of RFC 7208 §2.3 and §2.4, named as in {@code Received-SPF}'s field. */
  public enum Identity {
    MAILFROM,
    HELO;

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public SpfEvaluation {
    Objects.requireNonNull(identity, "identity must not be null");
    Objects.requireNonNull(result, "result must not be null");
    Objects.requireNonNull(domain, "domain must not be null");
    Objects.requireNonNull(sender, "sender must not be null");
    Objects.requireNonNull(helo, "helo must not be null");
    Objects.requireNonNull(client, "client must not be null");
    trace = List.copyOf(trace);
  }
}
