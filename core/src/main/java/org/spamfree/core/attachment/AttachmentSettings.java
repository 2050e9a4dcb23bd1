package org.spamfree.core.attachment;

import java.util.Map;
import java.util.Set;

/**
 * Settings of the attachment type checks, read from the {@code attachment.*} keys of {@code
 * spamfree.properties}.
 *
 * @param enabled whether messages are inspected
 * @param maxParts parts inspected per message; the rest is skipped with {@code ATTACHMENT_LIMIT}
 * @param maxDepth nesting of multiparts and attached messages that is followed
 * @param maxBytes bytes read from part contents per message, over all parts and archives
 * @param maxArchiveEntries zip entries listed per archive
 * @param bannedExtensions lower-case extensions without the dot, banned for every policy
 * @param bannedTypes media types such as {@code application/x-msdownload}, banned for every policy
 * @param policyBannedExtensions extensions banned by name of policy, in addition to the global ones
 * @param policyBannedTypes media types banned by name of policy, in addition to the global ones
 */
public record AttachmentSettings(
    boolean enabled,
    int maxParts,
    int maxDepth,
    long maxBytes,
    int maxArchiveEntries,
    Set<String> bannedExtensions,
    Set<String> bannedTypes,
    Map<String, Set<String>> policyBannedExtensions,
    Map<String, Set<String>> policyBannedTypes) {

  public static final int DEFAULT_MAX_PARTS = 200;
  public static final int DEFAULT_MAX_DEPTH = 8;
  public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;
  public static final int DEFAULT_MAX_ARCHIVE_ENTRIES = 1000;

  public AttachmentSettings {
    bannedExtensions = Set.copyOf(bannedExtensions);
    bannedTypes = Set.copyOf(bannedTypes);
    policyBannedExtensions = Map.copyOf(policyBannedExtensions);
    policyBannedTypes = Map.copyOf(policyBannedTypes);
  }

  /** Returns the built-in defaults: checks on, nothing banned. */
  public static AttachmentSettings defaults() {
    return new AttachmentSettings(
        true,
        DEFAULT_MAX_PARTS,
        DEFAULT_MAX_DEPTH,
        DEFAULT_MAX_BYTES,
        DEFAULT_MAX_ARCHIVE_ENTRIES,
        Set.of(),
        Set.of(),
        Map.of(),
        Map.of());
  }

  /** Returns the extensions banned for a policy: the global ones and the policy's own. */
  public Set<String> bannedExtensions(String policy) {
    return union(bannedExtensions, policyBannedExtensions.get(policy));
  }

  /** Returns the media types banned for a policy: the global ones and the policy's own. */
  public Set<String> bannedTypes(String policy) {
    return union(bannedTypes, policyBannedTypes.get(policy));
  }

  private static Set<String> union(Set<String> global, Set<String> policy) {
    if (policy == null || policy.isEmpty()) {
      return global;
    }
    java.util.Set<String> all = new java.util.TreeSet<>(global);
    all.addAll(policy);
    return Set.copyOf(all);
  }

  /** Describes the settings on one line for the start-up log. */
  public String describe() {
    if (!enabled) {
      return "attachments=off";
    }
    return "attachmentMaxParts="
        + maxParts
        + " attachmentMaxDepth="
        + maxDepth
        + " attachmentMaxBytes="
        + maxBytes
        + " attachmentMaxArchiveEntries="
        + maxArchiveEntries
        + " bannedExtensions="
        + new java.util.TreeSet<>(bannedExtensions)
        + " bannedTypes="
        + new java.util.TreeSet<>(bannedTypes)
        + " policyBannedExtensions="
        + new java.util.TreeMap<>(policyBannedExtensions)
        + " policyBannedTypes="
        + new java.util.TreeMap<>(policyBannedTypes);
  }
}
