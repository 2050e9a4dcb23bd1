package org.spamfree.core.store;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a read on the SMTP path: a value, or the reason why the store could not give one
 * in time. A check turns the failure into its failure symbol, scored 0.
 */
public final class StoreResult<T> {

  private final T value;
  private final String failure;

  private StoreResult(T value, String failure) {
    this.value = value;
    this.failure = failure;
  }

  public static <T> StoreResult<T> available(T value) {
    return new StoreResult<>(Objects.requireNonNull(value, "value must not be null"), null);
  }

  public static <T> StoreResult<T> unavailable(String failure) {
    return new StoreResult<>(null, Objects.requireNonNull(failure, "failure must not be null"));
  }

  /** Returns the value, empty when the store failed. */
  public Optional<T> value() {
    return Optional.ofNullable(value);
  }

  /** Returns why the store failed, empty when it gave a value. */
  public Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public String toString() {
    return value != null ? "available(" + value + ")" : "unavailable(" + failure + ")";
  }
}
