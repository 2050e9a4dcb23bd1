package org.spamfree.core.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spamfree.core.verdict.Symbol;

class AttachmentInspectorTest {

  private static final AttachmentInspector INSPECTOR =
      new AttachmentInspector(AttachmentSettings.defaults());

  /**
   * Attachments with a file name, a declared type and content, and the symbols they must give. The
   * symbol list is exact, so a case that gives an extra symbol fails too.
   */
  static Stream<Arguments> disguisedFiles() {
    return Stream.of(
        row(
            "Windows executable named .pdf",
            "invoice.pdf",
            "application/pdf",
            SampleFiles::windowsExecutable,
            "ATTACHMENT_EXECUTABLE",
            "ATTACHMENT_DISGUISED"),
        row(
            "Windows executable named .jpg",
            "photo.jpg",
            "image/jpeg",
            SampleFiles::windowsExecutable,
            "ATTACHMENT_EXECUTABLE",
            "ATTACHMENT_DISGUISED"),
        row(
            "Windows executable honestly named",
            "setup.exe",
            "application/octet-stream",
            SampleFiles::windowsExecutable,
            "ATTACHMENT_EXECUTABLE"),
        row(
            "Windows executable declared as PDF",
            "setup.exe",
            "application/pdf",
            SampleFiles::windowsExecutable,
            "ATTACHMENT_EXECUTABLE",
            "ATTACHMENT_DISGUISED"),
        row(
            "Windows executable without a name",
            null,
            "application/octet-stream",
            SampleFiles::windowsExecutable,
            "ATTACHMENT_EXECUTABLE"),
        row(
            "ELF named .txt",
            "notes.txt",
            "text/plain",
            SampleFiles::elfExecutable,
            "ATTACHMENT_EXECUTABLE",
            "ATTACHMENT_DISGUISED"),
        row(
            "Mach-O named .png",
            "image.png",
            "image/png",
            SampleFiles::machOExecutable,
            "ATTACHMENT_EXECUTABLE",
            "ATTACHMENT_DISGUISED"),
        row(
            "shell script named .doc",
            "report.doc",
            "application/msword",
            SampleFiles::shellScript,
            "ATTACHMENT_EXECUTABLE",
            "ATTACHMENT_DISGUISED"),
        row(
            "shortcut named .pdf",
            "invoice.pdf",
            "application/pdf",
            SampleFiles::windowsShortcut,
            "ATTACHMENT_EXECUTABLE",
            "ATTACHMENT_DISGUISED"),
        row(
            "shortcut named .lnk",
            "invoice.lnk",
            "application/octet-stream",
            SampleFiles::windowsShortcut,
            "ATTACHMENT_EXECUTABLE"),
        row(
            "disk image named .iso",
            "scan.iso",
            "application/octet-stream",
            SampleFiles::isoImage,
            "ATTACHMENT_EXECUTABLE"),
        row(
            "disk image named .pdf",
            "scan.pdf",
            "application/pdf",
            SampleFiles::isoImage,
            "ATTACHMENT_EXECUTABLE",
            "ATTACHMENT_DISGUISED"),
        row(
            "text with a double extension",
            "invoice.pdf.exe",
            "application/octet-stream",
            SampleFiles::text,
            "ATTACHMENT_EXECUTABLE",
            "ATTACHMENT_DISGUISED"),
        row(
            "script by name only",
            "update.js",
            "text/plain",
            SampleFiles::text,
            "ATTACHMENT_EXECUTABLE"),
        row("real PDF", "invoice.pdf", "application/pdf", SampleFiles::pdf),
        row("real PNG", "image.png", "image/png", SampleFiles::png),
        row("text file", "notes.txt", "text/plain", SampleFiles::text),
        row(
            "zip with a Windows executable",
            "invoice.zip",
            "application/zip",
            () -> SampleFiles.zip("invoice.pdf", SampleFiles.windowsExecutable()),
            "ATTACHMENT_ARCHIVE_EXECUTABLE"),
        row(
            "zip with a script by name",
            "invoice.zip",
            "application/zip",
            () -> SampleFiles.zip("invoice.vbs", SampleFiles.text()),
            "ATTACHMENT_ARCHIVE_EXECUTABLE"),
        row(
            "zip inside zip with an executable",
            "invoice.zip",
            "application/zip",
            () -> SampleFiles.zip("inner.zip", SampleFiles.zip("run.exe", SampleFiles.text())),
            "ATTACHMENT_ARCHIVE_EXECUTABLE"),
        row(
            "zip with a PDF",
            "invoice.zip",
            "application/zip",
            () -> SampleFiles.zip("invoice.pdf", SampleFiles.pdf())),
        row(
            "zip named .pdf",
            "invoice.pdf",
            "application/pdf",
            () -> SampleFiles.zip("run.exe", SampleFiles.windowsExecutable()),
            "ATTACHMENT_ARCHIVE_EXECUTABLE"));
  }

  private static Arguments row(
      String description,
      String fileName,
      String declaredType,
      Supplier<byte[]> content,
      String... symbols) {
    return Arguments.of(description, fileName, declaredType, content.get(), List.of(symbols));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("disguisedFiles")
  void disguisedFileGivesSymbols(
      String description,
      String fileName,
      String declaredType,
      byte[] content,
      List<String> symbols)
      throws IOException {
    InspectionReport report = inspect(SampleFiles.message(fileName, declaredType, content));

    assertThat(names(report, Set.of(), Set.of())).as(description).isEqualTo(symbols);
    assertThat(report.limit()).isEmpty();
    assertThat(report.malformed()).isEmpty();
  }

  @Test
  void reasonNamesFileAndContent() throws IOException {
    InspectionReport report =
        inspect(
            SampleFiles.message("invoice.pdf", "application/pdf", SampleFiles.windowsExecutable()));

    List<Symbol> symbols = AttachmentVerdict.symbols(report, Set.of(), Set.of());

    assertThat(symbols.get(1).reason())
        .isEqualTo("'invoice.pdf': content is a Windows executable but the name ends in .pdf");
  }

  @Test
  void encodedFileNameIsDecoded() throws IOException {
    String message =
        SampleFiles.message(
            "=?UTF-8?B?"
                + java.util.Base64.getEncoder()
                    .encodeToString("fa\u00e7ture.exe".getBytes(StandardCharsets.UTF_8))
                + "?=",
            "application/octet-stream",
            SampleFiles.text());

    InspectionReport report = inspect(message);

    assertThat(report.parts().get(1).fileName()).hasValue("fa\u00e7ture.exe");
    assertThat(report.parts().get(1).executable()).hasValue("Windows executable");
  }

  @Test
  void executableInForwardedMessageFound() throws IOException {
    String inner =
        SampleFiles.message("invoice.pdf", "application/pdf", SampleFiles.windowsExecutable());
    String outer =
        String.join(
            "\r\n",
            "From: forwarder@sender.example",
            "Subject: Fwd: invoice",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=outer",
            "",
            "--outer",
            "Content-Type: text/plain",
            "",
            "Forwarded.",
            "--outer",
            "Content-Type: message/rfc822",
            "",
            inner,
            "--outer--",
            "");

    InspectionReport report = inspect(outer);

    assertThat(names(report, Set.of(), Set.of()))
        .containsExactly("ATTACHMENT_EXECUTABLE", "ATTACHMENT_DISGUISED");
  }

  @Test
  void bannedExtensionAndTypeGiveBanned() throws IOException {
    InspectionReport report =
        inspect(
            SampleFiles.message(
                "setup.exe", "application/octet-stream", SampleFiles.windowsExecutable()));

    assertThat(names(report, Set.of("exe"), Set.of())).contains("ATTACHMENT_BANNED");
    assertThat(names(report, Set.of(), Set.of("application/x-msdownload")))
        .contains("ATTACHMENT_BANNED");
    assertThat(names(report, Set.of("scr"), Set.of("application/pdf")))
        .doesNotContain("ATTACHMENT_BANNED");
  }

  @Test
  void policyBansAddToGlobalOnes() {
    AttachmentSettings settings =
        new AttachmentSettings(
            true,
            10,
            5,
            1 << 20,
            100,
            Set.of("exe"),
            Set.of(),
            Map.of("strict", Set.of("js")),
            Map.of());

    assertThat(settings.bannedExtensions("strict")).containsExactlyInAnyOrder("exe", "js");
    assertThat(settings.bannedExtensions("default")).containsExactly("exe");
  }

  @Test
  void deepNestingStopsAtLimit() throws IOException {
    StringBuilder message = new StringBuilder("Subject: nested\r\nMIME-Version: 1.0\r\n");
    int levels = 50;
    for (int level = 0; level < levels; level++) {
      message
          .append("Content-Type: multipart/mixed; boundary=\"l")
          .append(level)
          .append("\"\r\n\r\n");
      message.append("--l").append(level).append("\r\n");
    }
    message.append("Content-Type: text/plain\r\n\r\ninnermost\r\n");
    for (int level = levels - 1; level >= 0; level--) {
      message.append("--l").append(level).append("--\r\n");
    }

    InspectionReport report = inspect(message.toString());

    assertThat(report.limit()).hasValue("MIME nesting deeper than 8");
    assertThat(names(report, Set.of(), Set.of())).containsExactly("ATTACHMENT_LIMIT");
  }

  @Test
  void manyPartsStopAtLimit() throws IOException {
    StringBuilder message =
        new StringBuilder(
            "Subject: parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n");
    for (int part = 0; part < 5000; part++) {
      message.append("--b\r\nContent-Type: text/plain\r\n\r\npart ").append(part).append("\r\n");
    }
    message.append("--b--\r\n");

    InspectionReport report = inspect(message.toString());

    assertThat(report.parts()).hasSize(AttachmentSettings.DEFAULT_MAX_PARTS);
    assertThat(report.limit()).hasValue("more than 200 parts");
  }

  @Test
  void bytesLimitStopsInspection() throws IOException {
    AttachmentInspector small =
        new AttachmentInspector(
            new AttachmentSettings(
                true, 100, 8, 4096, 100, Set.of(), Set.of(), Map.of(), Map.of()));
    byte[] large = new byte[20_000];
    java.util.Arrays.fill(large, (byte) 'a');

    InspectionReport report =
        small.inspect(stream(SampleFiles.message("data.txt", "text/plain", large)));

    assertThat(report.limit()).hasValue("more than 4096 bytes of content");
  }

  @Test
  void archiveEntriesStopAtLimit() throws IOException {
    AttachmentInspector small =
        new AttachmentInspector(
            new AttachmentSettings(
                true, 100, 8, 1 << 20, 3, Set.of(), Set.of(), Map.of(), Map.of()));
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
      for (int entry = 0; entry < 10; entry++) {
        zip.putNextEntry(new java.util.zip.ZipEntry("file" + entry + ".txt"));
        zip.write(SampleFiles.text());
        zip.closeEntry();
      }
    }

    InspectionReport report =
        small.inspect(
            stream(SampleFiles.message("many.zip", "application/zip", bytes.toByteArray())));

    assertThat(report.limit()).hasValue("more than 3 entries in a zip archive");
  }

  @Test
  void truncatedZipIsNotAnError() throws IOException {
    byte[] zip = SampleFiles.zip("invoice.pdf", SampleFiles.pdf());
    byte[] truncated = java.util.Arrays.copyOf(zip, zip.length / 2);

    InspectionReport report =
        inspect(SampleFiles.message("invoice.zip", "application/zip", truncated));

    assertThat(report.parts()).hasSize(2);
    assertThat(report.parts().get(1).archiveExecutable()).isEmpty();
  }

  @Test
  void invalidBase64IsMalformed() throws IOException {
    String message =
        String.join(
            "\r\n",
            "Subject: broken",
            "MIME-Version: 1.0",
            "Content-Type: application/pdf; name=a.pdf",
            "Content-Transfer-Encoding: base64",
            "",
            "JVBERi0xLjQK!!!!####****",
            "");

    InspectionReport report = inspect(message);

    assertThat(report.malformed()).isPresent();
    assertThat(names(report, Set.of(), Set.of())).containsExactly("ATTACHMENT_MALFORMED");
  }

  @Test
  void missingClosingBoundaryStillInspectsParts() throws IOException {
    String message =
        String.join(
            "\r\n",
            "Subject: unterminated",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=b1",
            "",
            "--b1",
            SampleFiles.attachmentPart(
                "invoice.pdf", "application/pdf", SampleFiles.windowsExecutable()),
            "");

    InspectionReport report = inspect(message);

    assertThat(names(report, Set.of(), Set.of()))
        .contains("ATTACHMENT_EXECUTABLE", "ATTACHMENT_DISGUISED");
  }

  @Test
  void plainMessageHasNoSymbols() throws IOException {
    InspectionReport report = inspect("Subject: hello\r\n\r\nJust text.\r\n");

    assertThat(report.parts()).hasSize(1);
    assertThat(names(report, Set.of(), Set.of())).isEmpty();
  }

  @Test
  void inlineTextKeepsDeclaredType() throws IOException {
    InspectionReport report =
        inspect("Content-Type: text/html\r\n\r\n<html><body>Just text.</body></html>\r\n");

    assertThat(report.parts())
        .singleElement()
        .satisfies(
            part -> {
              assertThat(part.detectedType()).isEqualTo("text/html");
              assertThat(part.executable()).isEmpty();
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inlineTextLookalikes")
  void inlineTextLookalikeStillDetected(String description, String headers, byte[] body)
      throws IOException {
    byte[] head =
        (headers + "Content-Transfer-Encoding: base64\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] encoded = java.util.Base64.getMimeEncoder().encode(body);
    byte[] message = new byte[head.length + encoded.length];
    System.arraycopy(head, 0, message, 0, head.length);
    System.arraycopy(encoded, 0, message, head.length, encoded.length);

    InspectionReport report = INSPECTOR.inspect(new ByteArrayInputStream(message));

    assertThat(report.parts())
        .singleElement()
        .satisfies(part -> assertThat(part.executable()).as(description).isPresent());
  }

  static Stream<Arguments> inlineTextLookalikes() {
    return Stream.of(
        Arguments.of(
            "Windows executable declared as inline text",
            "Content-Type: text/plain\r\n",
            SampleFiles.windowsExecutable()),
        Arguments.of(
            "shell script as inline text",
            "Content-Type: text/plain\r\n",
            SampleFiles.shellScript()),
        Arguments.of(
            "ELF declared as text and an attachment without a name",
            "Content-Type: text/plain\r\nContent-Disposition: attachment\r\n",
            SampleFiles.elfExecutable()));
  }

  private static InspectionReport inspect(String message) throws IOException {
    return INSPECTOR.inspect(stream(message));
  }

  private static ByteArrayInputStream stream(String message) {
    return new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> names(
      InspectionReport report, Set<String> extensions, Set<String> types) {
    return AttachmentVerdict.symbols(report, extensions, types).stream().map(Symbol::name).toList();
  }
}
