package org.spamfree.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import javax.jms.IllegalStateException;
import javax.jms.JMSException;
import org.apache.james.queue.api.MailQueue;
import org.junit.jupiter.api.Test;

class ShutdownRollbackFilterTest {

  /**
   * One test for both phases, in order, because the stopping flag is process-wide and never goes
   * back, as in the server.
   */
  @Test
  void queueFailureLevelFollowsStop() {
    LoggerContext context = new LoggerContext();
    context.addTurboFilter(new ShutdownRollbackFilter());
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.setContext(context);
    events.start();
    Logger queue = logger(context, ShutdownRollbackFilter.QUEUE_LOGGER, events);
    Logger reactor = logger(context, ShutdownRollbackFilter.REACTOR_LOGGER, events);
    Logger other = logger(context, "org.apache.james.queue.jms.OtherClass", events);
    IllegalStateException closed = new IllegalStateException("The Session is closed");
    RuntimeException interrupted = interruptedDequeue();
    RuntimeException otherFailure =
        new RuntimeException(new MailQueue.MailQueueException("Unable to dequeue next message"));

    queue.error(ShutdownRollbackFilter.ROLLBACK_FAILED, closed);
    reactor.error(ShutdownRollbackFilter.ERROR_DROPPED, interrupted);
    assertThat(levels(events)).containsExactly(Level.ERROR, Level.ERROR);

    ShutdownRollbackFilter.serverStopping();
    events.list.clear();
    queue.error(ShutdownRollbackFilter.ROLLBACK_FAILED, closed);
    reactor.error(ShutdownRollbackFilter.ERROR_DROPPED, interrupted);
    queue.error("Another failure", closed);
    other.error(ShutdownRollbackFilter.ROLLBACK_FAILED, closed);
    reactor.error(ShutdownRollbackFilter.ERROR_DROPPED, otherFailure);

    assertThat(levels(events))
        .containsExactly(Level.INFO, Level.INFO, Level.ERROR, Level.ERROR, Level.ERROR);
    assertThat(events.list.get(0).getFormattedMessage()).contains("session closed");
    assertThat(events.list.get(1).getFormattedMessage()).contains("dequeue interrupted");
  }

  private static RuntimeException interruptedDequeue() {
    JMSException jms = new JMSException("java.lang.InterruptedException");
    jms.initCause(new InterruptedException());
    return new RuntimeException(
        new MailQueue.MailQueueException("Unable to dequeue next message", jms));
  }

  private static Logger logger(
      LoggerContext context, String name, ListAppender<ILoggingEvent> events) {
    Logger logger = context.getLogger(name);
    logger.addAppender(events);
    return logger;
  }

  private static List<Level> levels(ListAppender<ILoggingEvent> events) {
    return events.list.stream().map(ILoggingEvent::getLevel).toList();
  }
}
