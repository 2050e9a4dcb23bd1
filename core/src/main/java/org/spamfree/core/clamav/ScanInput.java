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
