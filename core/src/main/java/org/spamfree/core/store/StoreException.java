package org.spamfree.core.store;

/** A store operation failed, such as a lost database connection or a timed-out query. */
public class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
