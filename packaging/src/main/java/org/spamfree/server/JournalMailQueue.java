package org.spamfree.server;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.mailet.Mail;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * One durable mail queue: the mails waiting and in processing are held in memory, ordered by the
 * time they become ready, and every enqueue and completion is a record in the shared {@link
 * QueueJournal}.
 *
 * <p>A consumer takes mails on a thread of its own and keeps them in processing until {@code done}:
 * SUCCESS ends the mail, RETRY makes it ready again at once, and REJECT (James's spool sends it
 * when even its error handling failed) makes it ready again after {@link #REJECT_DELAY}, so that a
 * mail that cannot be handled does not spin. Neither RETRY nor REJECT writes a record: the journal
 * still contains the mail as enqueued.
 */
final class JournalMailQueue implements ManageableMailQueue {

  private static final Logger LOGGER = LoggerFactory.getLogger(JournalMailQueue.class);

  /** Delay before a mail whose processing was rejected is offered again. */
  static final Duration REJECT_DELAY = Duration.ofSeconds(5);

  private final MailQueueName name;
  private final JournalMailQueueFactory factory;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<QueuedMail> waiting =
      new PriorityQueue<>(
          Comparator.comparingLong((QueuedMail mail) -> mail.readyAt)
              .thenComparingLong(mail -> mail.id));
  private final Set<QueuedMail> inProcess = new HashSet<>();
  private final Scheduler scheduler;
  private final Flux<MailQueueItem> items;
  private volatile boolean closed;

  JournalMailQueue(
      MailQueueName name,
      JournalMailQueueFactory factory,
      MailQueueItemDecoratorFactory decorators,
      Clock clock) {
    this.name = name;
    this.factory = factory;
    this.clock = clock;
    this.scheduler =
        Schedulers.newBoundedElastic(
            4, Integer.MAX_VALUE, "spamfree-queue-" + name.asString(), 60, true);
    this.items =
        Mono.<QueuedMail>create(
                sink -> {
                  try {
                    sink.success(take());
                  } catch (InterruptedException e) {
                    if (closed) {
                      // stop() interrupts the consumers, so the flux ends without an error.
                      sink.success();
                    } else {
                      Thread.currentThread().interrupt();
                      sink.error(e);
                    }
                  }
                })
            .repeat(() -> !closed)
            // A mail taken while its consumer was cancelled would stay in processing for good.
            .doOnDiscard(QueuedMail.class, queued -> putBack(queued, queued.readyAt))
            .subscribeOn(scheduler)
            .<MailQueueItem>handle(
                (queued, sink) -> {
                  Optional<Mail> mail = factory.open(this, queued);
                  if (mail.isPresent()) {
                    sink.next(decorators.decorate(new Item(queued, mail.get()), name));
                  } else {
                    finish(queued);
                  }
                });
  }

  @Override
  public MailQueueName getName() {
    return name;
  }

  @Override
  public void enQueue(Mail mail, Duration delay) throws MailQueueException {
    add(factory.write(this, mail, readyAt(delay)));
  }

  @Override
  public void enQueue(Mail mail) throws MailQueueException {
    enQueue(mail, Duration.ZERO);
  }

  @Override
  public Publisher<Void> enqueueReactive(Mail mail) {
    return Mono.fromCallable(
            () -> {
              enQueue(mail);
              return true;
            })
        .subscribeOn(Schedulers.boundedElastic())
        .then();
  }

  @Override
  public Publisher<MailQueueItem> deQueue() {
    return items;
  }

  /** Adds a mail found in the journal at start, or one just written. */
  void add(QueuedMail mail) {
    lock.lock();
    try {
      waiting.add(mail);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private long readyAt(Duration delay) {
    if (delay == null || delay.isNegative() || delay.isZero()) {
      return clock.millis();
    }
    try {
      return Math.addExact(clock.millis(), delay.toMillis());
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private QueuedMail take() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (true) {
        QueuedMail head = waiting.peek();
        if (head == null) {
          changed.await();
          continue;
        }
        long wait = head.readyAt - clock.millis();
        if (wait > 0) {
          changed.await(wait, TimeUnit.MILLISECONDS);
          continue;
        }
        waiting.poll();
        inProcess.add(head);
        return head;
      }
    } finally {
      lock.unlock();
    }
  }

  private void finish(QueuedMail mail) {
    lock.lock();
    try {
      if (!inProcess.remove(mail)) {
        return;
      }
    } finally {
      lock.unlock();
    }
    factory.forget(mail);
  }

  private void putBack(QueuedMail mail, long readyAt) {
    lock.lock();
    try {
      if (inProcess.remove(mail)) {
        mail.readyAt = readyAt;
        waiting.add(mail);
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long getSize() {
    lock.lock();
    try {
      return (long) waiting.size() + inProcess.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Makes every delayed mail ready now. Each one's record is written again with the new ready time
   * before a consumer can take it, so a restart does not bring back the old delay, and a done
   * record cannot precede the rewritten one.
   */
  @Override
  public long flush() throws MailQueueException {
    List<QueuedMail> delayed = new ArrayList<>();
    long now;
    lock.lock();
    try {
      now = clock.millis();
      waiting.removeIf(
          mail -> {
            if (mail.readyAt > now) {
              delayed.add(mail);
              return true;
            }
            return false;
          });
    } finally {
      lock.unlock();
    }
    MailQueueException failure = null;
    for (QueuedMail mail : delayed) {
      try {
        factory.reschedule(this, mail, now);
      } catch (MailQueueException e) {
        // The mail keeps its delay in memory and on disk.
        LOGGER.warn(
            "Queue {}: cannot flush mail record {}: {}", name.asString(), mail.id, e.getMessage());
        failure = e;
      }
    }
    lock.lock();
    try {
      waiting.addAll(delayed);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (failure != null) {
      throw failure;
    }
    return delayed.size();
  }

  @Override
  public long clear() {
    return removeWhere(mail -> true);
  }

  @Override
  public long remove(Type type, String value) throws MailQueueException {
    if (type == null || value == null) {
      throw new MailQueueException(
          "Cannot remove mails from queue "
              + name.asString()
              + ": the type (Name, Sender or Recipient) and the value are required");
    }
    return removeWhere(
        mail -> {
          MailCodec.Envelope envelope = factory.envelope(mail);
          return switch (type) {
            case Name -> envelope.name().equals(value);
            case Sender -> envelope.sender().orElse("").equals(value);
            case Recipient -> envelope.recipients().contains(value);
          };
        });
  }

  private interface Filter {
    boolean matches(QueuedMail mail) throws IOException;
  }

  private long removeWhere(Filter filter) {
    List<QueuedMail> removed = new ArrayList<>();
    lock.lock();
    try {
      Iterator<QueuedMail> iterator = waiting.iterator();
      while (iterator.hasNext()) {
        QueuedMail mail = iterator.next();
        boolean matches;
        try {
          matches = filter.matches(mail);
        } catch (IOException e) {
          LOGGER.warn(
              "Cannot read mail {} of queue {} to compare it: {}",
              mail.id,
              name.asString(),
              e.toString());
          matches = false;
        }
        if (matches) {
          iterator.remove();
          removed.add(mail);
        }
      }
    } finally {
      lock.unlock();
    }
    removed.forEach(factory::forget);
    if (!removed.isEmpty()) {
      LOGGER.info(
          "spamfree decision=QUEUE_REMOVED queue={} count={}", name.asString(), removed.size());
    }
    return removed.size();
  }

  @Override
  public MailQueueIterator browse() {
    List<QueuedMail> snapshot;
    lock.lock();
    try {
      snapshot = new ArrayList<>(waiting);
    } finally {
      lock.unlock();
    }
    snapshot.sort(waiting.comparator());
    Iterator<QueuedMail> underlying = snapshot.iterator();
    return new MailQueueIterator() {
      private MailQueueItemView next;

      @Override
      public boolean hasNext() {
        while (next == null && underlying.hasNext()) {
          QueuedMail queued = underlying.next();
          Optional<Mail> mail = factory.peek(queued);
          if (mail.isPresent()) {
            next =
                new DefaultMailQueueItemView(
                    mail.get(), Instant.ofEpochMilli(queued.readyAt).atZone(ZoneOffset.UTC));
          }
        }
        return next != null;
      }

      @Override
      public MailQueueItemView next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        MailQueueItemView view = next;
        next = null;
        return view;
      }

      @Override
      public void close() {}
    };
  }

  /**
   * Does nothing: the consumers stop with the factory, in {@link #stop}. James's WebAdmin closes
   * the queue it looked up after each request, some routes twice, while the spool and
   * RemoteDelivery keep using theirs, so a close cannot tell which user is done.
   */
  @Override
  public void close() {}

  /** Stops the consumers, when the server stops. */
  void stop() {
    closed = true;
    scheduler.dispose();
  }

  @Override
  public String toString() {
    return "JournalMailQueue:" + name.asString();
  }

  /** A mail taken from this queue, in processing until {@code done}. */
  private final class Item implements MailQueueItem {
    private final QueuedMail queued;
    private final Mail mail;

    Item(QueuedMail queued, Mail mail) {
      this.queued = queued;
      this.mail = mail;
    }

    @Override
    public Mail getMail() {
      return mail;
    }

    @Override
    public void done(CompletionStatus status) throws MailQueueException {
      switch (status) {
        case SUCCESS -> finish(queued);
        case RETRY -> putBack(queued, clock.millis());
        case REJECT -> putBack(queued, clock.millis() + REJECT_DELAY.toMillis());
        default -> throw new MailQueueException("Unknown completion status " + status);
      }
    }
  }
}
