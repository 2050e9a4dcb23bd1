package org.spamfree.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.queue.api.MailQueue.MailQueueItem;
import org.apache.james.queue.api.MailQueue.MailQueueItem.CompletionStatus;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.ManageableMailQueue.MailQueueItemView;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.PerRecipientHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The journal-backed queues on a temporary directory: what a consumer gets back, what a new factory
 * finds after the previous one stopped without closing (as after {@code kill -9}), delays, the
 * management operations, a torn journal tail, unreadable records and the freeing of old segments.
 */
class JournalMailQueueTest {

  private static final MailQueueName SPOOL = MailQueueName.of("spool");
  private static final MailQueueName OUTGOING = MailQueueName.of("outgoing-next-hop");
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path directory;
  private final List<JournalMailQueueFactory> factories = new ArrayList<>();
  private final List<Disposable> consumers = new ArrayList<>();

  @AfterEach
  void close() {
    consumers.forEach(Disposable::dispose);
    factories.forEach(JournalMailQueueFactory::close);
  }

  private JournalMailQueueFactory factory(long segmentBytes, long retainBudget) throws Exception {
    JournalMailQueueFactory factory =
        new JournalMailQueueFactory(
            directory,
            new RawMailQueueItemDecoratorFactory(),
            Clock.systemUTC(),
            segmentBytes,
            retainBudget);
    factories.add(factory);
    return factory;
  }

  private JournalMailQueueFactory factory() throws Exception {
    return factory(JournalMailQueueFactory.SEGMENT_BYTES, 1 << 20);
  }

  private BlockingQueue<MailQueueItem> consume(ManageableMailQueue queue) {
    BlockingQueue<MailQueueItem> taken = new LinkedBlockingQueue<>();
    consumers.add(Flux.from(queue.deQueue()).subscribe(taken::add));
    return taken;
  }

  private static MailQueueItem next(BlockingQueue<MailQueueItem> taken) throws Exception {
    MailQueueItem item = taken.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(item).as("a mail taken from the queue within %s", WAIT).isNotNull();
    return item;
  }

  private static Mail mail(String name, String sender, String... recipients) throws Exception {
    String text =
        "From: "
            + sender
            + "\r\nTo: "
            + String.join(", ", recipients)
            + "\r\nSubject: "
            + name
            + "\r\n\r\nBody of "
            + name
            + "\r\n";
    MimeMessage message =
        new MimeMessage(
            Session.getDefaultInstance(new Properties()),
            new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
    MailImpl.Builder builder =
        MailImpl.builder()
            .name(name)
            .sender(sender.isEmpty() ? MaybeSender.nullSender() : MaybeSender.getMailSender(sender))
            .remoteAddr("192.0.2.25")
            .remoteHost("client.example")
            .mimeMessage(message);
    for (String recipient : recipients) {
      builder.addRecipient(recipient);
    }
    return builder.build();
  }

  private static String text(Mail mail) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    mail.getMessage().writeTo(out);
    return out.toString(StandardCharsets.US_ASCII);
  }

  @Test
  void mailComesBackWhole() throws Exception {
    ManageableMailQueue queue = factory().createQueue(SPOOL);
    Mail sent = mail("Mail1", "sender@example.test", "a@spamfree.test", "b@spamfree.test");
    sent.setState("transport");
    sent.setErrorMessage("first attempt failed");
    sent.setAttribute(
        new Attribute(AttributeName.of("org.spamfree.score"), AttributeValue.of(4.5)));
    sent.setAttribute(
        new Attribute(AttributeName.of("org.spamfree.symbols"), AttributeValue.of("HELO_BARE_IP")));
    sent.addSpecificHeaderForRecipient(
        PerRecipientHeaders.Header.builder().name("X-Folder").value("Junk").build(),
        new MailAddress("a@spamfree.test"));
    queue.enQueue(sent);

    Mail received = next(consume(queue)).getMail();

    assertThat(received.getName()).isEqualTo("Mail1");
    assertThat(received.getState()).isEqualTo("transport");
    assertThat(received.getErrorMessage()).isEqualTo("first attempt failed");
    assertThat(received.getMaybeSender().asString()).isEqualTo("sender@example.test");
    assertThat(received.getRecipients())
        .containsExactly(new MailAddress("a@spamfree.test"), new MailAddress("b@spamfree.test"));
    assertThat(received.getRemoteAddr()).isEqualTo("192.0.2.25");
    assertThat(received.getRemoteHost()).isEqualTo("client.example");
    assertThat(received.getAttribute(AttributeName.of("org.spamfree.score")))
        .contains(new Attribute(AttributeName.of("org.spamfree.score"), AttributeValue.of(4.5)));
    assertThat(received.getAttribute(AttributeName.of("org.spamfree.symbols")))
        .contains(
            new Attribute(
                AttributeName.of("org.spamfree.symbols"), AttributeValue.of("HELO_BARE_IP")));
    assertThat(
            received
                .getPerRecipientSpecificHeaders()
                .getHeadersForRecipient(new MailAddress("a@spamfree.test")))
        .extracting(PerRecipientHeaders.Header::getValue)
        .containsExactly("Junk");
    assertThat(text(received)).isEqualTo(text(sent));
  }

  @Test
  void lookupAndCloseKeepConsumer() throws Exception {
    JournalMailQueueFactory factory = factory();
    ManageableMailQueue spool = factory.createQueue(SPOOL);
    BlockingQueue<MailQueueItem> taken = consume(spool);

    // James's WebAdmin closes the queue it looked up after each request, and the route that lists
    // a queue's mails closes it twice.
    ManageableMailQueue lookedUp = factory.getQueue(SPOOL).orElseThrow();
    lookedUp.close();
    lookedUp.close();
    spool.enQueue(mail("Mail1", "sender@example.test", "a@spamfree.test"));

    assertThat(next(taken).getMail().getName()).isEqualTo("Mail1");
  }

  @Test
  void nullSenderKeptAsNullSender() throws Exception {
    ManageableMailQueue queue = factory().createQueue(SPOOL);
    queue.enQueue(mail("Bounce1", "", "a@spamfree.test"));

    Mail received = next(consume(queue)).getMail();

    assertThat(received.getMaybeSender().isNullSender()).isTrue();
  }

  @Test
  void unfinishedMailsSurviveKill() throws Exception {
    JournalMailQueueFactory first = factory();
    ManageableMailQueue spool = first.createQueue(SPOOL);
    ManageableMailQueue outgoing = first.createQueue(OUTGOING);
    for (int i = 1; i <= 5; i++) {
      spool.enQueue(mail("Spool" + i, "sender@example.test", "a@spamfree.test"));
    }
    outgoing.enQueue(mail("Retry1", "sender@example.test", "a@spamfree.test"), Duration.ofHours(1));
    BlockingQueue<MailQueueItem> taken = consume(spool);
    next(taken).done(CompletionStatus.SUCCESS);
    next(taken).done(CompletionStatus.SUCCESS);
    // Taken but never done, as when the process dies during processing.
    next(taken);
    consumers.forEach(Disposable::dispose);
    consumers.clear();
    awaitDoneRecordsWritten();

    JournalMailQueueFactory second = factory();

    assertThat(second.listCreatedMailQueues()).containsExactlyInAnyOrder(SPOOL, OUTGOING);
    assertThat(second.mailNamesAtStart())
        .containsExactlyInAnyOrder("Spool3", "Spool4", "Spool5", "Retry1");
    ManageableMailQueue recoveredSpool = second.getQueue(SPOOL).orElseThrow();
    assertThat(names(recoveredSpool)).containsExactly("Spool3", "Spool4", "Spool5");
    ManageableMailQueue recoveredOutgoing = second.getQueue(OUTGOING).orElseThrow();
    List<MailQueueItemView> waiting = views(recoveredOutgoing);
    assertThat(waiting).hasSize(1);
    assertThat(waiting.get(0).getMail().getName()).isEqualTo("Retry1");
    assertThat(waiting.get(0).getNextDelivery().orElseThrow().toInstant())
        .isAfter(java.time.Instant.now().plus(Duration.ofMinutes(59)));
    BlockingQueue<MailQueueItem> again = consume(recoveredSpool);
    List<String> delivered = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      MailQueueItem item = next(again);
      delivered.add(item.getMail().getName());
      assertThat(text(item.getMail())).contains("Body of " + item.getMail().getName());
      item.done(CompletionStatus.SUCCESS);
    }
    assertThat(delivered).containsExactly("Spool3", "Spool4", "Spool5");
  }

  @Test
  void longMailNameReadAtStart() throws Exception {
    // Longer than the part of a record read for the name, so the whole record is read.
    String longName = "Long-" + "x".repeat(3000);
    ManageableMailQueue spool = factory().createQueue(SPOOL);
    spool.enQueue(mail(longName, "sender@example.test", "a@spamfree.test"));
    spool.enQueue(mail("Short", "sender@example.test", "a@spamfree.test"));

    JournalMailQueueFactory restarted = factory();

    assertThat(restarted.mailNamesAtStart()).containsExactlyInAnyOrder(longName, "Short");
  }

  /** Done records are written without waiting for them. */
  private void awaitDoneRecordsWritten() throws Exception {
    for (JournalMailQueueFactory factory : factories) {
      factory.awaitJournal();
    }
  }

  private static List<String> names(ManageableMailQueue queue) throws Exception {
    return views(queue).stream().map(view -> view.getMail().getName()).toList();
  }

  private static List<MailQueueItemView> views(ManageableMailQueue queue) throws Exception {
    List<MailQueueItemView> views = new ArrayList<>();
    ManageableMailQueue.MailQueueIterator iterator = queue.browse();
    iterator.forEachRemaining(views::add);
    iterator.close();
    return views;
  }

  @Test
  void delayedMailWaitsUntilFlushed() throws Exception {
    ManageableMailQueue queue = factory().createQueue(OUTGOING);
    queue.enQueue(mail("Later", "sender@example.test", "a@spamfree.test"), Duration.ofHours(1));
    queue.enQueue(mail("Now", "sender@example.test", "a@spamfree.test"));
    BlockingQueue<MailQueueItem> taken = consume(queue);

    MailQueueItem now = next(taken);
    assertThat(now.getMail().getName()).isEqualTo("Now");
    now.done(CompletionStatus.SUCCESS);
    assertThat(taken.poll(300, TimeUnit.MILLISECONDS)).isNull();
    assertThat(queue.getSize()).isEqualTo(1);

    assertThat(queue.flush()).isEqualTo(1);
    assertThat(next(taken).getMail().getName()).isEqualTo("Later");
  }

  @Test
  void flushSurvivesRestart() throws Exception {
    ManageableMailQueue queue = factory().createQueue(OUTGOING);
    queue.enQueue(mail("Later", "sender@example.test", "a@spamfree.test"), Duration.ofHours(1));

    assertThat(queue.flush()).isEqualTo(1);
    awaitDoneRecordsWritten();

    List<MailQueueItemView> recovered = views(factory().getQueue(OUTGOING).orElseThrow());
    assertThat(recovered).hasSize(1);
    assertThat(recovered.get(0).getNextDelivery().orElseThrow().toInstant())
        .isBefore(java.time.Instant.now().plusSeconds(1));
  }

  @Test
  void retryAndRejectRequeue() throws Exception {
    ManageableMailQueue queue = factory().createQueue(SPOOL);
    queue.enQueue(mail("Mail1", "sender@example.test", "a@spamfree.test"));
    BlockingQueue<MailQueueItem> taken = consume(queue);

    next(taken).done(CompletionStatus.RETRY);
    MailQueueItem retried = next(taken);
    assertThat(retried.getMail().getName()).isEqualTo("Mail1");
    retried.done(CompletionStatus.REJECT);
    assertThat(taken.poll(1, TimeUnit.SECONDS)).isNull();
    assertThat(queue.getSize()).isEqualTo(1);
    MailQueueItem rejected =
        taken.poll(
            JournalMailQueue.REJECT_DELAY.toMillis() + WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(rejected).isNotNull();
    rejected.done(CompletionStatus.SUCCESS);
    assertThat(queue.getSize()).isZero();
  }

  @Test
  void removeAndClear() throws Exception {
    JournalMailQueueFactory factory = factory();
    ManageableMailQueue queue = factory.createQueue(OUTGOING);
    queue.enQueue(mail("Mail1", "one@example.test", "a@spamfree.test"), Duration.ofHours(1));
    queue.enQueue(mail("Mail2", "two@example.test", "b@spamfree.test"), Duration.ofHours(1));
    queue.enQueue(mail("Mail3", "three@example.test", "c@spamfree.test"), Duration.ofHours(1));
    queue.enQueue(mail("Mail4", "four@example.test", "d@spamfree.test"), Duration.ofHours(1));

    assertThat(queue.remove(ManageableMailQueue.Type.Name, "Mail1")).isEqualTo(1);
    assertThat(queue.remove(ManageableMailQueue.Type.Sender, "two@example.test")).isEqualTo(1);
    assertThat(queue.remove(ManageableMailQueue.Type.Recipient, "c@spamfree.test")).isEqualTo(1);
    assertThat(queue.remove(ManageableMailQueue.Type.Recipient, "nobody@spamfree.test")).isZero();
    assertThat(names(queue)).containsExactly("Mail4");

    assertThat(queue.clear()).isEqualTo(1);
    assertThat(queue.getSize()).isZero();
    awaitDoneRecordsWritten();
    assertThat(factory().createQueue(OUTGOING).getSize()).isZero();
  }

  @Test
  void tornTailIgnored() throws Exception {
    ManageableMailQueue queue = factory().createQueue(SPOOL);
    queue.enQueue(mail("Mail1", "sender@example.test", "a@spamfree.test"));
    queue.enQueue(mail("Mail2", "sender@example.test", "a@spamfree.test"));
    Path segment = onlySegment();
    // Half a record, as a crash in the middle of a write leaves it.
    Files.write(segment, new byte[] {0, 0, 1, 0, 7, 7, 7, 7, 1, 0, 0}, StandardOpenOption.APPEND);

    ManageableMailQueue recovered = factory().getQueue(SPOOL).orElseThrow();

    assertThat(names(recovered)).containsExactly("Mail1", "Mail2");
    recovered.enQueue(mail("Mail3", "sender@example.test", "a@spamfree.test"));
    assertThat(names(factory().getQueue(SPOOL).orElseThrow()))
        .containsExactly("Mail1", "Mail2", "Mail3");
  }

  private Path onlySegment() throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> segments = files.filter(file -> file.toString().endsWith(".journal")).toList();
      assertThat(segments).hasSize(1);
      return segments.get(0);
    }
  }

  @Test
  void undecodableRecordSetAside() throws Exception {
    JournalMailQueueFactory factory = factory();
    ManageableMailQueue queue = factory.createQueue(SPOOL);
    QueuedMail broken =
        factory.write(
            (JournalMailQueue) queue, mail("Broken", "sender@example.test", "a@spamfree.test"), 0);
    broken.record[0] = 99;
    ((JournalMailQueue) queue).add(broken);
    queue.enQueue(mail("Good", "sender@example.test", "a@spamfree.test"));

    BlockingQueue<MailQueueItem> taken = consume(queue);

    assertThat(next(taken).getMail().getName()).isEqualTo("Good");
    Path setAside = directory.resolve("unreadable").resolve(broken.id + ".record");
    assertThat(setAside).exists();
    assertThat(Files.readAllBytes(setAside)[0]).isEqualTo((byte) 99);
  }

  @Test
  void overBudgetMailReadFromDisk() throws Exception {
    ManageableMailQueue queue =
        factory(JournalMailQueueFactory.SEGMENT_BYTES, 0).createQueue(SPOOL);
    queue.enQueue(mail("Mail1", "sender@example.test", "a@spamfree.test"));

    Mail received = next(consume(queue)).getMail();

    assertThat(text(received)).contains("Body of Mail1");
  }

  @Test
  void oldSegmentsFreedDespiteWaitingMail() throws Exception {
    JournalMailQueueFactory factory = factory(4096, 1 << 20);
    ManageableMailQueue outgoing = factory.createQueue(OUTGOING);
    ManageableMailQueue spool = factory.createQueue(SPOOL);
    outgoing.enQueue(
        mail("Waiting", "sender@example.test", "a@spamfree.test"), Duration.ofHours(5));
    BlockingQueue<MailQueueItem> taken = consume(spool);
    for (int i = 0; i < 200; i++) {
      spool.enQueue(mail("Mail" + i, "sender@example.test", "a@spamfree.test"));
      next(taken).done(CompletionStatus.SUCCESS);
    }
    awaitDoneRecordsWritten();

    assertThat(factory.segmentCount())
        .isLessThanOrEqualTo(QueueJournal.SEGMENTS_BEFORE_COMPACTION + 2);
    ManageableMailQueue recovered = factory(4096, 1 << 20).getQueue(OUTGOING).orElseThrow();
    assertThat(names(recovered)).containsExactly("Waiting");
    assertThat(factories.get(factories.size() - 1).getQueue(SPOOL)).isEmpty();
  }
}
