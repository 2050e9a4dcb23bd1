package org.spamfree.core.attachment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.spamfree.core.verdict.Symbol;

/**
 * Turns an {@link InspectionReport} into symbols, each at most once per message with the reason of
 * its first part, so that ten executables score like one.
 */
public final class AttachmentVerdict {

  private AttachmentVerdict() {}

  /**
   * Returns the symbols of a report.
   *
   * @param bannedExtensions lower-case extensions without the dot that give {@code
   *     ATTACHMENT_BANNED}
   * @param bannedTypes media types that give {@code ATTACHMENT_BANNED}, compared with both the
   *     detected and the declared type
   */
  public static List<Symbol> symbols(
      InspectionReport report, Set<String> bannedExtensions, Set<String> bannedTypes) {
    Map<String, Symbol> symbols = new LinkedHashMap<>();
    for (PartReport part : report.parts()) {
      part.executable()
          .ifPresent(
              kind ->
                  add(
                      symbols,
                      AttachmentSymbols.ATTACHMENT_EXECUTABLE,
                      part.label() + " is a " + kind));
      part.disguise()
          .ifPresent(
              reason ->
                  add(
                      symbols,
                      AttachmentSymbols.ATTACHMENT_DISGUISED,
                      part.label() + ": " + reason));
      part.archiveExecutable()
          .ifPresent(
              entry ->
                  add(
                      symbols,
                      AttachmentSymbols.ATTACHMENT_ARCHIVE_EXECUTABLE,
                      part.label() + " contains " + entry));
      banned(part, bannedExtensions, bannedTypes)
          .ifPresent(reason -> add(symbols, AttachmentSymbols.ATTACHMENT_BANNED, reason));
    }
    report
        .limit()
        .ifPresent(
            limit ->
                add(symbols, AttachmentSymbols.ATTACHMENT_LIMIT, "inspection stopped: " + limit));
    report
        .malformed()
        .ifPresent(
            problem ->
                add(symbols, AttachmentSymbols.ATTACHMENT_MALFORMED, "invalid MIME: " + problem));
    return new ArrayList<>(symbols.values());
  }

  private static Optional<String> banned(
      PartReport part, Set<String> bannedExtensions, Set<String> bannedTypes) {
    Optional<String> extension = part.extension().filter(bannedExtensions::contains);
    if (extension.isPresent()) {
      return Optional.of(part.label() + " has the banned extension ." + extension.get());
    }
    for (String type : List.of(baseType(part.detectedType()), baseType(part.declaredType()))) {
      if (bannedTypes.contains(type)) {
        return Optional.of(part.label() + " has the banned type " + type);
      }
    }
    return Optional.empty();
  }

  private static String baseType(String mediaType) {
    int semicolon = mediaType.indexOf(';');
    String base = semicolon < 0 ? mediaType : mediaType.substring(0, semicolon);
    return base.strip().toLowerCase(Locale.ROOT);
  }

  private static void add(Map<String, Symbol> symbols, String name, String reason) {
    symbols.putIfAbsent(name, new Symbol(name, reason));
  }
}
