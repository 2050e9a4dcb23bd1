package org.spamfree.server;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP DNS proxy on 127.0.0.1 between the packaged server and NSD. A test switches its mode while
 * the server runs. It forwards each query, drops it as a dead server would, or forwards it and
 * holds the response back for a delay, as a slow server would.
 */
final class FaultyDnsProxy implements AutoCloseable {

  enum Mode {
    FORWARD,
    DROP,
    DELAY
  }

  private static final int MAX_MESSAGE = 65_535;

  private final DatagramSocket clientSide;
  private final InetSocketAddress upstream;
  private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService relays = Executors.newCachedThreadPool();
  private final Thread receiver;
  private final AtomicLong queries = new AtomicLong();
  private volatile Mode mode = Mode.FORWARD;
  private volatile long delayMillis;

  FaultyDnsProxy(int upstreamPort) throws SocketException {
    upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort);
    clientSide = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    receiver = new Thread(this::receive, "faulty-dns-proxy");
    receiver.setDaemon(true);
    receiver.start();
  }

  int port() {
    return clientSide.getLocalPort();
  }

  long queries() {
    return queries.get();
  }

  void forward() {
    mode = Mode.FORWARD;
  }

  void drop() {
    mode = Mode.DROP;
  }

  void delay(long millis) {
    delayMillis = millis;
    mode = Mode.DELAY;
  }

  private void receive() {
    byte[] buffer = new byte[MAX_MESSAGE];
    while (!clientSide.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        clientSide.receive(packet);
      } catch (IOException e) {
        return;
      }
      queries.incrementAndGet();
      Mode current = mode;
      if (current == Mode.DROP) {
        continue;
      }
      byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
      SocketAddress client = packet.getSocketAddress();
      long delay = current == Mode.DELAY ? delayMillis : 0;
      // Each query gets its own upstream socket, so a slow response holds up no other query.
      relays.execute(() -> relay(query, client, delay));
    }
  }

  private void relay(byte[] query, SocketAddress client, long delay) {
    try (DatagramSocket upstreamSide = new DatagramSocket()) {
      upstreamSide.setSoTimeout(5000);
      upstreamSide.send(new DatagramPacket(query, query.length, upstream));
      byte[] buffer = new byte[MAX_MESSAGE];
      DatagramPacket response = new DatagramPacket(buffer, buffer.length);
      upstreamSide.receive(response);
      byte[] answer = Arrays.copyOf(response.getData(), response.getLength());
      Runnable reply =
          () -> {
            try {
              clientSide.send(new DatagramPacket(answer, answer.length, client));
            } catch (IOException e) {
              // The proxy is closing.
            }
          };
      if (delay > 0) {
        delays.schedule(reply, delay, TimeUnit.MILLISECONDS);
      } else {
        reply.run();
      }
    } catch (IOException e) {
      // NSD did not respond: the client times out, as it would against a dead server.
    }
  }

  @Override
  public void close() {
    clientSide.close();
    relays.shutdownNow();
    delays.shutdownNow();
  }
}
