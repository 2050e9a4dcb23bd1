package org.spamfree.core.attachment;

import java.util.List;
import java.util.Optional;

/**
 * Result of inspecting one message's parts.
 *
 * @param parts the parts inspected, in message order
 * @param limit which limit stopped the inspection early, if one did
 * @param malformed why the MIME structure could not be parsed to the end, if it could not
 */
public record InspectionReport(
    List<PartReport> parts, Optional<String> limit, Optional<String> malformed) {

  public InspectionReport {
    parts = List.copyOf(parts);
  }
}
