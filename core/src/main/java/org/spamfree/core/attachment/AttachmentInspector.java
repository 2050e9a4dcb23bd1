package org.spamfree.core.attachment;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.message.MaximalBodyDescriptor;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MimeTypes;

/**
 * Finds the true type of each MIME part of a message with Apache Tika's magic-byte detection and
 * compares it with the part's file name and declared Content-Type. Zip archives are listed entry by
 * entry, and attached messages (message/rfc822) are followed.
 *
 * <p>The message is streamed with mime4j: only the first {@value #HEAD_BYTES} bytes of a part are
 * kept in memory for detection, and zip archives are read as a stream. The limits of {@link
 * AttachmentSettings} (parts, nesting depth, bytes read, zip entries) bound the memory and time a
 * hostile message can take; reaching one stops the inspection and is reported, not hidden.
 * Thread-safe.
 */
public final class AttachmentInspector {

  /**
   * Bytes of each part given to Tika; its magic table looks at most this far (ISO 9660: 32 KiB).
   */
  static final int HEAD_BYTES = 64 * 1024;

  /** Bytes of each zip entry checked for executable magic. */
  private static final int ENTRY_HEAD_BYTES = 4096;

  /** Archives inside archives that are opened. */
  private static final int MAX_ARCHIVE_DEPTH = 2;

  private static final Pattern DOUBLE_EXTENSION =
      Pattern.compile(".*\\.([a-z0-9]{1,5})[\\s._-]*\\.([a-z0-9]{1,5})$");
  private static final String OCTET_STREAM = "application/octet-stream";

  private final AttachmentSettings settings;
  private final MimeTypes types = MimeTypes.getDefaultMimeTypes();

  public AttachmentInspector(AttachmentSettings settings) {
    this.settings = settings;
  }

  public AttachmentSettings settings() {
    return settings;
  }

  /**
   * Inspects a whole message (headers and body).
   *
   * @throws IOException when reading {@code message} fails; MIME errors are reported instead
   */
  public InspectionReport inspect(InputStream message) throws IOException {
    MimeConfig config =
        MimeConfig.custom()
            .setMaxLineLen(-1)
            .setMaxHeaderLen(-1)
            .setMaxHeaderCount(10_000)
            .setMaxContentLen(-1)
            .setStrictParsing(false)
            .build();
    RecordingMonitor monitor = new RecordingMonitor();
    MimeStreamParser parser =
        new MimeStreamParser(
            config,
            monitor,
            new DefaultBodyDescriptorBuilder(null, LenientFieldParser.getParser(), monitor));
    Handler handler = new Handler();
    parser.setContentHandler(handler);
    parser.setContentDecoding(true);
    parser.setRecurse();

    Optional<String> limit = Optional.empty();
    Optional<String> malformed = Optional.empty();
    try {
      parser.parse(message);
    } catch (LimitReachedException e) {
      limit = Optional.of(e.getMessage());
    } catch (MimeException e) {
      malformed = Optional.of(e.getMessage());
    }
    if (malformed.isEmpty()) {
      malformed = monitor.firstWarning();
    }
    return new InspectionReport(handler.parts, limit, malformed);
  }

  /** Returns the lower-case extension of a file name without the dot, if it has one. */
  static Optional<String> extensionOf(String fileName) {
    String trimmed = fileName.strip().toLowerCase(Locale.ROOT);
    int dot = trimmed.lastIndexOf('.');
    if (dot < 0 || dot == trimmed.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(trimmed.substring(dot + 1));
  }

  /** Stops the parse when a limit is reached. */
  private static final class LimitReachedException extends MimeException {
    private static final long serialVersionUID = 1L;

    LimitReachedException(String message) {
      super(message);
    }
  }

  /** Keeps the first decoding problem instead of failing on it. */
  private static final class RecordingMonitor extends DecodeMonitor {
    private String first;

    @Override
    public boolean warn(String message, String dummy) {
      if (first == null) {
        first = message;
      }
      return false;
    }

    @Override
    public boolean isListening() {
      return true;
    }

    Optional<String> firstWarning() {
      return Optional.ofNullable(first);
    }
  }

  /** Collects one message's parts; one instance per message, so it needs no locking. */
  private final class Handler extends AbstractContentHandler {
    private final List<PartReport> parts = new ArrayList<>();
    private int depth;
    private long bytesLeft = settings.maxBytes();

    @Override
    public void startMessage() throws MimeException {
      enter();
    }

    @Override
    public void endMessage() {
      depth--;
    }

    @Override
    public void startMultipart(BodyDescriptor descriptor) throws MimeException {
      enter();
    }

    @Override
    public void endMultipart() {
      depth--;
    }

    @Override
    public void body(BodyDescriptor descriptor, InputStream content)
        throws MimeException, IOException {
      if (parts.size() >= settings.maxParts()) {
        throw new LimitReachedException("more than " + settings.maxParts() + " parts");
      }
      parts.add(inspectPart(parts.size() + 1, descriptor, content));
    }

    private void enter() throws LimitReachedException {
      depth++;
      if (depth > settings.maxDepth()) {
        throw new LimitReachedException("MIME nesting deeper than " + settings.maxDepth());
      }
    }

    private PartReport inspectPart(int number, BodyDescriptor descriptor, InputStream content)
        throws IOException, LimitReachedException {
      Optional<String> fileName = fileName(descriptor);
      String declared = descriptor.getMimeType().toLowerCase(Locale.ROOT);

      // readNBytes(int) grows its buffer as it reads, so a short part does not cost a 64 KiB array.
      byte[] head = content.readNBytes((int) Math.min(HEAD_BYTES, bytesLeft));
      int length = head.length;
      bytesLeft -= length;
      String detected =
          isInlineText(descriptor, fileName, declared, head, length)
              ? declared
              : detect(head, length);

      Optional<String> extension = fileName.flatMap(AttachmentInspector::extensionOf);
      Optional<String> byContent =
          ExecutableTypes.ofType(detected).or(() -> ExecutableTypes.ofMagic(head, length));
      Optional<String> byName = extension.flatMap(ExecutableTypes::ofExtension);
      Optional<String> disguise = disguise(fileName, extension, declared, byContent, byName);

      Optional<String> archiveExecutable = Optional.empty();
      if (isZip(detected)) {
        InputStream whole =
            new SequenceInputStream(new ByteArrayInputStream(head, 0, length), content);
        archiveExecutable = firstExecutableEntry(new ZipInputStream(whole), 1);
      }
      if (bytesLeft <= 0 && content.read() >= 0) {
        throw new LimitReachedException("more than " + settings.maxBytes() + " bytes of content");
      }
      return new PartReport(
          Integer.toString(number),
          fileName,
          declared,
          detected,
          byContent.or(() -> byName),
          disguise,
          archiveExecutable);
    }

    /**
     * Returns the first entry that is an executable by name or by content, reading entries as a
     * stream. Nested zip archives are opened up to {@value #MAX_ARCHIVE_DEPTH} levels.
     */
    private Optional<String> firstExecutableEntry(ZipInputStream zip, int archiveDepth)
        throws IOException, LimitReachedException {
      int entries = 0;
      try {
        ZipEntry entry;
        while ((entry = zip.getNextEntry()) != null) {
          entries++;
          if (entries > settings.maxArchiveEntries()) {
            throw new LimitReachedException(
                "more than " + settings.maxArchiveEntries() + " entries in a zip archive");
          }
          if (entry.isDirectory()) {
            continue;
          }
          String name = entry.getName();
          Optional<String> extension = extensionOf(name);
          Optional<String> byName = extension.flatMap(ExecutableTypes::ofExtension);
          if (byName.isPresent()) {
            return Optional.of("'" + name + "' (" + byName.get() + ")");
          }
          byte[] head = new byte[(int) Math.min(ENTRY_HEAD_BYTES, Math.max(0, bytesLeft))];
          int length = zip.readNBytes(head, 0, head.length);
          bytesLeft -= length;
          String detected = detect(head, length);
          Optional<String> byContent =
              ExecutableTypes.ofType(detected).or(() -> ExecutableTypes.ofMagic(head, length));
          if (byContent.isPresent()) {
            return Optional.of("'" + name + "' (" + byContent.get() + ")");
          }
          if (isZip(detected) && archiveDepth < MAX_ARCHIVE_DEPTH) {
            InputStream nested =
                new SequenceInputStream(new ByteArrayInputStream(head, 0, length), zip);
            Optional<String> inner =
                firstExecutableEntry(new ZipInputStream(nested), archiveDepth + 1);
            if (inner.isPresent()) {
              return Optional.of("'" + name + "' containing " + inner.get());
            }
          }
          if (bytesLeft <= 0) {
            throw new LimitReachedException(
                "more than " + settings.maxBytes() + " bytes of content");
          }
        }
      } catch (ZipException | EOFException e) {
        // Encrypted, damaged or cut entries: the names listed so far were checked, the rest
        // cannot be.
        return Optional.empty();
      }
      return Optional.empty();
    }
  }

  /**
   * Returns whether a part is message text that a mail client displays and never runs. Such a part
   * is declared text/*, is not an attachment, has no file name, and its first bytes are text that
   * does not start a "#!" script. Text allows no control bytes other than tab, line ends, form feed
   * and escape. Tika's magic table costs about a millisecond per such part and could only name
   * another text format, so the declared type is kept. Executables, shortcuts and disk images
   * contain control bytes in their first bytes, so they still go to Tika.
   */
  private static boolean isInlineText(
      BodyDescriptor descriptor,
      Optional<String> fileName,
      String declared,
      byte[] head,
      int length) {
    if (fileName.isPresent() || !declared.startsWith("text/")) {
      return false;
    }
    if (descriptor instanceof MaximalBodyDescriptor maximal
        && "attachment".equalsIgnoreCase(maximal.getContentDispositionType())) {
      return false;
    }
    if (length >= 2 && head[0] == '#' && head[1] == '!') {
      return false;
    }
    for (int i = 0; i < length; i++) {
      int b = head[i] & 0xff;
      if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x1b)
          || b == 0x7f) {
        return false;
      }
    }
    return true;
  }

  private String detect(byte[] head, int length) {
    try {
      return types.detect(new ByteArrayInputStream(head, 0, length), new Metadata()).toString();
    } catch (IOException e) {
      // A byte array cannot fail to read.
      return OCTET_STREAM;
    }
  }

  private static boolean isZip(String detectedType) {
    return detectedType.startsWith("application/zip")
        || detectedType.startsWith("application/java-archive");
  }

  private static Optional<String> fileName(BodyDescriptor descriptor) {
    String name = null;
    if (descriptor instanceof MaximalBodyDescriptor maximal) {
      name = maximal.getContentDispositionFilename();
      if (name == null) {
        name = maximal.getContentTypeParameters().get("name");
      }
    }
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    if (name.contains("=?")) {
      name = DecoderUtil.decodeEncodedWords(name, DecodeMonitor.SILENT);
    }
    return Optional.of(name.strip());
  }

  /**
   * Explains how a part hides an executable: its content is one but its extension or declared type
   * claims another format, or its name puts a document extension before an executable one.
   */
  private static Optional<String> disguise(
      Optional<String> fileName,
      Optional<String> extension,
      String declared,
      Optional<String> byContent,
      Optional<String> byName) {
    if (byContent.isPresent() && extension.isPresent() && byName.isEmpty()) {
      return Optional.of(
          "content is a " + byContent.get() + " but the name ends in ." + extension.get());
    }
    if (byContent.isPresent()
        && ExecutableTypes.ofType(declared).isEmpty()
        && !declared.equals(OCTET_STREAM)
        && !(declared.equals("text/plain") && byContent.get().equals("script"))) {
      return Optional.of("content is a " + byContent.get() + " but declared as " + declared);
    }
    if (fileName.isPresent() && byName.isPresent()) {
      Matcher doubled = DOUBLE_EXTENSION.matcher(fileName.get().toLowerCase(Locale.ROOT));
      if (doubled.matches() && ExecutableTypes.DOCUMENT_EXTENSIONS.contains(doubled.group(1))) {
        return Optional.of("the name hides ." + doubled.group(2) + " behind ." + doubled.group(1));
      }
    }
    return Optional.empty();
  }
}
