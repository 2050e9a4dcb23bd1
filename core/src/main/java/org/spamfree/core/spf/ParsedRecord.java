package org.spamfree.core.spf;

/**
 * The outcome of parsing an SPF record: the record, or the syntax error that makes it permerror.
 */
public sealed interface ParsedRecord permits ParsedRecord.Valid, ParsedRecord.Invalid {

  /** A record that follows the ABNF of RFC 7208 §12. */
  record Valid(SpfRecord record) implements ParsedRecord {}

  /**
   * A record with a syntax error; RFC 7208 §4.6 makes the whole record permerror.
   *
   * @param reason what is wrong, naming the term
   */
  record Invalid(String reason) implements ParsedRecord {}
}
