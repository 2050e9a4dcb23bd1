package org.spamfree.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.spamfree.core.verdict.Policy;

class ProtectedDomainTest {

  private static final Policy POLICY =
      new Policy(
          "default",
          OptionalDouble.of(5),
          OptionalDouble.of(10),
          OptionalDouble.empty(),
          OptionalDouble.of(15));

  @Test
  void acceptsAnyLocalPartWithoutList() {
    ProtectedDomain domain = new ProtectedDomain("example.test", POLICY, Optional.empty());

    assertThat(domain.acceptsLocalPart("anyone")).isTrue();
  }

  @Test
  void acceptsKnownLocalPartInAnyCase() {
    ProtectedDomain domain =
        new ProtectedDomain("example.test", POLICY, Optional.of(Set.of("alice")));

    assertThat(domain.acceptsLocalPart("ALICE")).isTrue();
  }

  @Test
  void rejectsUnknownLocalPart() {
    ProtectedDomain domain =
        new ProtectedDomain("example.test", POLICY, Optional.of(Set.of("alice")));

    assertThat(domain.acceptsLocalPart("bob")).isFalse();
  }

  @Test
  void rejectsEveryLocalPartWithEmptyList() {
    ProtectedDomain domain = new ProtectedDomain("example.test", POLICY, Optional.of(Set.of()));

    assertThat(domain.acceptsLocalPart("alice")).isFalse();
  }

  @Test
  void copiesLocalParts() {
    Set<String> parts = new HashSet<>(Set.of("alice"));
    ProtectedDomain domain = new ProtectedDomain("example.test", POLICY, Optional.of(parts));

    parts.add("bob");

    assertThat(domain.acceptsLocalPart("bob")).isFalse();
  }

  @Test
  void localPartsAreImmutable() {
    ProtectedDomain domain =
        new ProtectedDomain("example.test", POLICY, Optional.of(new HashSet<>(Set.of("alice"))));

    assertThatThrownBy(() -> domain.knownLocalParts().orElseThrow().add("bob"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsNullName() {
    assertThatNullPointerException()
        .isThrownBy(() -> new ProtectedDomain(null, POLICY, Optional.empty()))
        .withMessageContaining("name");
  }
}
