package org.spamfree.server;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.mail.MessagingException;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.queue.api.MailQueue.MailQueueException;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable mail queues of the distribution: the spool and RemoteDelivery's queues, all written
 * to one {@link QueueJournal} under {@code var/store/queue}.
 *
 * <p>A mail's record stays in memory while the mails held there stay under a budget (an eighth of
 * the maximum heap, at most 256 MiB); beyond it, a mail is read back from its segment file when a
 * consumer takes it. A record that cannot be decoded is moved to {@code
 * var/store/queue/unreadable/ID.record} with an error naming the file, and leaves the queue.
 */
public final class JournalMailQueueFactory implements MailQueueFactory<ManageableMailQueue> {

  private static final Logger LOGGER = LoggerFactory.getLogger(JournalMailQueueFactory.class);

  static final String DIRECTORY = "file://var/store/queue";

  /** The queue directory of the builds before the journal, which used ActiveMQ. */
  static final String EARLIER_QUEUE_DIRECTORY = "file://var/store/activemq";

  /** Segment file size: large enough that rolling over is rare, small enough to free space. */
  static final long SEGMENT_BYTES = 64L << 20;

  /**
   * Bytes read from the start of a record for its mail name; a longer name reads the whole record.
   */
  private static final int NAME_PREFIX_BYTES = 1024;

  private final Path directory;
  private final QueueJournal journal;
  private final MailQueueItemDecoratorFactory decorators;
  private final Clock clock;
  private final long retainBudget;
  private final AtomicLong retained = new AtomicLong();
  private final Map<MailQueueName, JournalMailQueue> queues = new ConcurrentHashMap<>();
  private final Map<Long, QueuedMail> mails = new ConcurrentHashMap<>();
  private final Set<String> namesAtStart;

  @Inject
  JournalMailQueueFactory(FileSystem fileSystem, MailQueueItemDecoratorFactory decorators)
      throws IOException {
    this(
        fileSystem.getFile(DIRECTORY).toPath(),
        decorators,
        Clock.systemUTC(),
        SEGMENT_BYTES,
        Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8));
    warnAboutEarlierQueue(fileSystem.getFile(EARLIER_QUEUE_DIRECTORY).toPath());
  }

  /** Warns when the ActiveMQ queue of an earlier build is still on disk: its mail is not read. */
  private static void warnAboutEarlierQueue(Path earlier) throws IOException {
    if (Files.isDirectory(earlier)) {
      try (var files = Files.list(earlier)) {
        if (files.findAny().isPresent()) {
          LOGGER.warn(
              "{} contains the ActiveMQ mail queue of an earlier Spamfree build, which this build"
                  + " does not read. Start the earlier build until its queues are empty, then"
                  + " delete the directory.",
              earlier);
        }
      }
    }
  }

  JournalMailQueueFactory(
      Path directory,
      MailQueueItemDecoratorFactory decorators,
      Clock clock,
      long segmentBytes,
      long retainBudget)
      throws IOException {
    this.directory = directory;
    this.decorators = decorators;
    this.clock = clock;
    this.retainBudget = retainBudget;
    this.journal = new QueueJournal(directory, segmentBytes);
    for (QueueJournal.Pending pending : journal.recover()) {
      QueuedMail mail =
          new QueuedMail(pending.id(), pending.readyAt(), pending.location(), null, null);
      mails.put(mail.id, mail);
      queue(MailQueueName.of(pending.queue())).add(mail);
    }
    namesAtStart = readNames(mails.values());
    journal.start(
        (id, location) -> {
          QueuedMail mail = mails.get(id);
          if (mail != null) {
            mail.location = location;
          }
        });
    LOGGER.info(
        "Mail queues: journal in {}, segments of {} MiB, up to {} MiB of mails kept in memory,"
            + " {} mails waiting",
        directory,
        segmentBytes >> 20,
        retainBudget >> 20,
        mails.size());
  }

  /** Returns the names of the mails that were in a queue at start. */
  Set<String> mailNamesAtStart() {
    return namesAtStart;
  }

  /**
   * Reads the names of the mails found at start from the first bytes of their records. A record
   * whose start cannot be read is left out here; it is set aside when its queue takes it.
   */
  private Set<String> readNames(Collection<QueuedMail> found) {
    Set<String> names = new HashSet<>();
    for (QueuedMail mail : found) {
      QueueJournal.Location location = mail.location;
      try {
        byte[] start =
            journal.read(
                new QueueJournal.Location(
                    location.segment(),
                    location.offset(),
                    Math.min(location.length(), NAME_PREFIX_BYTES)));
        try {
          names.add(MailCodec.name(start));
        } catch (EOFException e) {
          names.add(MailCodec.name(journal.read(location)));
        }
      } catch (IOException | RuntimeException e) {
        LOGGER.debug("Cannot read the mail name of queue record {}: {}", mail.id, e.toString());
      }
    }
    return Set.copyOf(names);
  }

  /** Returns the queue with one more reference, which the caller releases with close(). */
  @Override
  public Optional<ManageableMailQueue> getQueue(MailQueueName name, PrefetchCount count) {
    JournalMailQueue queue = queues.get(name);
    if (queue == null) {
      return Optional.empty();
    }
    return Optional.of(queue);
  }

  /** Returns the queue, created if needed, with one more reference. */
  @Override
  public ManageableMailQueue createQueue(MailQueueName name, PrefetchCount count) {
    return queue(name);
  }

  @Override
  public Set<MailQueueName> listCreatedMailQueues() {
    return Set.copyOf(queues.keySet());
  }

  private JournalMailQueue queue(MailQueueName name) {
    return queues.computeIfAbsent(name, key -> new JournalMailQueue(key, this, decorators, clock));
  }

  /** Writes a mail's enqueue record and returns it once on disk. */
  QueuedMail write(JournalMailQueue queue, Mail mail, long readyAt) throws MailQueueException {
    String queueName = queue.getName().asString();
    byte[] record;
    try {
      record = MailCodec.encode(mail);
    } catch (MessagingException | IOException e) {
      throw enqueueFailure("mail " + mail.getName(), queueName, "cannot encode it", e);
    }
    long id = journal.newId();
    QueueJournal.Location location;
    try {
      location = journal.enqueue(id, queueName, readyAt, record);
    } catch (IOException e) {
      throw enqueueFailure("mail " + mail.getName(), queueName, "the journal failed", e);
    }
    byte[] inMemory = null;
    if (retained.addAndGet(record.length) <= retainBudget) {
      inMemory = record;
    } else {
      retained.addAndGet(-record.length);
    }
    MailCodec.Envelope envelope =
        new MailCodec.Envelope(
            mail.getName(),
            mail.getMaybeSender().asOptional().map(sender -> sender.asString()),
            mail.getRecipients().stream().map(recipient -> recipient.asString()).toList());
    QueuedMail queued = new QueuedMail(id, readyAt, location, inMemory, envelope);
    mails.put(id, queued);
    LOGGER.debug("Queue {}: wrote mail {} as record {}", queueName, mail.getName(), id);
    return queued;
  }

  /**
   * Writes a mail's enqueue record again with a new ready time, and sets that time once the record
   * is on disk.
   */
  void reschedule(JournalMailQueue queue, QueuedMail queued, long readyAt)
      throws MailQueueException {
    String queueName = queue.getName().asString();
    try {
      queued.location = journal.enqueue(queued.id, queueName, readyAt, bytes(queued));
      queued.readyAt = readyAt;
    } catch (IOException e) {
      throw enqueueFailure("record " + queued.id, queueName, "the journal failed", e);
    }
  }

  private static MailQueueException enqueueFailure(
      String what, String queue, String reason, Exception cause) {
    return new MailQueueException(
        "Cannot enqueue " + what + " in queue " + queue + ": " + reason + ": " + cause.getMessage(),
        cause);
  }

  /**
   * Decodes a mail a consumer took, or returns empty. A record that cannot be decoded is set aside,
   * and one that cannot be read stays in the journal for the next start.
   */
  Optional<Mail> open(JournalMailQueue queue, QueuedMail queued) {
    byte[] record;
    try {
      record = bytes(queued);
    } catch (IOException e) {
      LOGGER.error(
          "Queue {}: cannot read record {} from the journal in {}; the mail stays on disk and is"
              + " offered again at the next start: {}",
          queue.getName().asString(),
          queued.id,
          directory,
          e.toString());
      release(queued);
      return Optional.empty();
    }
    try {
      return Optional.of(MailCodec.decode(record));
    } catch (IOException | RuntimeException e) {
      setAside(queue, queued, record, e);
      return Optional.empty();
    }
  }

  /** Decodes a mail for browsing, without taking it. */
  Optional<Mail> peek(QueuedMail queued) {
    try {
      return Optional.of(MailCodec.decode(bytes(queued)));
    } catch (IOException | RuntimeException e) {
      LOGGER.warn("Cannot read queue record {} to list it: {}", queued.id, e.toString());
      return Optional.empty();
    }
  }

  MailCodec.Envelope envelope(QueuedMail queued) throws IOException {
    MailCodec.Envelope envelope = queued.envelope;
    if (envelope == null) {
      envelope = MailCodec.envelope(bytes(queued));
      queued.envelope = envelope;
    }
    return envelope;
  }

  /** Ends a mail: a done record, and its memory released. */
  void forget(QueuedMail queued) {
    if (mails.containsKey(queued.id)) {
      release(queued);
      journal.done(queued.id);
    }
  }

  private byte[] bytes(QueuedMail queued) throws IOException {
    byte[] inMemory = queued.record;
    if (inMemory != null) {
      return inMemory;
    }
    // The journal may move the record while we read; a second read follows the new location.
    IOException failure = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      QueueJournal.Location location = queued.location;
      try {
        return journal.read(location);
      } catch (IOException e) {
        failure = e;
        if (queued.location.equals(location)) {
          break;
        }
      }
    }
    throw failure;
  }

  private void setAside(JournalMailQueue queue, QueuedMail queued, byte[] record, Exception e) {
    Path file = directory.resolve("unreadable").resolve(queued.id + ".record");
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, record);
      LOGGER.error(
          "Queue {}: record {} is not a mail this server can read ({}); it was moved to {} and"
              + " left the queue",
          queue.getName().asString(),
          queued.id,
          e.getMessage(),
          file);
    } catch (IOException writeError) {
      LOGGER.error(
          "Queue {}: record {} is not a mail this server can read ({}), and it cannot be copied to"
              + " {} ({}); it stays in the journal and is offered again at the next start",
          queue.getName().asString(),
          queued.id,
          e.getMessage(),
          file,
          writeError.toString());
      release(queued);
    }
  }

  /** Lets a mail go from memory without a done record, so that the next start offers it again. */
  private void release(QueuedMail queued) {
    mails.remove(queued.id);
    byte[] inMemory = queued.record;
    if (inMemory != null) {
      queued.record = null;
      retained.addAndGet(-inMemory.length);
    }
  }

  /** Returns once every journal record submitted before the call is written. */
  void awaitJournal() throws IOException {
    journal.awaitWritten();
  }

  /** Returns the number of journal segment files on disk. */
  int segmentCount() {
    return journal.segmentCount();
  }

  @PreDestroy
  public void close() {
    queues.values().forEach(JournalMailQueue::stop);
    try {
      journal.close();
    } catch (IOException e) {
      LOGGER.warn("Cannot close the mail queue journal in {}: {}", directory, e.toString());
    }
  }
}
