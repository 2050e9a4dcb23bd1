package org.spamfree.core.clamav;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The test files and the signature database that {@link ClamdServer} loads, since no official
 * ClamAV database can be downloaded here. The EICAR anti-virus test string is assembled from parts
 * so that no file of the repository is itself a test virus that scanners would flag.
 */
public final class TestSignatures {

  /** Name clamd reports for the EICAR body signature; clamd adds .UNOFFICIAL to local ones. */
  public static final String EICAR_SIGNATURE = "Spamfree.Test.EICAR.UNOFFICIAL";

  /** Name clamd reports for the MD5 signature of {@link #md5TestFile()}. */
  public static final String MD5_SIGNATURE = "Spamfree.Test.MD5.UNOFFICIAL";

  private TestSignatures() {}

  /** Returns the 68-byte EICAR test file. */
  public static byte[] eicar() {
    String eicar =
        "X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD" + "-ANTIVIRUS-TEST-FILE!" + "$H+H*";
    return eicar.getBytes(StandardCharsets.US_ASCII);
  }

  /** Returns a harmless file that only the project's MD5 signature flags. */
  public static byte[] md5TestFile() {
    return "Spamfree MD5 signature test file, harmless.\n".getBytes(StandardCharsets.US_ASCII);
  }

  /** Returns the body-signature database (.ndb): any file that contains the EICAR string. */
  static String ndbDatabase() {
    return "Spamfree.Test.EICAR:0:*:" + HexFormat.of().formatHex(eicar()) + "\n";
  }

  /** Returns the hash database (.hdb): MD5:SIZE:NAME of {@link #md5TestFile()}. */
  static String hdbDatabase() {
    try {
      byte[] digest = MessageDigest.getInstance("MD5").digest(md5TestFile());
      return HexFormat.of().formatHex(digest) + ":" + md5TestFile().length + ":Spamfree.Test.MD5\n";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required by every Java platform", e);
    }
  }
}
