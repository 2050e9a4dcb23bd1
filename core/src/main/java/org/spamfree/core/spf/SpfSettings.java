package org.spamfree.core.spf;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The SPF settings of {@code spamfree.properties}.
 *
 * @param enabled whether MAIL FROM is checked at all
 * @param heloEnabled whether the HELO identity is checked as well (RFC 7208 §2.3)
 * @param deadline the maximum time of one evaluation, after which it gives temperror
 * @param voidLookupLimit the void lookups allowed per evaluation (RFC 7208 §4.6.4)
 * @param authServId the authserv-id of {@code Authentication-Results} and the {@code receiver} of
 *     {@code Received-SPF}
 * @param defaultPolicy the policy of protected domains without their own SPF keys
 * @param domainPolicies the policy of each protected domain, by lower-case name
 */
public record SpfSettings(
    boolean enabled,
    boolean heloEnabled,
    Duration deadline,
    int voidLookupLimit,
    String authServId,
    SpfPolicy defaultPolicy,
    Map<String, SpfPolicy> domainPolicies) {

  public SpfSettings {
    Objects.requireNonNull(deadline, "deadline must not be null");
    Objects.requireNonNull(authServId, "authServId must not be null");
    Objects.requireNonNull(defaultPolicy, "defaultPolicy must not be null");
    domainPolicies = Map.copyOf(domainPolicies);
  }

  /** Returns the policy of a protected domain, ignoring case; other domains get the default. */
  public SpfPolicy policyFor(String domain) {
    return domainPolicies.getOrDefault(domain.toLowerCase(Locale.ROOT), defaultPolicy);
  }

  /** Describes the settings on one line for the start-up log. */
  public String describe() {
    Map<String, String> policies = new TreeMap<>();
    domainPolicies.forEach((name, policy) -> policies.put(name, policy.describe()));
    return "enabled="
        + enabled
        + " helo="
        + heloEnabled
        + " deadline="
        + deadline.toMillis()
        + "ms voidLookups="
        + voidLookupLimit
        + " authServId="
        + authServId
        + " policies="
        + policies;
  }
}
