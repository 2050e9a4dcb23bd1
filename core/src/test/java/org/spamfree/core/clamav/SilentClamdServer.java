package org.spamfree.core.clamav;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP server on 127.0.0.1 that accepts connections, reads everything and never replies, like a
 * clamd that hangs. Tests use it for reply timeouts and failover.
 */
public final class SilentClamdServer implements Closeable {

  private final ServerSocket server;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  public SilentClamdServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::acceptLoop, "silent-clamd");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public ClamdEndpoint endpoint() {
    return ClamdEndpoint.parse("tcp:127.0.0.1:" + server.getLocalPort());
  }

  /** Returns how many connections were accepted. */
  public int connections() {
    return accepted.size();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : accepted) {
      socket.close();
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        accepted.add(socket);
        Thread reader = new Thread(() -> drain(socket), "silent-clamd-reader");
        reader.setDaemon(true);
        reader.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void drain(Socket socket) {
    byte[] buffer = new byte[8192];
    try (InputStream input = socket.getInputStream()) {
      while (input.read(buffer) >= 0) {
        // Discard: this server never replies.
      }
    } catch (IOException e) {
      // Closed by the test.
    }
  }
}
