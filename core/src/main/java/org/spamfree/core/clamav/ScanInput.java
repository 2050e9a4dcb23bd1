package org.spamfree.core.clamav;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A message to scan, which can be written more than once so that a second clamd server can scan it
 * after the first failed. Writing streams the content, so no whole-message copy is needed.
 */
public interface ScanInput {

  /** Returns the size in bytes, or -1 when it is not known before writing. */
  long size();

  /** Writes the whole content. */
  void writeTo(OutputStream output) throws IOException;

  /** Writes content to a stream; a narrower {@code Consumer} that may throw. */
  @FunctionalInterface
  interface ContentWriter {
    void writeTo(OutputStream output) throws IOException;
  }

  /** Returns an input of {@code size} bytes (or -1) that {@code writer} produces on each call. */
  static ScanInput of(long size, ContentWriter writer) {
    return new ScanInput() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public void writeTo(OutputStream output) throws IOException {
        writer.writeTo(output);
      }
    };
  }

  static ScanInput of(byte[] content) {
    return new ScanInput() {
      @Override
      public long size() {
        return content.length;
      }

      @Override
      public void writeTo(OutputStream output) throws IOException {
        output.write(content);
      }
    };
  }
}
