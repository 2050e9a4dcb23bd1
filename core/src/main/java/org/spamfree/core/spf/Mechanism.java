package org.spamfree.core.spf;

import java.util.Objects;
import java.util.Optional;

/**
 * One directive of an SPF record (RFC 7208 §4.6.1): a qualifier and a mechanism with its arguments,
 * as written in the record.
 *
 * @param qualifier the result when the mechanism matches ({@code +} when the record omits it)
 * @param kind the mechanism
 * @param domainSpec the unexpanded domain-spec of include, a, mx, ptr and exists, when present
 * @param network the address bytes of ip4 (4 bytes) and ip6 (16 bytes); empty for the others
 * @param ip4Prefix the IPv4 CIDR length of ip4, a and mx, 32 when the record omits it
 * @param ip6Prefix the IPv6 CIDR length of ip6, a and mx, 128 when the record omits it
 * @param text the term as written in the record, for traces and the {@code mechanism=} field
 */
public record Mechanism(
    Qualifier qualifier,
    Kind kind,
    Optional<String> domainSpec,
    Optional<byte[]> network,
    int ip4Prefix,
    int ip6Prefix,
    String text) {

  /** The mechanisms of RFC 7208 §5. */
  public enum Kind {
    ALL,
    INCLUDE,
    A,
    MX,
    PTR,
    IP4,
    IP6,
    EXISTS;

    /**
     * Returns whether evaluating this mechanism queries DNS, so it counts toward §4.6.4's limit.
     */
    public boolean queriesDns() {
      return this == INCLUDE || this == A || this == MX || this == PTR || this == EXISTS;
    }
  }

  /** The qualifiers of RFC 7208 §4.6.2 and the result each gives on a match. */
  public enum Qualifier {
    PASS('+', SpfResult.PASS),
    FAIL('-', SpfResult.FAIL),
    SOFTFAIL('~', SpfResult.SOFTFAIL),
    NEUTRAL('?', SpfResult.NEUTRAL);

    private final char symbol;
    private final SpfResult result;

    Qualifier(char symbol, SpfResult result) {
      this.symbol = symbol;
      this.result = result;
    }

    public SpfResult result() {
      return result;
    }

    static Optional<Qualifier> of(char symbol) {
      for (Qualifier qualifier : values()) {
        if (qualifier.symbol == symbol) {
          return Optional.of(qualifier);
        }
      }
      return Optional.empty();
    }
  }

  public Mechanism {
    Objects.requireNonNull(qualifier, "qualifier must not be null");
    Objects.requireNonNull(kind, "kind must not be null");
    Objects.requireNonNull(domainSpec, "domainSpec must not be null");
    Objects.requireNonNull(network, "network must not be null");
    Objects.requireNonNull(text, "text must not be null");
  }
}
