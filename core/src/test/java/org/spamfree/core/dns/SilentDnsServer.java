package org.spamfree.core.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A UDP socket on 127.0.0.1 that reads DNS queries and never answers, standing in for a DNS server
 * that has stopped responding.
 */
public final class SilentDnsServer implements AutoCloseable {

  private final DatagramSocket socket;
  private final Thread reader;

  public SilentDnsServer() throws IOException {
    socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    reader =
        new Thread(
            () -> {
              byte[] buffer = new byte[4096];
              while (!socket.isClosed()) {
                try {
                  socket.receive(new DatagramPacket(buffer, buffer.length));
                } catch (IOException e) {
                  return;
                }
              }
            },
            "silent-dns");
    reader.setDaemon(true);
    reader.start();
  }

  public int port() {
    return socket.getLocalPort();
  }

  @Override
  public void close() {
    socket.close();
  }
}
