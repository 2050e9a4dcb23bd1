package org.spamfree.core.config;

import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.spamfree.core.spf.SpfEvaluator;
import org.spamfree.core.spf.SpfPolicy;
import org.spamfree.core.spf.SpfSettings;

/**
 * Reads the SPF keys of {@code spamfree.properties}:
 *
 * <pre>
 * spf.enabled = true                 # check MAIL FROM (RFC 7208)
 * spf.helo.enabled = true            # check the HELO identity as well (section 2.3)
 * spf.deadline = 20000               # milliseconds per evaluation, then temperror
 * spf.void.lookups = 2               # void lookups allowed (section 4.6.4)
 * spf.authserv.id = mx.example.test  # default: the first of server.names
 * spf.fail = score                   # score, or reject with 550 5.7.23
 * spf.temperror = score              # score, or tempfail with 451 4.7.24
 * spf.permerror = score              # score, or reject with 550 5.7.24
 * domain.NAME.spf.fail = reject      # the same three keys per protected domain
 * </pre>
 */
final class SpfSettingsParser {

  static final long DEFAULT_DEADLINE_MILLIS = 20_000;

  private final SettingsParser parser;

  SpfSettingsParser(SettingsParser parser) {
    this.parser = parser;
  }

  SpfSettings parse(Collection<String> protectedDomains, Collection<String> serverNames) {
    boolean enabled = parser.bool("spf.enabled", true);
    boolean heloEnabled = parser.bool("spf.helo.enabled", true);
    long deadline =
        parser.wholeNumber("spf.deadline", DEFAULT_DEADLINE_MILLIS, 100, 120_000, "milliseconds");
    int voidLookups =
        (int)
            parser.wholeNumber(
                "spf.void.lookups", SpfEvaluator.DEFAULT_VOID_LOOKUP_LIMIT, 0, 100, "lookups");
    String authServId =
        parser
            .value("spf.authserv.id")
            .map(value -> authServId("spf.authserv.id", value))
            .orElse(serverNames.iterator().next());

    SpfPolicy defaultPolicy = policy("spf.", SpfPolicy.SCORE_ONLY);
    Map<String, SpfPolicy> domains = new TreeMap<>();
    for (String domain : protectedDomains) {
      domains.put(domain, policy("domain." + domain + ".spf.", defaultPolicy));
    }
    return new SpfSettings(
        enabled,
        heloEnabled,
        Duration.ofMillis(deadline),
        voidLookups,
        authServId,
        defaultPolicy,
        domains);
  }

  private SpfPolicy policy(String prefix, SpfPolicy base) {
    return SpfPolicy.withOverrides(
        base,
        action(prefix + "fail", "reject"),
        action(prefix + "temperror", "tempfail"),
        action(prefix + "permerror", "reject"));
  }

  /** Returns true for the refusing action, false for {@code score}, null when the key is unset. */
  private Boolean action(String key, String refusing) {
    Optional<String> raw = parser.value(key);
    if (raw.isEmpty()) {
      return null;
    }
    String value = raw.get().toLowerCase(Locale.ROOT);
    if (value.equals("score")) {
      return false;
    }
    if (value.equals(refusing)) {
      return true;
    }
    throw SpamfreeConfigurationException.invalidValue(
        parser.source, key, raw.get(), "'score' or '" + refusing + "'");
  }

  /** Checks an authserv-id, which RFC 8601 §2.5 makes a domain name or another value token. */
  private String authServId(String key, String value) {
    if (!value.matches("[A-Za-z0-9][A-Za-z0-9.-]*")) {
      throw SpamfreeConfigurationException.invalidValue(
          parser.source, key, value, "a host name such as mx.example.test");
    }
    return value.toLowerCase(Locale.ROOT);
  }
}
