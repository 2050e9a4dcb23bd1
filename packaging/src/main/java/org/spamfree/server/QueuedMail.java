package org.spamfree.server;

/**
 * A mail in a {@link JournalMailQueue}: its journal record id, when it becomes ready, where its
 * record lies and, within the memory budget, the record itself.
 */
final class QueuedMail {

  final long id;

  /** Epoch milliseconds; changed under the queue's lock, or while the mail is in no queue set. */
  long readyAt;

  /** Changes when the journal moves the record out of an old segment. */
  volatile QueueJournal.Location location;

  /** The encoded mail, or null when it is read back from the journal. */
  volatile byte[] record;

  /** Read from the record when first needed for a mail found at start. */
  volatile MailCodec.Envelope envelope;

  QueuedMail(
      long id,
      long readyAt,
      QueueJournal.Location location,
      byte[] record,
      MailCodec.Envelope envelope) {
    this.id = id;
    this.readyAt = readyAt;
    this.location = location;
    this.record = record;
    this.envelope = envelope;
  }
}
