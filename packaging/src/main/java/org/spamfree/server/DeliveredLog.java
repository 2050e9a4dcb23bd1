package org.spamfree.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names of the mails that left a delivery queue for good (delivered, or bounced), kept on disk
 * so that a copy of the same mail found in the queue after a crash is not delivered again.
 *
 * <p>Copies of a mail exist only when a crash interrupted the hand-over between two queues, so
 * every name that can have a copy was in a queue when the server started. Memory therefore keeps
 * only the recorded names among those ({@code watched}), and stays small however much mail the
 * server delivers. The disk keeps every name for the next start.
 *
 * <p>Each record is one line, {@code MILLIS NAME}, appended and forced to disk before the queue
 * item is acknowledged. Records go to one file per hour ({@code delivered-YYYYMMDDHH.log}, UTC). A
 * file whose last change is older than the retention is deleted at start and by {@link #compact()},
 * which the server calls on a schedule. The retention must exceed the time a mail can stay in the
 * queue, which RemoteDelivery's retry schedule bounds.
 */
final class DeliveredLog implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(DeliveredLog.class);

  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(ZoneOffset.UTC);

  private final Path directory;
  private final Duration retention;
  private final Clock clock;
  private final Set<String> watched;
  private final Map<String, Long> delivered = new ConcurrentHashMap<>();
  private FileChannel channel;
  private Instant channelHour;

  /**
   * Opens the log in {@code directory} and reads the records within the retention of the names in
   * {@code watched}: the mails found in a queue at start.
   */
  DeliveredLog(Path directory, Duration retention, Clock clock, Set<String> watched)
      throws IOException {
    this.directory = directory;
    this.retention = retention;
    this.clock = clock;
    this.watched = Set.copyOf(watched);
    Files.createDirectories(directory);
    deleteExpiredFiles();
    if (!this.watched.isEmpty()) {
      for (Path file : logFiles()) {
        try {
          read(file);
        } catch (IOException e) {
          // Starting matters more: at worst, a copy of a mail in this file is delivered again.
          LOGGER.warn(
              "Cannot read the delivered-mail log {}: {}. Copies of its mails found in a queue"
                  + " may be delivered again; check the file's permissions and the disk",
              file,
              e.toString());
        }
      }
    }
  }

  /**
   * Returns whether a mail of this name, found in a queue at start, has left a queue for good
   * within the retention. Names that were in no queue at start cannot have a copy, so the result
   * for them is false.
   */
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
    Instant now = clock.instant();
    try {
      FileChannel current = channelFor(now);
      current.write(
          ByteBuffer.wrap(
              (now.toEpochMilli() + " " + mailName + "\n").getBytes(StandardCharsets.UTF_8)));
      current.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot record delivered mail " + mailName + " in " + directory, e);
    }
    if (watched.contains(mailName)) {
      delivered.put(mailName, now.toEpochMilli());
    }
  }

  /** Deletes the files older than the retention and drops their watched names from memory. */
  synchronized void compact() {
    long oldest = clock.millis() - retention.toMillis();
    delivered.values().removeIf(time -> time < oldest);
    try {
      deleteExpiredFiles();
    } catch (IOException e) {
      LOGGER.warn(
          "Cannot delete old files of the delivered-mail log in {}; they stay until the next try",
          directory,
          e);
    }
  }

  /** Returns the number of watched names recorded, which is what the log keeps in memory. */
  int size() {
    return delivered.size();
  }

  private FileChannel channelFor(Instant now) throws IOException {
    Instant hour = now.truncatedTo(ChronoUnit.HOURS);
    if (channel != null && hour.equals(channelHour)) {
      return channel;
    }
    if (channel != null) {
      channel.close();
    }
    Path file = fileFor(hour);
    boolean created = !Files.exists(file);
    boolean cutLine = !created && endsInCutLine(file);
    channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    channelHour = hour;
    if (cutLine) {
      // Ends the line that a crash cut short, so that the next record starts on a line of its
      // own. The cut line then reads as a shortened name, which no mail has.
      channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
    }
    if (created) {
      // The new file's directory entry must survive a power cut too.
      try (FileChannel directoryChannel = FileChannel.open(directory, StandardOpenOption.READ)) {
        directoryChannel.force(true);
      } catch (IOException e) {
        LOGGER.debug("Cannot force the directory {} to disk: {}", directory, e.toString());
      }
    }
    return channel;
  }

  private static boolean endsInCutLine(Path file) throws IOException {
    try (FileChannel read = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = read.size();
      if (size == 0) {
        return false;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      read.read(last, size - 1);
      return last.get(0) != '\n';
    }
  }

  /** Returns the log's files: the hourly ones and the single file of earlier builds. */
  private List<Path> logFiles() throws IOException {
    try (var files = Files.list(directory)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".log"))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    }
  }

  private void deleteExpiredFiles() throws IOException {
    long oldest = clock.millis() - retention.toMillis();
    for (Path file : logFiles()) {
      if (file.equals(currentFile())) {
        continue;
      }
      if (Files.getLastModifiedTime(file).toMillis() < oldest) {
        Files.delete(file);
        LOGGER.debug("Deleted {}: its records are older than {}", file, retention);
      }
    }
  }

  private Path currentFile() {
    return channelHour == null ? null : fileFor(channelHour);
  }

  private Path fileFor(Instant hour) {
    return directory.resolve("delivered-" + HOUR.format(hour) + ".log");
  }

  private void read(Path file) throws IOException {
    long oldest = clock.millis() - retention.toMillis();
    int invalid = 0;
    // Bytes that are not UTF-8 become U+FFFD, so a damaged line is counted instead of failing.
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
      String line;
      while ((line = reader.readLine()) != null) {
        int space = line.indexOf(' ');
        if (space <= 0 || space == line.length() - 1 || line.indexOf('\uFFFD') >= 0) {
          invalid++;
          continue;
        }
        String name = line.substring(space + 1);
        if (!watched.contains(name)) {
          continue;
        }
        try {
          long time = Long.parseLong(line.substring(0, space));
          if (time >= oldest) {
            delivered.merge(name, time, Math::max);
          }
        } catch (NumberFormatException e) {
          invalid++;
        }
      }
    }
    if (invalid > 0) {
      // A crash in the middle of an append leaves at most the last line incomplete.
      LOGGER.warn(
          "Ignored {} incomplete or damaged line(s) of the delivered-mail log {}", invalid, file);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (channel != null) {
      channel.close();
    }
  }
}
