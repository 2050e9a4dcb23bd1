package org.spamfree.core.attachment;

/**
 * Symbols of the attachment type checks. They add to the score; only {@code ATTACHMENT_BANNED}
 * reaches the default reject threshold alone.
 */
public final class AttachmentSymbols {

  /** A part is an executable, script, shortcut or disk image, by content or by file name. */
  public static final String ATTACHMENT_EXECUTABLE = "ATTACHMENT_EXECUTABLE";

  /**
   * A part's content contradicts its name or declared type, such as a Windows executable named
   * {@code invoice.pdf}, or its name hides an executable extension behind a document one ({@code
   * invoice.pdf.exe}).
   */
  public static final String ATTACHMENT_DISGUISED = "ATTACHMENT_DISGUISED";

  /** A zip archive contains an executable, by entry name or by entry content. */
  public static final String ATTACHMENT_ARCHIVE_EXECUTABLE = "ATTACHMENT_ARCHIVE_EXECUTABLE";

  /** A part has an extension or type that a recipient's policy bans. */
  public static final String ATTACHMENT_BANNED = "ATTACHMENT_BANNED";

  /** The message has more parts, nesting or bytes than the limits allow; the rest was skipped. */
  public static final String ATTACHMENT_LIMIT = "ATTACHMENT_LIMIT";

  /** The MIME structure could not be parsed to the end. */
  public static final String ATTACHMENT_MALFORMED = "ATTACHMENT_MALFORMED";

  private AttachmentSymbols() {}
}
