package org.spamfree.server;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only files behind the durable mail queues: every queue's records go to one journal, so
 * one {@code fsync} covers the mails that all SMTP sessions and mailets enqueued meanwhile.
 *
 * <p>A single writer thread appends records in arrival order. An enqueue record is forced to disk
 * before its caller returns, so the SMTP server replies 250 only for a mail on disk. The writer
 * takes every record waiting when it starts a write, which turns concurrent enqueues into one write
 * and one {@code fsync} (group commit). A done record is written without waiting and without
 * forcing: losing one in a power cut makes the mail come back once after the restart, which the
 * delivery queues' {@link DeliveredLog} catches for delivered mail.
 *
 * <p>Records go to numbered segment files of about {@code segmentBytes}. A segment is deleted once
 * every mail enqueued in it is done and every older segment is gone. The order matters because a
 * later segment's done records refer to enqueue records of older ones: deleting it first would
 * bring those mails back at the next start. When the oldest segment keeps a few mails that wait
 * long (a retry scheduled in hours) behind newer segments, the writer copies their records to the
 * current segment, which frees the old one.
 *
 * <p>Record layout: the body length (int), the CRC-32C of the body (int), and the body: a type
 * byte, the mail id (long) and, for an enqueue, the time the mail becomes ready (epoch
 * milliseconds), the queue name and the encoded mail. At start the segments are read in order. A
 * record cut short by a crash, or failing its checksum, ends the reading of its segment with a
 * warning. New records always go to a new segment.
 */
final class QueueJournal implements Closeable {

  private static final Logger LOGGER = LoggerFactory.getLogger(QueueJournal.class);

  private static final byte ENQUEUE = 1;
  private static final byte DONE = 2;

  /** Not a record: completes once every record submitted before it is written. */
  private static final byte BARRIER = 3;

  private static final int FRAME = 2 * Integer.BYTES;
  private static final String SUFFIX = ".journal";

  /** Segments kept behind the current one before the writer moves the oldest one's mails. */
  static final int SEGMENTS_BEFORE_COMPACTION = 3;

  /** The position of an enqueue record's mail bytes in a segment file. */
  record Location(long segment, long offset, int length) {}

  /** An enqueue record without a done record. */
  record Pending(long id, String queue, long readyAt, Location location) {}

  /** Tells the queues that a mail's record moved to another segment. */
  interface RelocationListener {
    void relocated(long id, Location location);
  }

  private final Path directory;
  private final long segmentBytes;
  private final Map<Long, FileChannel> readers = new ConcurrentHashMap<>();
  private final BlockingQueue<Write> writes = new LinkedBlockingQueue<>();
  // Filled by recover(), then read and changed by the writer thread only.
  private final TreeMap<Long, Set<Long>> liveBySegment = new TreeMap<>();
  private final Map<Long, Pending> pendingById = new HashMap<>();
  private RelocationListener listener = (id, location) -> {};
  private FileChannel current;
  private long currentSegment;
  private long currentSize;
  private long nextId = 1;
  private Thread writer;
  private volatile boolean closed;
  private boolean broken;

  QueueJournal(Path directory, long segmentBytes) throws IOException {
    this.directory = directory;
    this.segmentBytes = segmentBytes;
    Files.createDirectories(directory);
  }

  /**
   * Reads every segment and returns the mails enqueued and not done, in the order they were
   * enqueued. Call once, before {@link #start}.
   */
  List<Pending> recover() throws IOException {
    List<Long> segments = listSegments();
    Map<Long, Pending> pending = new LinkedHashMap<>();
    for (long segment : segments) {
      readSegment(segment, pending);
      liveBySegment.putIfAbsent(segment, new HashSet<>());
    }
    pending.values().forEach(this::track);
    currentSegment = segments.isEmpty() ? 1 : segments.get(segments.size() - 1) + 1;
    if (!pending.isEmpty()) {
      LOGGER.info(
          "Mail queue journal {}: {} mails waiting in {} segments",
          directory,
          pending.size(),
          segments.size());
    }
    return new ArrayList<>(pending.values());
  }

  /** Opens a new segment and starts the writer thread. */
  void start(RelocationListener relocationListener) throws IOException {
    this.listener = relocationListener;
    openSegment(currentSegment);
    deleteFreeSegments();
    writer = new Thread(this::writeLoop, "spamfree-queue-journal");
    writer.setDaemon(true);
    writer.start();
  }

  /** Returns an id no record of this journal carries yet. */
  synchronized long newId() {
    return nextId++;
  }

  /**
   * Appends an enqueue record and returns once it is on disk.
   *
   * @throws IOException when the record cannot be written or forced to disk
   */
  Location enqueue(long id, String queue, long readyAt, byte[] mail) throws IOException {
    Write write = new Write(ENQUEUE, id, queue, readyAt, mail);
    submit(write);
    try {
      return write.written.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing mail " + id + " to the queue journal", e);
    } catch (ExecutionException e) {
      throw new IOException(
          "cannot write to the queue journal in " + directory + ": " + e.getCause().getMessage(),
          e.getCause());
    }
  }

  /** Appends a done record without waiting for it. */
  void done(long id) {
    try {
      submit(new Write(DONE, id, null, 0, null));
    } catch (IOException e) {
      // After close: the mail comes back once at the next start, like after a crash.
      LOGGER.debug("Queue journal closed; mail {} is done in memory only", id);
    }
  }

  /** Returns once every record submitted before the call is written, done records included. */
  void awaitWritten() throws IOException {
    Write barrier = new Write(BARRIER, 0, null, 0, null);
    submit(barrier);
    try {
      barrier.written.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the queue journal", e);
    } catch (ExecutionException e) {
      throw new IOException(
          "queue journal write failed: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * Reads the mail bytes of an enqueue record.
   *
   * @throws IOException when the segment is gone (the record moved) or cannot be read
   */
  byte[] read(Location location) throws IOException {
    FileChannel channel = readers.get(location.segment());
    if (channel == null) {
      throw new NoSuchFileException(segmentPath(location.segment()).toString());
    }
    ByteBuffer buffer = ByteBuffer.allocate(location.length());
    long position = location.offset();
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, position);
      if (read < 0) {
        throw new EOFException("queue journal segment " + location.segment() + " ends early");
      }
      position += read;
    }
    return buffer.array();
  }

  /** Returns the number of segment files on disk. */
  int segmentCount() {
    return readers.size();
  }

  private void submit(Write write) throws IOException {
    if (closed) {
      throw new ClosedChannelException();
    }
    writes.add(write);
  }

  private void writeLoop() {
    List<Write> batch = new ArrayList<>();
    while (true) {
      try {
        batch.add(writes.take());
      } catch (InterruptedException e) {
        // Nothing interrupts this thread: close() submits a stop record instead.
      }
      writes.drainTo(batch);
      boolean stop = batch.removeIf(write -> write.type == 0);
      if (!batch.isEmpty()) {
        writeBatch(batch);
        batch.clear();
      }
      if (stop || (closed && writes.isEmpty())) {
        return;
      }
    }
  }

  private void writeBatch(List<Write> batch) {
    boolean force = false;
    try {
      if (broken) {
        // A failed write may have left part of a record, which would hide every record after it.
        openSegment(currentSegment + 1);
        broken = false;
      }
      List<ByteBuffer> buffers = new ArrayList<>();
      for (Write write : batch) {
        if (write.type == BARRIER) {
          continue;
        }
        Location location = append(write, buffers);
        if (write.type == ENQUEUE) {
          force = true;
          write.location = location;
          track(new Pending(write.id, write.queue, write.readyAt, location));
        } else {
          untrack(write.id);
        }
      }
      flush(buffers, force);
      for (Write write : batch) {
        write.written.complete(write.location);
      }
      deleteFreeSegments();
      compactOldest();
    } catch (IOException | RuntimeException e) {
      broken = true;
      LOGGER.warn(
          "Cannot write {} records to the queue journal in {}: {}",
          batch.size(),
          directory,
          e.toString());
      for (Write write : batch) {
        write.written.completeExceptionally(e);
      }
    }
  }

  /**
   * Adds a record's buffers to those of the current write, and returns where an enqueue record's
   * mail bytes will lie (null for other records). A record that does not fit in the current segment
   * starts a new one, after the buffers so far are written and forced to the old one.
   */
  private Location append(Write write, List<ByteBuffer> buffers) throws IOException {
    if (currentSize > 0 && currentSize + write.size() > segmentBytes) {
      flush(buffers, true);
      buffers.clear();
      openSegment(currentSegment + 1);
    }
    Location location =
        write.type == ENQUEUE
            ? new Location(
                currentSegment, currentSize + FRAME + write.headerLength(), write.length())
            : null;
    currentSize += write.encode(buffers);
    return location;
  }

  private void flush(List<ByteBuffer> buffers, boolean force) throws IOException {
    ByteBuffer[] array = buffers.toArray(ByteBuffer[]::new);
    long remaining = 0;
    for (ByteBuffer buffer : array) {
      remaining += buffer.remaining();
    }
    while (remaining > 0) {
      remaining -= current.write(array);
    }
    if (force) {
      current.force(false);
    }
  }

  /** Records a mail as waiting in its record's segment, and no longer in an earlier copy's. */
  private void track(Pending record) {
    Pending previous = pendingById.put(record.id(), record);
    if (previous != null) {
      removeLive(previous);
    }
    liveBySegment
        .computeIfAbsent(record.location().segment(), segment -> new HashSet<>())
        .add(record.id());
  }

  private void untrack(long id) {
    Pending previous = pendingById.remove(id);
    if (previous != null) {
      removeLive(previous);
    }
  }

  private void removeLive(Pending record) {
    Set<Long> live = liveBySegment.get(record.location().segment());
    if (live != null) {
      live.remove(record.id());
    }
  }

  /** Deletes the oldest segments while they hold no waiting mail. */
  private void deleteFreeSegments() throws IOException {
    while (!liveBySegment.isEmpty()) {
      long oldest = liveBySegment.firstKey();
      if (oldest == currentSegment || !liveBySegment.get(oldest).isEmpty()) {
        return;
      }
      liveBySegment.remove(oldest);
      FileChannel reader = readers.remove(oldest);
      if (reader != null) {
        reader.close();
      }
      Files.deleteIfExists(segmentPath(oldest));
      LOGGER.debug("Deleted queue journal segment {}", oldest);
    }
  }

  /**
   * Copies the records of the mails still waiting in the oldest segment to the current one, once
   * enough newer segments pile up behind it. The copies keep the id, queue and ready time, so a
   * later done record applies to them.
   */
  private void compactOldest() throws IOException {
    if (liveBySegment.size() <= SEGMENTS_BEFORE_COMPACTION) {
      return;
    }
    long oldest = liveBySegment.firstKey();
    if (oldest == currentSegment) {
      return;
    }
    List<Pending> moved = new ArrayList<>();
    List<ByteBuffer> buffers = new ArrayList<>();
    for (long id : List.copyOf(liveBySegment.get(oldest))) {
      Pending record = pendingById.get(id);
      Write copy =
          new Write(ENQUEUE, id, record.queue(), record.readyAt(), read(record.location()));
      moved.add(new Pending(id, record.queue(), record.readyAt(), append(copy, buffers)));
    }
    flush(buffers, true);
    for (Pending record : moved) {
      track(record);
      listener.relocated(record.id(), record.location());
    }
    LOGGER.info(
        "Queue journal moved {} waiting mails out of segment {} so that it can be deleted",
        moved.size(),
        oldest);
    deleteFreeSegments();
  }

  private void openSegment(long segment) throws IOException {
    if (current != null) {
      try {
        current.force(false);
        current.close();
      } catch (IOException e) {
        // Every record the callers waited for was forced when its batch was written.
        LOGGER.debug("Cannot close queue journal segment {}: {}", currentSegment, e.toString());
      }
    }
    Path path = segmentPath(segment);
    current =
        FileChannel.open(
            path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
    readers.put(segment, FileChannel.open(path, StandardOpenOption.READ));
    liveBySegment.putIfAbsent(segment, new HashSet<>());
    currentSegment = segment;
    currentSize = 0;
    // The new file's directory entry must survive a power cut too.
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      LOGGER.debug("Cannot force the directory {} to disk: {}", directory, e.toString());
    }
  }

  private void readSegment(long segment, Map<Long, Pending> pending) throws IOException {
    Path path = segmentPath(segment);
    byte[] content = Files.readAllBytes(path);
    ByteBuffer buffer = ByteBuffer.wrap(content);
    CRC32C crc = new CRC32C();
    while (buffer.remaining() > 0) {
      int start = buffer.position();
      if (buffer.remaining() < FRAME) {
        warnTail(path, start, content.length, "a record header cut short");
        break;
      }
      int length = buffer.getInt();
      int checksum = buffer.getInt();
      if (length < 1 + Long.BYTES || length > buffer.remaining()) {
        warnTail(path, start, content.length, "a record cut short or an invalid length " + length);
        break;
      }
      crc.reset();
      crc.update(content, buffer.position(), length);
      if ((int) crc.getValue() != checksum) {
        warnTail(path, start, content.length, "a record failing its checksum");
        break;
      }
      int bodyStart = buffer.position();
      byte type = buffer.get();
      long id = buffer.getLong();
      nextId = Math.max(nextId, id + 1);
      if (type == ENQUEUE) {
        long readyAt = buffer.getLong();
        int nameLength = buffer.getShort() & 0xffff;
        String queue = new String(content, buffer.position(), nameLength, StandardCharsets.UTF_8);
        int mailOffset = buffer.position() + nameLength;
        int mailLength = bodyStart + length - mailOffset;
        pending.remove(id);
        pending.put(
            id, new Pending(id, queue, readyAt, new Location(segment, mailOffset, mailLength)));
      } else if (type == DONE) {
        pending.remove(id);
      } else {
        warnTail(path, start, content.length, "a record of unknown type " + type);
        break;
      }
      buffer.position(bodyStart + length);
    }
    readers.put(segment, FileChannel.open(path, StandardOpenOption.READ));
  }

  private static void warnTail(Path path, int offset, int size, String what) {
    LOGGER.warn(
        "Queue journal segment {} ends with {} at byte {}; its last {} bytes are ignored. A crash"
            + " during a write leaves this; mails in those bytes were not acknowledged.",
        path,
        what,
        offset,
        size - offset);
  }

  private List<Long> listSegments() throws IOException {
    List<Long> segments = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(SUFFIX)) {
          String number = name.substring(0, name.length() - SUFFIX.length());
          try {
            segments.add(Long.parseLong(number));
          } catch (NumberFormatException e) {
            LOGGER.warn("Ignored {}: not a queue journal segment name (NUMBER{})", file, SUFFIX);
          }
        }
      }
    }
    segments.sort(null);
    return segments;
  }

  private Path segmentPath(long segment) {
    return directory.resolve(String.format("%016d%s", segment, SUFFIX));
  }

  /** Writes what is waiting, forces it to disk and closes the files. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (writer != null) {
      writes.add(new Write((byte) 0, 0, null, 0, null));
      try {
        writer.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (current != null) {
      current.force(false);
      current.close();
    }
    for (FileChannel reader : readers.values()) {
      reader.close();
    }
  }

  /** A record waiting for the writer. Type 0 stops the writer. */
  private static final class Write {
    final byte type;
    final long id;
    final String queue;
    final long readyAt;
    final byte[] mail;
    final byte[] queueName;
    final CompletableFuture<Location> written = new CompletableFuture<>();
    Location location;

    Write(byte type, long id, String queue, long readyAt, byte[] mail) {
      this.type = type;
      this.id = id;
      this.queue = queue;
      this.readyAt = readyAt;
      this.mail = mail;
      this.queueName = queue == null ? new byte[0] : queue.getBytes(StandardCharsets.UTF_8);
      if (queueName.length > 0xffff) {
        throw new IllegalArgumentException("queue name longer than 65535 bytes: " + queue);
      }
    }

    /** Bytes of the body before the mail. */
    int headerLength() {
      return 1 + Long.BYTES + Long.BYTES + Short.BYTES + queueName.length;
    }

    int length() {
      return mail.length;
    }

    /** Adds the record's buffers to the list and returns the record's size in bytes. */
    int encode(List<ByteBuffer> buffers) {
      int body = type == ENQUEUE ? headerLength() + mail.length : 1 + Long.BYTES;
      ByteBuffer header = ByteBuffer.allocate(FRAME + (type == ENQUEUE ? headerLength() : body));
      header.putInt(body);
      header.putInt(0);
      header.put(type);
      header.putLong(id);
      if (type == ENQUEUE) {
        header.putLong(readyAt);
        header.putShort((short) queueName.length);
        header.put(queueName);
      }
      CRC32C crc = new CRC32C();
      crc.update(header.array(), FRAME, header.position() - FRAME);
      if (type == ENQUEUE) {
        crc.update(mail);
      }
      header.putInt(Integer.BYTES, (int) crc.getValue());
      header.flip();
      buffers.add(header);
      if (type == ENQUEUE) {
        buffers.add(ByteBuffer.wrap(mail));
      }
      return FRAME + body;
    }

    int size() {
      return FRAME + (type == ENQUEUE ? headerLength() + mail.length : 1 + Long.BYTES);
    }
  }
}
