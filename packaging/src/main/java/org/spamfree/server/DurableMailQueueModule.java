package org.spamfree.server;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import javax.inject.Singleton;
import javax.jms.ConnectionFactory;
import org.apache.activemq.store.PersistenceAdapter;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.EmbeddedActiveMQ;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorNoop;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.ManageableMailQueue;

/**
 * Replaces the memory app's in-memory mail queue with James's ActiveMQ mail queue on an embedded
 * broker. The broker keeps messages in a KahaDB journal under {@code var/store/activemq}, so mail
 * acknowledged with 250 survives a crash or {@code kill -9} and is processed after the restart.
 *
 * <p>James 3.8.1 ships the queue implementation but not a Guice module for it in the artifacts the
 * memory app uses, hence this module, used through {@code overrideWith}.
 */
public class DurableMailQueueModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(PersistenceAdapter.class).to(KahaDBPersistenceAdapter.class);
    bind(KahaDBPersistenceAdapter.class).in(Scopes.SINGLETON);
    bind(EmbeddedActiveMQ.class).in(Scopes.SINGLETON);
  }

  @Provides
  @Singleton
  ActiveMQMailQueueFactory activeMqMailQueueFactory(
      EmbeddedActiveMQ broker,
      MailQueueItemDecoratorFactory decoratorFactory,
      MetricFactory metricFactory,
      GaugeRegistry gaugeRegistry) {
    ActiveMQMailQueueFactory factory =
        new ActiveMQMailQueueFactory(
            broker,
            decoratorFactory,
            metricFactory,
            gaugeRegistry,
            new ActiveMQMetricCollectorNoop());
    // JMX is off in this distribution. init() replaces the @PostConstruct call that Guice
    // does not make.
    factory.setUseJMX(false);
    factory.init();
    return factory;
  }

  @Provides
  @Singleton
  ConnectionFactory connectionFactory(EmbeddedActiveMQ broker) {
    return broker.getConnectionFactory();
  }

  @Provides
  @Singleton
  MailQueueFactory<? extends ManageableMailQueue> manageableMailQueueFactory(
      ActiveMQMailQueueFactory factory) {
    return factory;
  }

  @Provides
  @Singleton
  MailQueueFactory<?> mailQueueFactory(ActiveMQMailQueueFactory factory) {
    return factory;
  }

  @Provides
  @Singleton
  MailQueueFactory<? extends MailQueue> mailQueueFactoryGenerics(ActiveMQMailQueueFactory factory) {
    return factory;
  }
}
