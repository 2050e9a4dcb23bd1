package org.spamfree.core.spf;

import java.net.InetAddress;
import java.util.Objects;

/**
 * The values that the macro letters of RFC 7208 §7.2 expand to during one check_host() call.
 *
 * @param sender the {@code <sender>} identity, {@code local-part@domain} (letter {@code s})
 * @param domain the {@code <domain>} being checked (letter {@code d})
 * @param client the client's IP address (letters {@code i}, {@code c}, {@code v})
 * @param helo the HELO/EHLO domain (letter {@code h})
 * @param validatedName the client's validated domain name of §5.5, or {@code unknown} (letter
 *     {@code p})
 * @param receiver the name of the host doing the check (letter {@code r}, explanations only)
 * @param timestamp seconds since the epoch (letter {@code t}, explanations only)
 */
public record MacroContext(
    String sender,
    String domain,
    InetAddress client,
    String helo,
    String validatedName,
    String receiver,
    long timestamp) {

  public MacroContext {
    Objects.requireNonNull(sender, "sender must not be null");
    Objects.requireNonNull(domain, "domain must not be null");
    Objects.requireNonNull(client, "client must not be null");
    Objects.requireNonNull(helo, "helo must not be null");
    Objects.requireNonNull(validatedName, "validatedName must not be null");
    Objects.requireNonNull(receiver, "receiver must not be null");
  }

  /** Returns the same context for another {@code <domain>}, as include and redirect need. */
  public MacroContext withDomain(String newDomain) {
    return new MacroContext(sender, newDomain, client, helo, validatedName, receiver, timestamp);
  }

  /** Returns the same context with the validated name that {@code %{p}} expands to. */
  public MacroContext withValidatedName(String name) {
    return new MacroContext(sender, domain, client, helo, name, receiver, timestamp);
  }

  /** Returns the local part of the sender (letter {@code l}). */
  public String localPart() {
    int at = sender.lastIndexOf('@');
    return at < 0 ? "postmaster" : sender.substring(0, at);
  }

  /** Returns the domain of the sender (letter {@code o}). */
  public String senderDomain() {
    int at = sender.lastIndexOf('@');
    return at < 0 ? sender : sender.substring(at + 1);
  }
}
