package org.spamfree.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.MimeMessage;
import javax.mail.util.SharedByteArrayInputStream;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.apache.mailet.PerRecipientHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a mail into the bytes of a queue record and back: the envelope, the state, the attributes,
 * the per-recipient headers and the message as it would be sent.
 *
 * <p>Layout (version 1, big-endian): a version byte; the name, state, error message, remote address
 * and remote host as strings; the last-updated time in epoch milliseconds; the sender as a presence
 * byte and a string; the recipients; the attributes as name and {@link AttributeValueCodec} value;
 * the per-recipient headers as recipient and header line; then the message length and bytes, or -1
 * without a message. A string is its UTF-8 length in an int (-1 for null) and its bytes. Attributes
 * whose value has no JSON form are left out with a warning, as James's JMS queue does.
 */
final class MailCodec {

  private static final Logger LOGGER = LoggerFactory.getLogger(MailCodec.class);
  private static final byte VERSION = 1;

  private MailCodec() {}

  /** The envelope of an encoded mail, read without the message. */
  record Envelope(String name, Optional<String> sender, List<String> recipients) {}

  static byte[] encode(Mail mail) throws MessagingException, IOException {
    // Not sized by getMessageSize(): for a message a mailet changed, that writes it out once more.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeByte(VERSION);
    writeString(out, mail.getName());
    writeString(out, mail.getState());
    writeString(out, mail.getErrorMessage());
    writeString(out, mail.getRemoteAddr());
    writeString(out, mail.getRemoteHost());
    Date lastUpdated = mail.getLastUpdated();
    out.writeLong(lastUpdated == null ? System.currentTimeMillis() : lastUpdated.getTime());

    Optional<MailAddress> sender = mail.getMaybeSender().asOptional();
    out.writeBoolean(sender.isPresent());
    if (sender.isPresent()) {
      writeString(out, sender.get().asString());
    }

    Collection<MailAddress> recipients = mail.getRecipients();
    out.writeInt(recipients.size());
    for (MailAddress recipient : recipients) {
      writeString(out, recipient.asString());
    }

    List<Attribute> attributes = new ArrayList<>();
    mail.attributes().forEach(attributes::add);
    ByteArrayOutputStream attributeBytes = new ByteArrayOutputStream();
    DataOutputStream attributeOut = new DataOutputStream(attributeBytes);
    int written = 0;
    for (Attribute attribute : attributes) {
      String name = attribute.getName().asString();
      if (AttributeValueCodec.write(attributeOut, name, attribute.getValue())) {
        written++;
      } else {
        LOGGER.warn(
            "Mail {} leaves attribute {} out of the queue: its value of type {} has no JSON form",
            mail.getName(),
            name,
            attribute.getValue().value().getClass().getName());
      }
    }
    attributeOut.flush();
    out.writeInt(written);
    attributeBytes.writeTo(out);

    Collection<Map.Entry<MailAddress, PerRecipientHeaders.Header>> headers =
        mail.getPerRecipientSpecificHeaders().getHeadersByRecipient().entries();
    out.writeInt(headers.size());
    for (Map.Entry<MailAddress, PerRecipientHeaders.Header> header : headers) {
      writeString(out, header.getKey().asString());
      writeString(out, header.getValue().asString());
    }

    MimeMessage message = mail.getMessage();
    if (message == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(0);
      int lengthPosition = bytes.size() - Integer.BYTES;
      message.writeTo(out);
      out.flush();
      byte[] encoded = bytes.toByteArray();
      int length = encoded.length - lengthPosition - Integer.BYTES;
      encoded[lengthPosition] = (byte) (length >>> 24);
      encoded[lengthPosition + 1] = (byte) (length >>> 16);
      encoded[lengthPosition + 2] = (byte) (length >>> 8);
      encoded[lengthPosition + 3] = (byte) length;
      return encoded;
    }
    out.flush();
    return bytes.toByteArray();
  }

  /**
   * Rebuilds the mail. The message reads the given array in place, so the caller must not change it
   * afterwards.
   *
   * @throws IOException when the bytes are not a mail of a known version
   */
  static Mail decode(byte[] encoded) throws IOException {
    Counting counting = new Counting(encoded);
    DataInputStream in = new DataInputStream(counting);
    checkVersion(in);
    String name = readString(in);
    if (name == null) {
      throw new IOException("queue record has no mail name");
    }

    MailImpl.Builder builder = MailImpl.builder().name(name);
    builder.state(readString(in));
    builder.errorMessage(readString(in));
    builder.remoteAddr(readString(in));
    builder.remoteHost(readString(in));
    builder.lastUpdated(new Date(in.readLong()));
    try {
      if (in.readBoolean()) {
        builder.sender(new MailAddress(readString(in)));
      } else {
        builder.sender(MaybeSender.nullSender());
      }
      int recipients = readCount(in, "recipients");
      for (int i = 0; i < recipients; i++) {
        builder.addRecipient(new MailAddress(readString(in)));
      }
      int attributes = readCount(in, "attributes");
      for (int i = 0; i < attributes; i++) {
        String attributeName = readString(in);
        builder.addAttribute(
            new Attribute(AttributeName.of(attributeName), AttributeValueCodec.read(in)));
      }
      int headers = readCount(in, "per-recipient headers");
      PerRecipientHeaders perRecipient = new PerRecipientHeaders();
      for (int i = 0; i < headers; i++) {
        MailAddress recipient = new MailAddress(readString(in));
        perRecipient.addHeaderForRecipient(
            PerRecipientHeaders.Header.fromString(readString(in)), recipient);
      }
      builder.addAllHeadersForRecipients(perRecipient);
    } catch (AddressException e) {
      throw new IOException("queue record of mail " + name + " contains an invalid address", e);
    }

    int length = in.readInt();
    MimeMessageWrapper message = null;
    if (length >= 0) {
      int offset = counting.position();
      if (offset + length != encoded.length) {
        throw new IOException(
            "queue record of mail "
                + name
                + " announces a "
                + length
                + "-byte message but holds "
                + (encoded.length - offset));
      }
      message = new MimeMessageWrapper(new ArraySource(name, encoded, offset, length));
    }

    MailImpl mail;
    try {
      mail = builder.build();
    } catch (IllegalStateException e) {
      throw new IOException("queue record of mail " + name + " is incomplete", e);
    }

    if (message != null) {
      // The builder's mimeMessage() would copy the message once more.
      try {
        mail.setMessageNoCopy(message);
      } catch (MessagingException e) {
        throw new IOException("queue record of mail " + name + ": " + e.getMessage(), e);
      }
    }
    return mail;
  }

  /**
   * Reads the mail name from the start of a record.
   *
   * @throws java.io.EOFException when {@code start} ends before the name does
   */
  static String name(byte[] start) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(start));
    checkVersion(in);
    String name = readString(in);
    if (name == null) {
      throw new IOException("queue record has no mail name");
    }
    return name;
  }

  /** Reads the name, sender and recipients without building the mail. */
  static Envelope envelope(byte[] encoded) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded));
    checkVersion(in);
    String name = readString(in);
    for (int i = 0; i < 4; i++) {
      readString(in);
    }
    in.readLong();
    Optional<String> sender = in.readBoolean() ? Optional.of(readString(in)) : Optional.empty();
    int count = readCount(in, "recipients");
    List<String> recipients = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      recipients.add(readString(in));
    }
    return new Envelope(name, sender, recipients);
  }

  private static void checkVersion(DataInputStream in) throws IOException {
    byte version = in.readByte();
    if (version != VERSION) {
      throw new IOException(
          "queue record of unknown version " + version + "; this server reads version " + VERSION);
    }
  }

  private static int readCount(DataInputStream in, String what) throws IOException {
    int count = in.readInt();
    if (count < 0) {
      throw new IOException("queue record contains a negative count of " + what + ": " + count);
    }
    return count;
  }

  /** Writes a string as its UTF-8 length (-1 for null) and bytes. */
  static void writeString(DataOutputStream out, String value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  /** Reads a string that {@link #writeString} wrote, null included. */
  static String readString(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    byte[] bytes = in.readNBytes(length);
    if (bytes.length < length) {
      throw new EOFException(
          "queue record ends inside a string of " + length + " bytes, after " + bytes.length);
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** A byte array input stream that reports how far it has read. */
  private static final class Counting extends ByteArrayInputStream {
    Counting(byte[] bytes) {
      super(bytes);
    }

    int position() {
      return pos;
    }
  }

  /** The message part of a record, read in place. */
  private static final class ArraySource implements MimeMessageSource {
    private final String id;
    private final byte[] bytes;
    private final int offset;
    private final int length;

    ArraySource(String mailName, byte[] bytes, int offset, int length) {
      this.id = "queue:" + mailName;
      this.bytes = bytes;
      this.offset = offset;
      this.length = length;
    }

    @Override
    public String getSourceId() {
      return id;
    }

    @Override
    public InputStream getInputStream() {
      return new SharedByteArrayInputStream(bytes, offset, length);
    }

    @Override
    public long getMessageSize() {
      return length;
    }
  }
}
