package org.spamfree.server;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import java.io.IOException;
import java.nio.file.Path;
import javax.inject.Singleton;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;

/**
 * Replaces the memory app's in-memory mail queue with durable queues: every enqueue is a record in
 * a journal under {@code var/store/queue}, forced to disk before the SMTP server replies 250, so
 * mail survives a crash or {@code kill -9} and is processed after the restart ({@link
 * JournalMailQueueFactory}).
 *
 * <p>James 3.8.1 also ships an ActiveMQ queue. Through JMS it opens a session and producer for each
 * enqueue and a selector consumer for each dequeue. In the SMTP benchmark that took about 7 ms of
 * CPU per message more than the memory queue, more than all of Spamfree's checks together.
 */
public class DurableMailQueueModule extends AbstractModule {

  static final String DELIVERED_LOG = "file://var/store/delivered";

  @Override
  protected void configure() {
    bind(JournalMailQueueFactory.class).in(Scopes.SINGLETON);
  }

  /**
   * Provides the queues with deduplicated delivery queues, so that a crash between two queues does
   * not deliver a mail twice. The names of delivered mails go to hourly files in {@code
   * var/store/delivered}.
   */
  @Provides
  @Singleton
  DeduplicatingMailQueueFactory deduplicatingMailQueueFactory(
      JournalMailQueueFactory factory, FileSystem fileSystem) throws IOException {
    Path log = fileSystem.getFile(DELIVERED_LOG).toPath();
    return new DeduplicatingMailQueueFactory(factory, log, factory.mailNamesAtStart());
  }

  @Provides
  @Singleton
  MailQueueFactory<? extends ManageableMailQueue> manageableMailQueueFactory(
      DeduplicatingMailQueueFactory factory) {
    return factory;
  }

  @Provides
  @Singleton
  MailQueueFactory<?> mailQueueFactory(DeduplicatingMailQueueFactory factory) {
    return factory;
  }

  @Provides
  @Singleton
  MailQueueFactory<? extends MailQueue> mailQueueFactoryGenerics(
      DeduplicatingMailQueueFactory factory) {
    return factory;
  }
}
