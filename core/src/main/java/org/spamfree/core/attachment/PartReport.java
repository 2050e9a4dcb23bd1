package org.spamfree.core.attachment;

import java.util.Optional;

/**
 * Findings of the inspection about one MIME part.
 *
 * @param path the part's number in message order, from 1, counting only leaf parts
 * @param fileName the file name from Content-Disposition or the Content-Type name parameter
 * @param declaredType the media type of the Content-Type header, lower-case without parameters
 * @param detectedType the media type that Tika detects from the content alone
 * @param executable the kind of executable, by content or by name
 * @param disguise why the content contradicts the name or declared type
 * @param archiveExecutable the first executable entry of a zip archive, with its kind
 */
public record PartReport(
    String path,
    Optional<String> fileName,
    String declaredType,
    String detectedType,
    Optional<String> executable,
    Optional<String> disguise,
    Optional<String> archiveExecutable) {

  /** Returns the lower-case extension of the file name without the dot, if it has one. */
  public Optional<String> extension() {
    return fileName.flatMap(AttachmentInspector::extensionOf);
  }

  /** Returns the file name, or the part's number when it has none, for symbol reasons. */
  public String label() {
    return fileName.map(name -> "'" + name + "'").orElse("part " + path);
  }
}
