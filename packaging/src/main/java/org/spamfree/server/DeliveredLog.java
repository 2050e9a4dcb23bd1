package org.spamfree.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names of the mails that left a delivery queue for good (delivered, or bounced), kept on disk
 * so that a copy of the same mail found in the queue after a crash is not delivered again.
 *
 * <p>Each record is one line, {@code MILLIS NAME}, appended and forced to disk before the queue
 * item is acknowledged. Records older than the retention are dropped when the log is compacted: at
 * start and by {@link #compact()}, which the server calls on a schedule. The retention must exceed
 * the time a mail can stay in the queue, which RemoteDelivery's retry schedule bounds.
 */
final class DeliveredLog implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(DeliveredLog.class);

  private final Path file;
  private final Duration retention;
  private final Clock clock;
  private final Map<String, Long> delivered = new ConcurrentHashMap<>();
  private FileChannel channel;

  DeliveredLog(Path file, Duration retention, Clock clock) throws IOException {
    this.file = file;
    this.retention = retention;
    this.clock = clock;
    Files.createDirectories(file.getParent());
    if (Files.exists(file)) {
      read();
    }
    rewrite();
  }

  /** Returns whether a mail of this name has left the queue for good within the retention. */
  boolean contains(String mailName) {
    return delivered.containsKey(mailName);
  }

  /**
   * Records that a mail left the queue for good, and returns once the record is on disk.
   *
   * @throws UncheckedIOException when the record cannot be written
   */
  synchronized void record(String mailName) {
    if (mailName.indexOf('\n') >= 0 || mailName.indexOf('\r') >= 0) {
      throw new IllegalArgumentException(
          "Invalid mail name, it contains a line break: " + mailName);
    }
    long now = clock.millis();
    try {
      channel.write(
          ByteBuffer.wrap((now + " " + mailName + "\n").getBytes(StandardCharsets.UTF_8)));
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot record delivered mail " + mailName + " in " + file, e);
    }
    delivered.put(mailName, now);
  }

  /** Drops the records older than the retention and rewrites the file with the others. */
  synchronized void compact() {
    try {
      rewrite();
    } catch (IOException e) {
      LOGGER.warn(
          "Cannot compact the delivered-mail log {}; it keeps growing until the next try", file, e);
    }
  }

  int size() {
    return delivered.size();
  }

  private void read() throws IOException {
    int invalid = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int space = line.indexOf(' ');
      if (space <= 0 || space == line.length() - 1) {
        invalid++;
        continue;
      }
      try {
        delivered.put(line.substring(space + 1), Long.parseLong(line.substring(0, space)));
      } catch (NumberFormatException e) {
        invalid++;
      }
    }
    if (invalid > 0) {
      // A crash in the middle of an append leaves at most the last line incomplete.
      LOGGER.warn("Ignored {} incomplete lines of the delivered-mail log {}", invalid, file);
    }
  }

  private void rewrite() throws IOException {
    long oldest = clock.millis() - retention.toMillis();
    delivered.values().removeIf(time -> time < oldest);
    List<String> lines = new ArrayList<>();
    delivered.forEach((name, time) -> lines.add(time + " " + name));
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temporary, lines, StandardCharsets.UTF_8);
    try (FileChannel written = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
      written.force(true);
    }
    if (channel != null) {
      channel.close();
    }
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  @Override
  public synchronized void close() throws IOException {
    if (channel != null) {
      channel.close();
    }
  }
}
