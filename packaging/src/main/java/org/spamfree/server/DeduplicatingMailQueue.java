package org.spamfree.server;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.mailet.Mail;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A delivery queue that delivers each mail once, even when a crash left two copies of it in the
 * queue.
 *
 * <p>James hands a mail from one queue to the next at least once: the spool enqueues it into the
 * delivery queue, then acknowledges it. A crash between the two makes the spool process the mail
 * again after the restart, and the delivery queue then contains it twice. RemoteDelivery's retries
 * re-enqueue a mail before acknowledging the attempt, with the same window. Both copies keep the
 * mail's name. This queue records the name in a {@link DeliveredLog} when a mail leaves the queue
 * for good (delivered or bounced), before the acknowledgement, and acknowledges without delivery
 * any later copy of a recorded name.
 *
 * <p>What remains is the window between the next hop's 250 and the record, as for every SMTP relay
 * (RFC 5321 §6.1). Mail that a matcher splits gets new, random names for its parts, so a crash
 * while the spool processes it can still deliver a part twice.
 */
final class DeduplicatingMailQueue implements ManageableMailQueue {

  /** Delay before a copy met while another copy of the same mail is in delivery is tried again. */
  static final Duration IN_PROCESS_DELAY = Duration.ofSeconds(30);

  private static final Logger LOGGER = LoggerFactory.getLogger(DeduplicatingMailQueue.class);

  private final ManageableMailQueue delegate;
  private final DeliveredLog log;

  /** The mails in delivery, by name: the object the delivery thread holds. */
  private final Map<String, Mail> inProcess = new ConcurrentHashMap<>();

  private final Set<String> requeued = ConcurrentHashMap.newKeySet();

  DeduplicatingMailQueue(ManageableMailQueue delegate, DeliveredLog log) {
    this.delegate = delegate;
    this.log = log;
  }

  @Override
  public Publisher<MailQueueItem> deQueue() {
    return Flux.from(delegate.deQueue()).concatMap(this::admit);
  }

  private Mono<MailQueueItem> admit(MailQueueItem item) {
    String name = item.getMail().getName();
    if (!log.contains(name)) {
      if (inProcess.putIfAbsent(name, item.getMail()) == null) {
        return Mono.just(new TrackedItem(item, name));
      }
      // The other copy is being delivered now. Look at this one again once that attempt is over.
      return Mono.fromCallable(
              () -> {
                delegate.enQueue(item.getMail(), IN_PROCESS_DELAY);
                item.done(MailQueueItem.CompletionStatus.SUCCESS);
                return item;
              })
          .then(Mono.empty());
    }
    return Mono.fromCallable(
            () -> {
              LOGGER.info(
                  "spamfree decision=DUPLICATE_SKIPPED queue={} mail={}: already delivered",
                  delegate.getName().asString(),
                  name);
              item.done(MailQueueItem.CompletionStatus.SUCCESS);
              return item;
            })
        .then(Mono.empty());
  }

  /**
   * Remembers that a mail being processed went back into the queue, as RemoteDelivery's retry does
   * with the very object it took. Another object of the same name is a copy, such as the spool
   * makes when it processes a mail again after a crash: it must not keep the delivery in progress
   * from being recorded.
   */
  private void noteEnqueue(Mail mail) {
    if (inProcess.get(mail.getName()) == mail) {
      requeued.add(mail.getName());
    }
  }

  @Override
  public void enQueue(Mail mail, Duration delay) throws MailQueueException {
    noteEnqueue(mail);
    delegate.enQueue(mail, delay);
  }

  @Override
  public void enQueue(Mail mail) throws MailQueueException {
    noteEnqueue(mail);
    delegate.enQueue(mail);
  }

  @Override
  public Publisher<Void> enqueueReactive(Mail mail) {
    noteEnqueue(mail);
    return delegate.enqueueReactive(mail);
  }

  @Override
  public MailQueueName getName() {
    return delegate.getName();
  }

  @Override
  public long getSize() throws MailQueueException {
    return delegate.getSize();
  }

  @Override
  public Publisher<Long> getSizeReactive() {
    return delegate.getSizeReactive();
  }

  @Override
  public long flush() throws MailQueueException {
    return delegate.flush();
  }

  @Override
  public long clear() throws MailQueueException {
    return delegate.clear();
  }

  @Override
  public long remove(Type type, String value) throws MailQueueException {
    return delegate.remove(type, value);
  }

  @Override
  public MailQueueIterator browse() throws MailQueueException {
    return delegate.browse();
  }

  @Override
  public void close() throws java.io.IOException {
    delegate.close();
  }

  /** A queue item whose successful completion is recorded, unless the mail went back in. */
  private final class TrackedItem implements MailQueueItem {

    private final MailQueueItem item;
    private final String name;

    TrackedItem(MailQueueItem item, String name) {
      this.item = item;
      this.name = name;
    }

    @Override
    public Mail getMail() {
      return item.getMail();
    }

    @Override
    public void done(CompletionStatus status) throws MailQueueException {
      try {
        boolean wentBack = requeued.remove(name);
        if (status == CompletionStatus.SUCCESS && !wentBack) {
          log.record(name);
        }
        item.done(status);
      } finally {
        inProcess.remove(name);
      }
    }
  }
}
