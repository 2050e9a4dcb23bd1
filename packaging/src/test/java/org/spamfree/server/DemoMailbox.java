package org.spamfree.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;
import javax.mail.internet.MimeMessage;

/** Reads the demo user's INBOX of a packaged server over IMAP. */
final class DemoMailbox {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int ATTEMPTS = 5;

  private DemoMailbox() {}

  /** Waits up to 30 s for the message with this Subject and returns a copy of it. */
  static MimeMessage await(int imapPort, String subject) throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(deadline)) {
      Optional<MimeMessage> found = find(imapPort, subject);
      if (found.isPresent()) {
        return found.get();
      }
      Thread.sleep(250);
    }
    throw new AssertionError("No message with subject '" + subject + "' in the demo mailbox");
  }

  /**
   * Returns a copy of the message with this Subject, if the INBOX has one. A delivery during the
   * scan can make James's IMAP server reject the fetch of a message number ("Invalid messageset"),
   * so a failed scan is repeated, up to five times.
   */
  static Optional<MimeMessage> find(int imapPort, String subject) throws Exception {
    MessagingException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        return scan(imapPort, subject);
      } catch (MessagingException e) {
        last = e;
        Thread.sleep(200);
      }
    }
    throw last;
  }

  /** Returns the whole message, headers and body, as text. */
  static String raw(MimeMessage message) throws IOException, MessagingException {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    message.writeTo(content);
    return content.toString(StandardCharsets.UTF_8);
  }

  private static Optional<MimeMessage> scan(int imapPort, String subject)
      throws MessagingException {
    Properties properties = new Properties();
    properties.setProperty("mail.imap.connectiontimeout", "10000");
    properties.setProperty("mail.imap.timeout", "10000");
    Store store = Session.getInstance(properties).getStore("imap");
    store.connect("127.0.0.1", imapPort, "demo@spamfree.test", "demo");
    try {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      try {
        for (Message message : inbox.getMessages()) {
          if (subject.equals(message.getSubject())) {
            // Load the whole message before the folder closes.
            return Optional.of(new MimeMessage((MimeMessage) message));
          }
        }
        return Optional.empty();
      } finally {
        inbox.close(false);
      }
    } finally {
      store.close();
    }
  }
}
