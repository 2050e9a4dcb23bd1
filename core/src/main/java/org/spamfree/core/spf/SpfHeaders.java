package org.spamfree.core.spf;

import com.google.common.net.InetAddresses;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the {@code Received-SPF} (RFC 7208 §9.1) and {@code Authentication-Results} (RFC 8601)
 * header fields of an {@link SpfOutcome}, and recognises copies of them that claim this server's
 * name, which a sender may have forged. The values are unfolded; the mailet folds them.
 *
 * <pre>
 * Received-SPF: pass (mx.example.test: domain of a@example.com designates 192.0.2.1 as
 *     permitted sender) client-ip=192.0.2.1; envelope-from="a@example.com";
 *     helo=mail.example.com; receiver=mx.example.test; identity=mailfrom;
 *     mechanism="ip4:192.0.2.0/24";
 * Authentication-Results: mx.example.test; spf=pass smtp.mailfrom=a@example.com
 *     smtp.helo=mail.example.com
 * </pre>
 */
public final class SpfHeaders {

  public static final String RECEIVED_SPF = "Received-SPF";
  public static final String AUTHENTICATION_RESULTS = "Authentication-Results";

  /**
   * Name of the mail attribute with the rendered header fields, a {@code Map<String, String>} from
   * header name to unfolded value.
   */
  public static final String ATTRIBUTE = "org.spamfree.spf.headers";

  private static final Pattern DOT_ATOM =
      Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
  private static final Pattern RECEIVER =
      Pattern.compile("(?:^|[;\\s])receiver\\s*=\\s*\"?([^\";\\s]+)", Pattern.CASE_INSENSITIVE);
  private static final int MAX_COMMENT_TEXT = 200;

  private SpfHeaders() {}

  /** Returns both header fields by name, in the order they are added to a message. */
  public static Map<String, String> render(SpfOutcome outcome, String authServId) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(RECEIVED_SPF, receivedSpf(outcome.mailFrom(), authServId));
    headers.put(AUTHENTICATION_RESULTS, authenticationResults(outcome.mailFrom(), authServId));
    return headers;
  }

  /** Returns the value of {@code Received-SPF} for one check, with the key=value fields of §9.1. */
  public static String receivedSpf(SpfEvaluation evaluation, String receiver) {
    StringBuilder value = new StringBuilder(evaluation.result().word());
    value.append(" (").append(comment(receiver + ": " + reason(evaluation))).append(')');
    value.append(" client-ip=").append(InetAddresses.toAddrString(evaluation.client())).append(';');
    value.append(" envelope-from=").append(quoted(evaluation.sender())).append(';');
    if (!evaluation.helo().isEmpty()) {
      value.append(" helo=").append(keyValue(evaluation.helo())).append(';');
    }
    if (evaluation.problem().isPresent() && isError(evaluation.result())) {
      value.append(" problem=").append(quoted(evaluation.problem().get())).append(';');
    }
    value.append(" receiver=").append(keyValue(receiver)).append(';');
    value.append(" identity=").append(evaluation.identity().word()).append(';');
    evaluation
        .matchedTerm()
        .ifPresent(term -> value.append(" mechanism=").append(quoted(term)).append(';'));
    return value.toString();
  }

  /**
   * Returns the value of {@code Authentication-Results} (RFC 8601 §2.2) with the {@code spf} method
   * of the MAIL FROM check, its {@code smtp.mailfrom} and, when the client sent one, {@code
   * smtp.helo} (§2.7.2).
   */
  public static String authenticationResults(SpfEvaluation mailFrom, String authServId) {
    StringBuilder value = new StringBuilder(authServId);
    value.append("; spf=").append(mailFrom.result().word());
    if (isError(mailFrom.result()) && mailFrom.problem().isPresent()) {
      value.append(" (").append(comment(mailFrom.problem().get())).append(')');
    }
    value.append(" smtp.mailfrom=").append(propertyValue(mailFrom.sender()));
    if (!mailFrom.helo().isEmpty()) {
      value.append(" smtp.helo=").append(propertyValue(mailFrom.helo()));
    }
    return value.toString();
  }

  /**
   * Returns whether an {@code Authentication-Results} value names the given authserv-id, which RFC
   * 8601 §5 requires a receiver to remove from incoming mail.
   */
  public static boolean claimsAuthServId(String value, String authServId) {
    String trimmed = value.strip();
    int end = 0;
    while (end < trimmed.length()
        && trimmed.charAt(end) != ';'
        && !Character.isWhitespace(trimmed.charAt(end))) {
      end++;
    }
    return trimmed.substring(0, end).equalsIgnoreCase(authServId);
  }

  /** Returns whether a {@code Received-SPF} value has {@code receiver=} with the given name. */
  public static boolean claimsReceiver(String value, String receiver) {
    Matcher matcher = RECEIVER.matcher(value);
    while (matcher.find()) {
      if (matcher.group(1).equalsIgnoreCase(receiver)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isError(SpfResult result) {
    return result == SpfResult.TEMPERROR || result == SpfResult.PERMERROR;
  }

  /** Returns the comment text of a result, following the examples of RFC 7208 §9.1. */
  private static String reason(SpfEvaluation evaluation) {
    String domainOf = "domain of " + evaluation.sender();
    String client = InetAddresses.toAddrString(evaluation.client());
    return switch (evaluation.result()) {
      case PASS -> domainOf + " designates " + client + " as permitted sender";
      case FAIL -> domainOf + " does not designate " + client + " as permitted sender";
      case SOFTFAIL -> "transitioning "
          + domainOf
          + " does not designate "
          + client
          + " as permitted sender";
      case NEUTRAL -> client + " is neither permitted nor denied by " + domainOf;
      case NONE -> domainOf + " does not designate permitted sender hosts";
      case TEMPERROR -> "error in processing during lookup of " + domainOf;
      case PERMERROR -> "permanent error in processing " + domainOf;
    };
  }

  /**
   * Keeps comment text within a header comment: printable ASCII only, and no parenthesis or
   * backslash that could end the comment early (RFC 5322 §3.2.2).
   */
  private static String comment(String text) {
    StringBuilder kept = new StringBuilder();
    for (int index = 0; index < text.length() && kept.length() < MAX_COMMENT_TEXT; index++) {
      char character = text.charAt(index);
      boolean safe =
          character >= 0x20
              && character < 0x7f
              && character != '('
              && character != ')'
              && character != '\\';
      kept.append(safe ? character : '?');
    }
    return kept.toString();
  }

  /** Returns a dot-atom as it is, anything else as a quoted string (RFC 5322 §3.2.4). */
  private static String keyValue(String value) {
    return DOT_ATOM.matcher(value).matches() ? value : quoted(value);
  }

  /** Returns the value as a quoted string of printable ASCII, quotes and backslashes escaped. */
  private static String quoted(String value) {
    StringBuilder quoted = new StringBuilder("\"");
    for (int index = 0; index < value.length() && quoted.length() < MAX_COMMENT_TEXT; index++) {
      char character = value.charAt(index);
      if (character == '"' || character == '\\') {
        quoted.append('\\').append(character);
      } else {
        quoted.append(character >= 0x20 && character < 0x7f ? character : '?');
      }
    }
    return quoted.append('"').toString();
  }

  /**
   * Returns a property value of RFC 8601 §2.2: an address or domain of dot-atoms as it is, anything
   * else as a quoted string.
   */
  private static String propertyValue(String value) {
    int at = value.lastIndexOf('@');
    String local = at < 0 ? "" : value.substring(0, at);
    String domain = at < 0 ? value : value.substring(at + 1);
    boolean plain =
        (local.isEmpty() || DOT_ATOM.matcher(local).matches())
            && DOT_ATOM.matcher(domain).matches();
    return plain ? value : quoted(value);
  }
}
