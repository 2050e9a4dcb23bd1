package org.spamfree.core.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spamfree.core.config.SettingsParser;
import org.spamfree.core.config.SpamfreeSettings;

class PolicyResolverTest {

  /**
   * Two protected domains: example.test uses the default policy (tag 5, reject 15), strict.test a
   * policy that rejects from 5.
   */
  private static final SpamfreeSettings SETTINGS =
      SettingsParser.parse(
          "test.properties",
          Map.of(
              "protected.domains", "example.test, strict.test",
              "domain.strict.test.policy", "strict",
              "policy.strict.tag", "2",
              "policy.strict.quarantine", "3",
              "policy.strict.reject", "5"),
          Map.of());

  /** HELO_CLAIMS_LOCAL (3.5) and HELO_LOCALHOST (2.5): a score of 6.0. */
  private static final List<Symbol> SCORE_6 =
      List.of(
          new Symbol("HELO_CLAIMS_LOCAL", "claims to be this server"),
          new Symbol("HELO_LOCALHOST", "localhost"));

  private final PolicyResolver resolver =
      new PolicyResolver(new Profiler(SETTINGS.scores()), SETTINGS);

  @Test
  void decideSumsSymbolScores() {
    TransactionDecision decision = resolver.decide(SCORE_6, List.of("alice@example.test"));

    assertThat(decision.verdict().score()).isEqualTo(6.0);
  }

  @Test
  void decideUsesDefaultPolicyOfDefaultDomain() {
    TransactionDecision decision = resolver.decide(SCORE_6, List.of("alice@example.test"));

    assertThat(decision.smtpAction()).isEqualTo(Action.TAG);
  }

  @Test
  void decideUsesStrictPolicyOfStrictDomain() {
    TransactionDecision decision = resolver.decide(SCORE_6, List.of("bob@strict.test"));

    assertThat(decision.smtpAction()).isEqualTo(Action.REJECT);
  }

  @Test
  void decideAppliesEachRecipientsPolicy() {
    TransactionDecision decision =
        resolver.decide(SCORE_6, List.of("alice@example.test", "bob@strict.test"));

    assertThat(decision.smtpAction()).isEqualTo(Action.TAG);
    assertThat(decision.actionsByRecipient())
        .containsExactly(
            Map.entry("alice@example.test", Action.TAG),
            Map.entry("bob@strict.test", Action.QUARANTINE));
  }

  @Test
  void decideRecordsPolicyPerRecipient() {
    TransactionDecision decision =
        resolver.decide(SCORE_6, List.of("alice@example.test", "bob@strict.test"));

    assertThat(decision.byRecipient().get("alice@example.test").policy().name())
        .isEqualTo("default");
    assertThat(decision.byRecipient().get("bob@strict.test").policy().name()).isEqualTo("strict");
  }

  @Test
  void decideMatchesDomainIgnoringCase() {
    TransactionDecision decision = resolver.decide(SCORE_6, List.of("Bob@Strict.TEST"));

    assertThat(decision.smtpAction()).isEqualTo(Action.REJECT);
    assertThat(decision.recipients().get(0).domain()).isEqualTo("strict.test");
  }

  @Test
  void decideUsesDefaultPolicyOutsideProtectedDomains() {
    TransactionDecision decision = resolver.decide(SCORE_6, List.of("carol@other.test"));

    assertThat(decision.recipients().get(0).policy()).isEqualTo(SETTINGS.defaultPolicy());
  }

  @Test
  void decideAcceptsWithoutSymbols() {
    TransactionDecision decision =
        resolver.decide(List.of(), List.of("alice@example.test", "bob@strict.test"));

    assertThat(decision.smtpAction()).isEqualTo(Action.ACCEPT);
  }
}
