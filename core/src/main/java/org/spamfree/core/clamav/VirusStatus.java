package org.spamfree.core.clamav;

/** Outcome of the virus scan as written in the {@code X-Virus-Status} header. */
public enum VirusStatus {
  CLEAN("Clean"),
  INFECTED("Infected"),
  UNSCANNED("Unscanned");

  private final String headerValue;

  VirusStatus(String headerValue) {
    this.headerValue = headerValue;
  }

  /** Returns the header value, such as {@code Infected (Win.Test.EICAR_HDB-1)}. */
  public String headerValue(String signature) {
    return this == INFECTED && signature != null && !signature.isEmpty()
        ? headerValue + " (" + signature + ")"
        : headerValue;
  }
}
