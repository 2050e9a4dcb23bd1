package org.spamfree.core.attachment;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Classifies media types and file extensions that mail-borne malware uses: Windows PE, ELF and
 * Mach-O executables, scripts that Windows or a shell runs on a double click, shortcuts and
 * installers. Disk images count too, because Windows mounts them on a double click and their
 * contents then lose the mark-of-the-web.
 */
final class ExecutableTypes {

  /** Media types by their kind; a type matches with any parameters (PE has {@code format=}). */
  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("application/x-dosexec", "Windows executable"),
          Map.entry("application/x-msdownload", "Windows executable"),
          Map.entry("application/x-ms-installer", "Windows installer"),
          Map.entry("application/x-executable", "ELF executable"),
          Map.entry("application/x-sharedlib", "ELF executable"),
          Map.entry("application/x-elf", "ELF executable"),
          Map.entry("application/x-mach-o", "Mach-O executable"),
          Map.entry("application/x-mach-o-executable", "Mach-O executable"),
          Map.entry("application/x-sh", "script"),
          Map.entry("application/x-bat", "script"),
          Map.entry("application/x-ms-shortcut", "Windows shortcut"),
          Map.entry("application/x-iso9660-image", "disk image"),
          Map.entry("application/x-apple-diskimage", "disk image"),
          Map.entry("application/java-archive", "Java archive"));

  /** Extensions by their kind, lower-case without the dot. */
  private static final Map<String, String> EXTENSIONS =
      Map.ofEntries(
          Map.entry("exe", "Windows executable"),
          Map.entry("scr", "Windows executable"),
          Map.entry("com", "Windows executable"),
          Map.entry("pif", "Windows executable"),
          Map.entry("cpl", "Windows executable"),
          Map.entry("dll", "Windows executable"),
          Map.entry("msi", "Windows installer"),
          Map.entry("msix", "Windows installer"),
          Map.entry("appx", "Windows installer"),
          Map.entry("bat", "script"),
          Map.entry("cmd", "script"),
          Map.entry("vbs", "script"),
          Map.entry("vbe", "script"),
          Map.entry("js", "script"),
          Map.entry("jse", "script"),
          Map.entry("wsf", "script"),
          Map.entry("wsh", "script"),
          Map.entry("hta", "script"),
          Map.entry("ps1", "script"),
          Map.entry("psm1", "script"),
          Map.entry("reg", "script"),
          Map.entry("scf", "script"),
          Map.entry("sh", "script"),
          Map.entry("command", "script"),
          Map.entry("lnk", "Windows shortcut"),
          Map.entry("url", "Windows shortcut"),
          Map.entry("iso", "disk image"),
          Map.entry("img", "disk image"),
          Map.entry("vhd", "disk image"),
          Map.entry("vhdx", "disk image"),
          Map.entry("dmg", "disk image"),
          Map.entry("jar", "Java archive"),
          Map.entry("app", "Mach-O executable"),
          Map.entry("elf", "ELF executable"));

  /** Extensions of documents and media, which a disguised executable pretends to be. */
  static final Set<String> DOCUMENT_EXTENSIONS =
      Set.of(
          "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "rtf", "txt", "csv",
          "jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "mp3", "mp4", "wav", "avi", "mov",
          "htm", "html", "zip", "rar", "7z", "xml", "eml");

  private ExecutableTypes() {}

  /** Returns the kind of executable a media type is, ignoring its parameters. */
  static Optional<String> ofType(String mediaType) {
    if (mediaType == null) {
      return Optional.empty();
    }
    String base = mediaType.toLowerCase(Locale.ROOT);
    int semicolon = base.indexOf(';');
    if (semicolon >= 0) {
      base = base.substring(0, semicolon);
    }
    return Optional.ofNullable(TYPES.get(base.trim()));
  }

  /** Returns the kind of executable a file extension (lower-case, without the dot) stands for. */
  static Optional<String> ofExtension(String extension) {
    return extension == null ? Optional.empty() : Optional.ofNullable(EXTENSIONS.get(extension));
  }

  /**
   * Returns the kind of executable that the first bytes show, for formats that Tika 2.8's magic
   * table does not know: 64-bit and universal Mach-O, and the Windows shortcut (MS-SHLLINK §2.1:
   * header size 0x4C and the shell link CLSID).
   */
  static Optional<String> ofMagic(byte[] head, int length) {
    if (length >= 4) {
      int first =
          ((head[0] & 0xff) << 24)
              | ((head[1] & 0xff) << 16)
              | ((head[2] & 0xff) << 8)
              | (head[3] & 0xff);
      switch (first) {
        case 0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe -> {
          return Optional.of("Mach-O executable");
        }
        default -> {
          // Not Mach-O; 0xcafebabe is left out because Java class files share it.
        }
      }
    }
    if (length >= 20
        && head[0] == 0x4c
        && head[1] == 0
        && head[2] == 0
        && head[3] == 0
        && head[4] == 0x01
        && head[5] == 0x14
        && head[6] == 0x02
        && head[7] == 0x00) {
      return Optional.of("Windows shortcut");
    }
    return Optional.empty();
  }
}
