package org.spamfree.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.james.queue.api.MailQueue;
import org.slf4j.Marker;

/**
 * Logs at INFO, not ERROR, what James's mail queues report when the server stops while a thread
 * waits for mail. The stop interrupts that thread or closes its JMS session, so its dequeue fails
 * or its rollback does. The broker keeps every unacknowledged message, which is processed after the
 * next start. Without this filter every clean stop wrote one ERROR line, a false alarm for anyone
 * alerting on ERROR. The same failures while the server runs stay errors.
 */
public final class ShutdownRollbackFilter extends TurboFilter {

  static final String QUEUE_LOGGER = "org.apache.james.queue.jms.JMSCacheableMailQueue";
  static final String ROLLBACK_FAILED = "Error while rolling session back";
  static final String REACTOR_LOGGER = "reactor.core.publisher.Operators";
  static final String ERROR_DROPPED = "Operator called default onErrorDropped";

  private static volatile boolean stopping;

  /** Marks the server as stopping. The shutdown hook calls it before James stops. */
  static void serverStopping() {
    stopping = true;
  }

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (!stopping || level != Level.ERROR) {
      return FilterReply.NEUTRAL;
    }
    boolean rollback = QUEUE_LOGGER.equals(logger.getName()) && ROLLBACK_FAILED.equals(format);
    boolean dequeue =
        REACTOR_LOGGER.equals(logger.getName())
            && ERROR_DROPPED.equals(format)
            && isInterruptedDequeue(t);
    if (!rollback && !dequeue) {
      return FilterReply.NEUTRAL;
    }
    logger.info(
        "Mail queue wait ended by the server's stop ({}); unacknowledged mail stays in the queue",
        rollback ? "session closed" : "dequeue interrupted");
    return FilterReply.DENY;
  }

  /** Returns whether a mail queue's dequeue failed because its thread was interrupted. */
  private static boolean isInterruptedDequeue(Throwable t) {
    boolean queue = false;
    boolean interrupted = false;
    for (Throwable cause = t; cause != null; cause = cause.getCause()) {
      queue |= cause instanceof MailQueue.MailQueueException;
      interrupted |= cause instanceof InterruptedException;
      if (cause.getCause() == cause) {
        break;
      }
    }
    return queue && interrupted;
  }
}
