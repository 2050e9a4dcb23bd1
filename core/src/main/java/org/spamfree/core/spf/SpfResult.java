package org.spamfree.core.spf;

import java.util.Locale;

/** The results of an SPF check, RFC 7208 §2.6, in the words RFC 7208 and RFC 8601 use. */
public enum SpfResult {
  /** The client is authorized to use the domain in the identity. */
  PASS,
  /** The client is not authorized to use the domain in the identity. */
  FAIL,
  /** The client is probably not authorized; a weak statement between neutral and fail. */
  SOFTFAIL,
  /** The domain owner states nothing about the client. */
  NEUTRAL,
  /** No SPF record was found, or the identity has no domain that can be checked. */
  NONE,
  /** A transient DNS error stopped the check; a later retry may succeed. */
  TEMPERROR,
  /** The domain's records are invalid and need an administrator's fix. */
  PERMERROR;

  /** Returns the lower-case result word used in headers and on the command line. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
