package org.spamfree.benchmarks.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

class DelayingDnsForwarderTest {

  private static final Duration DELAY = Duration.ofMillis(300);
  private static final Map<String, Duration> DELAYS = Map.of("slow.test", DELAY);

  private DatagramSocket upstream;
  private Thread upstreamThread;

  @BeforeEach
  void startUpstream() throws IOException {
    upstream = new DatagramSocket(new InetSocketAddress(BenchmarkZones.LOOPBACK, 0));
  }

  @AfterEach
  void stopUpstream() throws InterruptedException {
    upstream.close();
    if (upstreamThread != null) {
      upstreamThread.join(5000);
    }
  }

  @Test
  void slowZoneResponseIsDelayed() throws Exception {
    answerEveryQuery();
    try (DelayingDnsForwarder forwarder =
        DelayingDnsForwarder.start(upstreamAddress(), DELAYS, Duration.ofSeconds(2))) {
      long start = System.nanoTime();
      Message answer = query(forwarder, "10.113.0.203.slow.test.");
      long elapsed = System.nanoTime() - start;

      assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(answer.getSection(Section.ANSWER)).hasSize(1);
      assertThat(Duration.ofNanos(elapsed)).isGreaterThanOrEqualTo(DELAY);
      assertThat(forwarder.queriesReceived()).isEqualTo(1);
      assertThat(forwarder.delayedReplies()).isEqualTo(1);
    }
  }

  @Test
  void otherZoneResponseIsImmediate() throws Exception {
    answerEveryQuery();
    try (DelayingDnsForwarder forwarder =
        DelayingDnsForwarder.start(upstreamAddress(), DELAYS, Duration.ofSeconds(2))) {
      Message answer = query(forwarder, "10.113.0.203.fast.test.");

      assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(answer.getSection(Section.ANSWER)).hasSize(1);
      assertThat(forwarder.queriesReceived()).isEqualTo(1);
      assertThat(forwarder.delayedReplies()).isZero();
    }
  }

  @Test
  void zoneMatchIsCaseInsensitiveAndWholeLabels() throws Exception {
    answerEveryQuery();
    try (DelayingDnsForwarder forwarder =
        DelayingDnsForwarder.start(upstreamAddress(), DELAYS, Duration.ofSeconds(2))) {
      query(forwarder, "10.113.0.203.SLOW.Test.");
      query(forwarder, "10.113.0.203.notslow.test.");

      assertThat(forwarder.queriesReceived()).isEqualTo(2);
      assertThat(forwarder.delayedReplies()).isEqualTo(1);
    }
  }

  @Test
  void silentUpstreamGivesServfail() throws Exception {
    // The upstream socket is open but never responds.
    try (DelayingDnsForwarder forwarder =
        DelayingDnsForwarder.start(upstreamAddress(), DELAYS, Duration.ofMillis(200))) {
      Message answer = query(forwarder, "10.113.0.203.fast.test.");

      assertThat(answer.getRcode()).isEqualTo(Rcode.SERVFAIL);
      assertThat(forwarder.upstreamFailures()).isEqualTo(1);
    }
  }

  @Test
  void nonLoopbackUpstreamIsRejected() throws Exception {
    InetSocketAddress documentation =
        new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1}), 53);

    assertThatThrownBy(
            () -> DelayingDnsForwarder.start(documentation, DELAYS, Duration.ofSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not on a loopback address");
  }

  @Test
  void negativeDelayIsRejected() {
    assertThatThrownBy(
            () ->
                DelayingDnsForwarder.start(
                    upstreamAddress(),
                    Map.of("slow.test", Duration.ofMillis(-1)),
                    Duration.ofSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
  }

  private InetSocketAddress upstreamAddress() {
    return (InetSocketAddress) upstream.getLocalSocketAddress();
  }

  private static Message query(DelayingDnsForwarder forwarder, String name) throws IOException {
    SimpleResolver resolver = new SimpleResolver(forwarder.address());
    resolver.setTimeout(Duration.ofSeconds(5));
    return resolver.send(
        Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN)));
  }

  /** Responds to every query on the upstream socket with one A record 127.0.0.2 for its name. */
  private void answerEveryQuery() {
    upstreamThread =
        new Thread(
            () -> {
              byte[] buffer = new byte[65_535];
              while (!upstream.isClosed()) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                  upstream.receive(packet);
                  Message request =
                      new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                  Message response = new Message(request.getHeader().getID());
                  response.getHeader().setFlag(Flags.QR);
                  response.getHeader().setFlag(Flags.AA);
                  response.addRecord(request.getQuestion(), Section.QUESTION);
                  response.addRecord(
                      new ARecord(
                          request.getQuestion().getName(),
                          DClass.IN,
                          300,
                          InetAddress.getByAddress(new byte[] {127, 0, 0, 2})),
                      Section.ANSWER);
                  byte[] wire = response.toWire();
                  upstream.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
                } catch (IOException e) {
                  // Closed at the end of the test.
                }
              }
            },
            "fake-upstream-dns");
    upstreamThread.setDaemon(true);
    upstreamThread.start();
  }
}
