package org.spamfree.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;

/**
 * Gives out the durable queues, with every queue but the spool wrapped in a {@link
 * DeduplicatingMailQueue}: those are RemoteDelivery's delivery queues. The spool is left as it is,
 * because a mail that the spool processes again after a crash may not have reached the next queue.
 */
final class DeduplicatingMailQueueFactory implements MailQueueFactory<ManageableMailQueue> {

  /**
   * How long a delivered mail's name is kept: longer than RemoteDelivery's retries keep a mail in
   * the queue (about 22 hours with the distribution's delayTime and maxRetries).
   */
  static final Duration RETENTION = Duration.ofDays(3);

  static final Duration COMPACTION_PERIOD = Duration.ofHours(1);

  private final MailQueueFactory<? extends ManageableMailQueue> delegate;
  private final DeliveredLog log;
  private final Map<MailQueueName, ManageableMailQueue> queues = new ConcurrentHashMap<>();

  /**
   * Wraps the delivery queues of {@code delegate}, with the delivered-mail log in {@code
   * logDirectory}. {@code namesAtStart} are the names of the mails in the queues at start: the only
   * ones that can have a copy.
   */
  DeduplicatingMailQueueFactory(
      MailQueueFactory<? extends ManageableMailQueue> delegate,
      Path logDirectory,
      Set<String> namesAtStart)
      throws IOException {
    this.delegate = delegate;
    this.log = new DeliveredLog(logDirectory, RETENTION, Clock.systemUTC(), namesAtStart);
    ScheduledExecutorService compaction =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "spamfree-delivered-log-compaction");
              thread.setDaemon(true);
              return thread;
            });
    compaction.scheduleAtFixedRate(
        log::compact,
        COMPACTION_PERIOD.toMillis(),
        COMPACTION_PERIOD.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public Optional<ManageableMailQueue> getQueue(MailQueueName name, PrefetchCount count) {
    return delegate.getQueue(name, count).map(queue -> wrap(name, queue));
  }

  @Override
  public ManageableMailQueue createQueue(MailQueueName name, PrefetchCount count) {
    return wrap(name, delegate.createQueue(name, count));
  }

  @Override
  public Set<MailQueueName> listCreatedMailQueues() {
    return delegate.listCreatedMailQueues();
  }

  private ManageableMailQueue wrap(MailQueueName name, ManageableMailQueue queue) {
    if (name.equals(SPOOL)) {
      return queue;
    }
    return queues.computeIfAbsent(name, key -> new DeduplicatingMailQueue(queue, log));
  }
}
