package org.spamfree.core.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.spamfree.core.attachment.AttachmentSettings;

/**
 * Reads the attachment keys of {@code spamfree.properties}:
 *
 * <pre>
 * attachment.enabled = true
 * attachment.max.parts = 200                 # parts inspected per message
 * attachment.max.depth = 8                   # nesting of multiparts and attached messages
 * attachment.max.bytes = 20971520            # bytes of part content read per message
 * attachment.max.archive.entries = 1000      # zip entries listed per archive
 * attachment.banned.extensions = exe, scr    # ATTACHMENT_BANNED for every policy
 * attachment.banned.types = application/x-msdownload
 * attachment.policy.strict.banned.extensions = js, vbs     # added for one policy
 * attachment.policy.strict.banned.types = application/x-ms-installer
 * </pre>
 */
final class AttachmentParser {

  private static final Pattern EXTENSION = Pattern.compile("[a-z0-9_+-]{1,20}");
  private static final Pattern MEDIA_TYPE =
      Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*");
  private static final String POLICY_PREFIX = "attachment.policy.";

  private final SettingsParser parser;
  private final Set<String> policyNames;

  AttachmentParser(SettingsParser parser, Set<String> policyNames) {
    this.parser = parser;
    this.policyNames = policyNames;
  }

  AttachmentSettings parse() {
    boolean enabled = parser.bool("attachment.enabled", true);
    int maxParts =
        (int)
            parser.wholeNumber(
                "attachment.max.parts", AttachmentSettings.DEFAULT_MAX_PARTS, 1, 100_000, "parts");
    int maxDepth =
        (int)
            parser.wholeNumber(
                "attachment.max.depth", AttachmentSettings.DEFAULT_MAX_DEPTH, 1, 100, "levels");
    long maxBytes =
        parser.wholeNumber(
            "attachment.max.bytes",
            AttachmentSettings.DEFAULT_MAX_BYTES,
            1024,
            1024L * 1024 * 1024,
            "bytes");
    int maxEntries =
        (int)
            parser.wholeNumber(
                "attachment.max.archive.entries",
                AttachmentSettings.DEFAULT_MAX_ARCHIVE_ENTRIES,
                1,
                1_000_000,
                "entries");
    Set<String> extensions = extensions("attachment.banned.extensions");
    Set<String> types = types("attachment.banned.types");

    Map<String, Set<String>> policyExtensions = new TreeMap<>();
    Map<String, Set<String>> policyTypes = new TreeMap<>();
    for (String key : new TreeSet<>(parser.values.keySet())) {
      if (!key.startsWith(POLICY_PREFIX)) {
        continue;
      }
      String rest = key.substring(POLICY_PREFIX.length());
      int dot = rest.indexOf('.');
      String policy = dot < 0 ? rest : rest.substring(0, dot);
      String setting = dot < 0 ? "" : rest.substring(dot + 1);
      if (!policyNames.contains(policy)) {
        throw SpamfreeConfigurationException.invalidValue(
            parser.source,
            key,
            parser.values.get(key),
            "a key for a policy in use " + new TreeSet<>(policyNames) + ", a misspelling?");
      }
      switch (setting) {
        case "banned.extensions" -> policyExtensions.put(policy, extensions(key));
        case "banned.types" -> policyTypes.put(policy, types(key));
        default -> throw SpamfreeConfigurationException.invalidValue(
            parser.source,
            key,
            parser.values.get(key),
            "a key attachment.policy." + policy + ".banned.extensions or .banned.types");
      }
    }
    return new AttachmentSettings(
        enabled,
        maxParts,
        maxDepth,
        maxBytes,
        maxEntries,
        extensions,
        types,
        policyExtensions,
        policyTypes);
  }

  private Set<String> extensions(String key) {
    Set<String> extensions = new TreeSet<>();
    for (String raw : parser.list(key, "")) {
      String extension = raw.toLowerCase(Locale.ROOT);
      if (extension.startsWith(".")) {
        extension = extension.substring(1);
      }
      if (!EXTENSION.matcher(extension).matches()) {
        throw SpamfreeConfigurationException.invalidValue(
            parser.source, key, raw, "file extensions such as 'exe, scr, js'");
      }
      extensions.add(extension);
    }
    return extensions;
  }

  private Set<String> types(String key) {
    Set<String> types = new TreeSet<>();
    for (String raw : parser.list(key, "")) {
      String type = raw.toLowerCase(Locale.ROOT);
      if (!MEDIA_TYPE.matcher(type).matches()) {
        throw SpamfreeConfigurationException.invalidValue(
            parser.source, key, raw, "media types such as 'application/x-msdownload'");
      }
      types.add(type);
    }
    return types;
  }
}
