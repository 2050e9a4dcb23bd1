package org.spamfree.core.helo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocalIdentityTest {

  @Test
  void shouldLowerCaseHostNames() {
    LocalIdentity identity = new LocalIdentity(Set.of("MX.SpamFree.Test"), Set.of(), Set.of());

    assertThat(identity.hostNames()).containsExactly("mx.spamfree.test");
  }

  @Test
  void shouldStripOneTrailingDot() {
    LocalIdentity identity = new LocalIdentity(Set.of("mx.spamfree.test."), Set.of(), Set.of());

    assertThat(identity.hostNames()).containsExactly("mx.spamfree.test");
  }

  @Test
  void shouldNormaliseProtectedDomains() {
    LocalIdentity identity = new LocalIdentity(Set.of(), Set.of(), Set.of("SpamFree.TEST."));

    assertThat(identity.protectedDomains()).containsExactly("spamfree.test");
  }

  @Test
  void shouldMergeNamesThatDifferOnlyInCase() {
    LocalIdentity identity =
        new LocalIdentity(Set.of("mx.example", "MX.EXAMPLE."), Set.of(), Set.of());

    assertThat(identity.hostNames()).containsExactly("mx.example");
  }

  @Test
  void shouldTurnIpv4MappedAddressIntoIpv4() throws UnknownHostException {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = (byte) 192;
    mapped[14] = 2;
    mapped[15] = 25;
    InetAddress ipv6Form = Inet6Address.getByAddress(null, mapped, -1);

    LocalIdentity identity = new LocalIdentity(Set.of(), Set.of(ipv6Form), Set.of());

    assertThat(identity.addresses()).containsExactly(InetAddresses.forString("192.0.2.25"));
    assertThat(identity.addresses().iterator().next()).isInstanceOf(Inet4Address.class);
  }

  @Test
  void shouldDropScopeId() throws UnknownHostException {
    InetAddress scoped =
        Inet6Address.getByAddress(null, InetAddresses.forString("2001:db8::25").getAddress(), 3);

    LocalIdentity identity = new LocalIdentity(Set.of(), Set.of(scoped), Set.of());

    assertThat(((Inet6Address) identity.addresses().iterator().next()).getScopeId()).isZero();
  }

  @Test
  void shouldCopyInputSets() {
    Set<String> names = new HashSet<>(Set.of("mx.example"));
    LocalIdentity identity = new LocalIdentity(names, Set.of(), Set.of());

    names.add("other.example");

    assertThat(identity.hostNames()).containsExactly("mx.example");
  }

  @Test
  void shouldReturnImmutableSets() {
    LocalIdentity identity = new LocalIdentity(Set.of("mx.example"), Set.of(), Set.of());

    assertThatThrownBy(() -> identity.hostNames().add("other.example"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shouldRejectNullHostNames() {
    assertThatNullPointerException()
        .isThrownBy(() -> new LocalIdentity(null, Set.of(), Set.of()))
        .withMessageContaining("hostNames");
  }

  @Test
  void shouldRejectNullAddresses() {
    assertThatNullPointerException()
        .isThrownBy(() -> new LocalIdentity(Set.of(), null, Set.of()))
        .withMessageContaining("addresses");
  }

  @Test
  void shouldRejectNullProtectedDomains() {
    assertThatNullPointerException()
        .isThrownBy(() -> new LocalIdentity(Set.of(), Set.of(), null))
        .withMessageContaining("protectedDomains");
  }

  @Test
  void shouldRejectNullName() {
    Set<String> names = new HashSet<>();
    names.add(null);

    assertThatNullPointerException()
        .isThrownBy(() -> new LocalIdentity(names, Set.of(), Set.of()))
        .withMessage("hostNames must not contain null");
  }

  @Test
  void shouldRejectNullAddress() {
    Set<InetAddress> addresses = new HashSet<>();
    addresses.add(null);

    assertThatNullPointerException()
        .isThrownBy(() -> new LocalIdentity(Set.of(), addresses, Set.of()))
        .withMessage("addresses must not contain null");
  }

  @Test
  void shouldRejectEmptyName() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new LocalIdentity(Set.of(), Set.of(), Set.of(".")))
        .withMessageContaining("protectedDomains")
        .withMessageContaining("'.'");
  }

  @Test
  void emptyShouldHaveNoEntries() {
    LocalIdentity identity = LocalIdentity.empty();

    assertThat(identity.hostNames()).isEmpty();
    assertThat(identity.addresses()).isEmpty();
    assertThat(identity.protectedDomains()).isEmpty();
  }
}
