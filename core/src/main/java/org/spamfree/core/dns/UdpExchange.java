package org.spamfree.core.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.WireParseException;

/**
 * Sends one DNS query over UDP on its own socket and waits for the answer, with TCP when the answer
 * is truncated (RFC 1035 §4.2.1). Each exchange blocks a thread of a bounded pool instead of
 * sharing dnsjava 3.5.2's UDP selector, which under parallel load was measured holding newly queued
 * queries for about a second.
 */
final class UdpExchange {

  /** Exchanges in flight at once; further ones wait for a thread. */
  static final int MAX_PARALLEL = 64;

  private static final int MAX_UDP_ANSWER = 65_535;

  /**
   * One receive buffer per pool thread: a fresh 64 KiB array per query was, in a profile under
   * load, almost half of all the bytes the server allocated.
   */
  private static final ThreadLocal<byte[]> RECEIVE_BUFFER =
      ThreadLocal.withInitial(() -> new byte[MAX_UDP_ANSWER]);

  private final ExecutorService executor;

  UdpExchange() {
    AtomicInteger counter = new AtomicInteger();
    executor =
        Executors.newFixedThreadPool(
            MAX_PARALLEL,
            runnable -> {
              Thread thread = new Thread(runnable, "spamfree-dns-" + counter.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Sends the query and completes with the answer, or exceptionally with {@link
   * SocketTimeoutException} when none arrives in time, or another {@link IOException}.
   */
  CompletableFuture<Message> send(InetSocketAddress server, Message query, Duration timeout) {
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                return exchange(server, query, timeout);
              } catch (IOException e) {
                throw new CompletionException(e);
              }
            },
            executor)
        .thenCompose(
            answer -> {
              if (!answer.getHeader().getFlag(Flags.TC)) {
                return CompletableFuture.completedFuture(answer);
              }
              SimpleResolver tcp = new SimpleResolver(server);
              tcp.setTCP(true);
              tcp.setTimeout(timeout);
              return tcp.sendAsync(query).toCompletableFuture();
            });
  }

  private static Message exchange(InetSocketAddress server, Message query, Duration timeout)
      throws IOException {
    byte[] request = query.toWire();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.send(new DatagramPacket(request, request.length, server));
      byte[] buffer = RECEIVE_BUFFER.get();
      while (true) {
        long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
        if (remainingMillis <= 0) {
          throw new SocketTimeoutException(
              "Timed out after " + timeout + " waiting for a response from " + server);
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMillis));
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        // Ignore datagrams from elsewhere and answers to other queries (RFC 5452 §4.1).
        if (!server.equals(packet.getSocketAddress())) {
          continue;
        }
        Message answer;
        try {
          answer = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
        } catch (WireParseException e) {
          continue;
        }
        if (answer.getHeader().getID() == query.getHeader().getID()) {
          return answer;
        }
      }
    }
  }
}
