package org.spamfree.core.clamav;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed clamd reply to INSTREAM. The parser is strict: only the exact forms {@code stream: OK}
 * and {@code stream: NAME FOUND} are verdicts, and anything else (including {@code INSTREAM size
 * limit exceeded. ERROR}, an empty reply or a cut one) is an error, so that no unexpected text can
 * count as clean.
 */
sealed interface ClamdReply {

  record Clean() implements ClamdReply {}

  record Found(String signature) implements ClamdReply {}

  record Error(String text) implements ClamdReply {}

  /** ClamAV signature names are printable ASCII without spaces, such as Win.Test.EICAR_HDB-1. */
  Pattern FOUND = Pattern.compile("stream: ([\\x21-\\x7e]{1,200}) FOUND");

  static ClamdReply parse(String reply) {
    if (reply.equals("stream: OK")) {
      return new Clean();
    }
    Matcher found = FOUND.matcher(reply);
    if (found.matches()) {
      return new Found(found.group(1));
    }
    return new Error(reply);
  }
}
