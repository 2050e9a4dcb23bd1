package org.spamfree.benchmarks.dnsbl;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;

/**
 * A UDP DNS forwarder on 127.0.0.1 that passes each query to one upstream server on loopback and
 * delays the responses for names in chosen zones. It stands for slow DNS lists: with a delay of 200
 * ms for a zone, the client gets the response to every query in that zone, A or TXT, 200 ms after
 * the upstream server's response arrived.
 *
 * <p>Each query goes upstream from its own socket, so concurrent queries wait for each other only
 * when all {@value #WORKER_THREADS} workers are busy. An upstream server that does not respond
 * within the upstream timeout, or a network error, gives the client a SERVFAIL response at once.
 *
 * <p>NOTE: UDP only. A truncated upstream response reaches the client as it is, and the client's
 * retry over TCP finds no listener. The benchmark's responses are far below 512 bytes.
 */
final class DelayingDnsForwarder implements AutoCloseable {

  static final int WORKER_THREADS = 16;
  private static final int MAX_UDP_MESSAGE = 65_535;
  private static final Logger LOGGER = LoggerFactory.getLogger(DelayingDnsForwarder.class);

  private final DatagramSocket socket;
  private final InetSocketAddress upstream;
  private final Map<Name, Duration> delays;
  private final Duration upstreamTimeout;
  private final ExecutorService workers;
  private final ScheduledExecutorService replies;
  private final Thread receiver;
  private final AtomicLong queriesReceived = new AtomicLong();
  private final AtomicLong delayedReplies = new AtomicLong();
  private final AtomicLong upstreamFailures = new AtomicLong();
  private volatile boolean closed;

  private DelayingDnsForwarder(
      InetSocketAddress upstream, Map<Name, Duration> delays, Duration upstreamTimeout)
      throws SocketException {
    this.upstream = upstream;
    this.delays = delays;
    this.upstreamTimeout = upstreamTimeout;
    this.socket = new DatagramSocket(new InetSocketAddress(BenchmarkZones.LOOPBACK, 0));
    this.workers = Executors.newFixedThreadPool(WORKER_THREADS, daemonThreads("dns-forwarder"));
    this.replies =
        Executors.newSingleThreadScheduledExecutor(daemonThreads("dns-forwarder-delayed-reply"));
    this.receiver = new Thread(this::receive, "dns-forwarder-receive");
    this.receiver.setDaemon(true);
  }

  /**
   * Starts a forwarder on 127.0.0.1 and a free port.
   *
   * @param upstream the DNS server that resolves the queries, on a loopback address
   * @param delays zone name to the delay of its responses, for example {@code zone1.test} to 200
   *     ms. Responses for names in no listed zone are sent without delay. For nested zones the
   *     first matching entry in iteration order wins.
   * @param upstreamTimeout how long to wait for the upstream server's response
   * @throws IllegalArgumentException when the upstream address is not loopback, a zone name is
   *     invalid or a delay is negative
   */
  static DelayingDnsForwarder start(
      InetSocketAddress upstream, Map<String, Duration> delays, Duration upstreamTimeout)
      throws SocketException {
    if (upstream.getAddress() == null || !upstream.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "Upstream DNS server " + upstream + " is not on a loopback address");
    }
    Map<Name, Duration> zoneDelays = new LinkedHashMap<>();
    for (Map.Entry<String, Duration> entry : delays.entrySet()) {
      if (entry.getValue().isNegative()) {
        throw new IllegalArgumentException(
            "Delay " + entry.getValue() + " of zone " + entry.getKey() + " is negative");
      }
      zoneDelays.put(absolute(entry.getKey()), entry.getValue());
    }
    DelayingDnsForwarder forwarder =
        new DelayingDnsForwarder(
            upstream, Collections.unmodifiableMap(zoneDelays), upstreamTimeout);
    forwarder.receiver.start();
    return forwarder;
  }

  /** Returns the address that clients send their queries to. */
  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /** Returns the number of queries received, malformed ones included. */
  long queriesReceived() {
    return queriesReceived.get();
  }

  /** Returns the number of responses that were delayed. */
  long delayedReplies() {
    return delayedReplies.get();
  }

  /** Returns the number of SERVFAIL responses sent because the upstream server failed. */
  long upstreamFailures() {
    return upstreamFailures.get();
  }

  /** Stops receiving and drops the delayed responses not yet sent. */
  @Override
  public void close() {
    closed = true;
    socket.close();
    workers.shutdownNow();
    replies.shutdownNow();
    try {
      receiver.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void receive() {
    byte[] buffer = new byte[MAX_UDP_MESSAGE];
    while (!closed) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (IOException e) {
        if (!closed) {
          LOGGER.error("DNS forwarder on {} stopped receiving", address(), e);
        }
        return;
      }
      queriesReceived.incrementAndGet();
      byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
      InetSocketAddress client = (InetSocketAddress) packet.getSocketAddress();
      workers.execute(() -> forward(query, client));
    }
  }

  private void forward(byte[] query, InetSocketAddress client) {
    Message request;
    try {
      request = new Message(query);
    } catch (IOException e) {
      LOGGER.warn("DNS forwarder dropped a malformed query from {}: {}", client, e.toString());
      return;
    }
    Record question = request.getQuestion();
    Duration delay = question == null ? Duration.ZERO : delayFor(question.getName());

    byte[] answer;
    try {
      answer = askUpstream(query);
    } catch (IOException e) {
      upstreamFailures.incrementAndGet();
      LOGGER.warn(
          "DNS forwarder got no response from {} for {}: {}", upstream, question, e.toString());
      reply(serverFailure(request), client);
      return;
    }

    if (delay.isZero()) {
      reply(answer, client);
    } else {
      delayedReplies.incrementAndGet();
      replies.schedule(() -> reply(answer, client), delay.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private byte[] askUpstream(byte[] query) throws IOException {
    try (DatagramSocket upstreamSocket =
        new DatagramSocket(new InetSocketAddress(BenchmarkZones.LOOPBACK, 0))) {
      upstreamSocket.connect(upstream);
      upstreamSocket.setSoTimeout((int) upstreamTimeout.toMillis());
      upstreamSocket.send(new DatagramPacket(query, query.length));
      byte[] buffer = new byte[MAX_UDP_MESSAGE];
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        upstreamSocket.receive(packet);
      } catch (SocketTimeoutException e) {
        throw new SocketTimeoutException(
            "no response within " + upstreamTimeout.toMillis() + " ms");
      }
      return Arrays.copyOf(packet.getData(), packet.getLength());
    }
  }

  private void reply(byte[] answer, InetSocketAddress client) {
    if (closed) {
      return;
    }
    try {
      socket.send(new DatagramPacket(answer, answer.length, client));
    } catch (IOException e) {
      if (!closed) {
        LOGGER.warn("DNS forwarder could not reply to {}: {}", client, e.toString());
      }
    }
  }

  private Duration delayFor(Name name) {
    for (Map.Entry<Name, Duration> entry : delays.entrySet()) {
      if (name.subdomain(entry.getKey())) {
        return entry.getValue();
      }
    }
    return Duration.ZERO;
  }

  private static byte[] serverFailure(Message request) {
    Message failure = new Message(request.getHeader().getID());
    failure.getHeader().setFlag(Flags.QR);
    failure.getHeader().setRcode(Rcode.SERVFAIL);
    if (request.getQuestion() != null) {
      failure.addRecord(request.getQuestion(), Section.QUESTION);
    }
    return failure.toWire();
  }

  private static Name absolute(String zone) {
    try {
      return Name.fromString(zone.endsWith(".") ? zone : zone + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException("Invalid zone name '" + zone + "': " + e.getMessage());
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
