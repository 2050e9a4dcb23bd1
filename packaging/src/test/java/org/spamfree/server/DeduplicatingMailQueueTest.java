package org.spamfree.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.james.core.MailAddress;
import org.apache.james.queue.api.MailQueue.MailQueueItem;
import org.apache.james.queue.api.MailQueue.MailQueueItem.CompletionStatus;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.queue.memory.MemoryMailQueueFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/**
 * {@link DeduplicatingMailQueue} over James's in-memory queue: copies of one mail, as a crash
 * between two queues leaves them, are delivered once.
 */
class DeduplicatingMailQueueTest {

  private static final MailQueueName OUTGOING = MailQueueName.of("outgoing-next-hop");

  @TempDir Path directory;
  private DeduplicatingMailQueueFactory factory;
  private ManageableMailQueue queue;

  /** The mails that the tests copy: as if they had been in a queue when the server started. */
  private static final Set<String> NAMES_AT_START = Set.of("Mail1");

  @BeforeEach
  void createQueue() throws Exception {
    factory =
        new DeduplicatingMailQueueFactory(
            new MemoryMailQueueFactory(new RawMailQueueItemDecoratorFactory()),
            directory.resolve("delivered"),
            NAMES_AT_START);
    queue = factory.createQueue(OUTGOING);
  }

  @Test
  void copyOfDeliveredMailAcknowledgedWithoutDelivery() throws Exception {
    queue.enQueue(mail("Mail1"));
    assertThat(deliverAll(1)).containsExactly("Mail1");

    queue.enQueue(mail("Mail1"));
    queue.enQueue(mail("Mail2"));

    assertThat(deliverAll(1)).containsExactly("Mail2");
    assertThat(queue.getSize()).isZero();
  }

  @Test
  void copyMetDuringDeliveryPostponed() throws Exception {
    queue.enQueue(mail("Mail1"));
    Iterator<MailQueueItem> items = Flux.from(queue.deQueue()).toIterable(1).iterator();
    MailQueueItem inDelivery = items.next();

    queue.enQueue(mail("Mail1"));
    queue.enQueue(mail("Mail2"));
    MailQueueItem next = items.next();
    inDelivery.done(CompletionStatus.SUCCESS);
    next.done(CompletionStatus.SUCCESS);

    assertThat(next.getMail().getName()).isEqualTo("Mail2");
    // The copy waits in the queue for its delay, and is then acknowledged as delivered.
    assertThat(queue.getSize()).isEqualTo(1);
    // Once ready, the copy is skipped: the next mail the consumer gets is a new one.
    queue.flush();
    queue.enQueue(mail("Mail3"));
    MailQueueItem third = items.next();
    assertThat(third.getMail().getName()).isEqualTo("Mail3");
    third.done(CompletionStatus.SUCCESS);
    assertThat(queue.getSize()).isZero();
  }

  @Test
  void retriedMailDeliveredAgain() throws Exception {
    queue.enQueue(mail("Mail1"));

    MailQueueItem first = Flux.from(queue.deQueue()).blockFirst(Duration.ofSeconds(5));
    // A temporary failure, as RemoteDelivery handles it: the mail goes back, the attempt ends.
    queue.enQueue(first.getMail(), Duration.ZERO);
    first.done(CompletionStatus.SUCCESS);

    assertThat(deliverAll(1)).containsExactly("Mail1");
  }

  @Test
  void spoolNotDeduplicated() throws Exception {
    ManageableMailQueue spool = factory.createQueue(MemoryMailQueueFactory.SPOOL);

    assertThat(spool).isNotInstanceOf(DeduplicatingMailQueue.class);
  }

  @Test
  void mailFirstQueuedAfterStartNotRemembered() throws Exception {
    queue.enQueue(mail("Mail4"));
    assertThat(deliverAll(1)).containsExactly("Mail4");

    // A mail queued after the start has no copy from a crash, so memory keeps nothing for it.
    queue.enQueue(mail("Mail4"));

    assertThat(deliverAll(1)).containsExactly("Mail4");
  }

  @Test
  void mailQueuedAfterStartRememberedAfterRestart() throws Exception {
    queue.enQueue(mail("Mail4"));
    deliverAll(1);
    DeduplicatingMailQueueFactory restarted =
        new DeduplicatingMailQueueFactory(
            new MemoryMailQueueFactory(new RawMailQueueItemDecoratorFactory()),
            directory.resolve("delivered"),
            Set.of("Mail4"));
    ManageableMailQueue afterRestart = restarted.createQueue(OUTGOING);
    afterRestart.enQueue(mail("Mail4"));
    afterRestart.enQueue(mail("Mail5"));

    MailQueueItem item = Flux.from(afterRestart.deQueue()).blockFirst(Duration.ofSeconds(5));

    assertThat(item.getMail().getName()).isEqualTo("Mail5");
  }

  @Test
  void deliveredNameRememberedByNewFactory() throws Exception {
    queue.enQueue(mail("Mail1"));
    deliverAll(1);
    DeduplicatingMailQueueFactory restarted =
        new DeduplicatingMailQueueFactory(
            new MemoryMailQueueFactory(new RawMailQueueItemDecoratorFactory()),
            directory.resolve("delivered"),
            NAMES_AT_START);
    ManageableMailQueue afterRestart = restarted.createQueue(OUTGOING);
    afterRestart.enQueue(mail("Mail1"));
    afterRestart.enQueue(mail("Mail3"));

    MailQueueItem item = Flux.from(afterRestart.deQueue()).blockFirst(Duration.ofSeconds(5));

    assertThat(item.getMail().getName()).isEqualTo("Mail3");
  }

  /**
   * Dequeues until {@code expectedDeliveries} items reached the consumer, acknowledging each, and
   * returns their names in order. Skipped copies never reach it.
   */
  private List<String> deliverAll(int expectedDeliveries) {
    return Flux.from(queue.deQueue())
        .take(expectedDeliveries)
        .map(
            item -> {
              String name = item.getMail().getName();
              try {
                item.done(CompletionStatus.SUCCESS);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
              return name;
            })
        .collectList()
        .block(Duration.ofSeconds(10));
  }

  private static Mail mail(String name) throws Exception {
    return MailImpl.builder()
        .name(name)
        .sender(new MailAddress("sender@sender.example"))
        .addRecipient(new MailAddress("someone@spamfree.test"))
        .build();
  }
}
