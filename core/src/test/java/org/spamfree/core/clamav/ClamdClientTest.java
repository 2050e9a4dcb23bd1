package org.spamfree.core.clamav;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.spamfree.core.clamav.ClamavSettings.FailureAction;
import org.spamfree.core.clamav.ClamavSettings.OversizeAction;

class ClamdClientTest {

  @RegisterExtension static final ClamdServer CLAMD = ClamdServer.create();

  private static ClamavSettings settings(List<ClamdEndpoint> servers, int connections, long limit) {
    return new ClamavSettings(
        servers,
        Duration.ofSeconds(1),
        Duration.ofMillis(700),
        Duration.ofMillis(100),
        limit,
        FailureAction.TEMPFAIL,
        OversizeAction.REJECT,
        connections,
        Duration.ofSeconds(20),
        Duration.ofSeconds(30));
  }

  private static ClamdClient client(ClamdEndpoint... servers) {
    return new ClamdClient(settings(List.of(servers), 0, ClamdServer.STREAM_MAX_LENGTH));
  }

  @Test
  void scanFindsEicarOverTcp() {
    try (ClamdClient client = client(CLAMD.tcpEndpoint())) {
      ScanResult result = client.scan(ScanInput.of(TestSignatures.eicar()));

      assertThat(result)
          .isEqualTo(new ScanResult.Infected(TestSignatures.EICAR_SIGNATURE, CLAMD.tcpEndpoint()));
    }
  }

  @Test
  void scanFindsEicarOverUnixSocket() {
    try (ClamdClient client = client(CLAMD.unixEndpoint())) {
      ScanResult result = client.scan(ScanInput.of(TestSignatures.eicar()));

      assertThat(result)
          .isEqualTo(new ScanResult.Infected(TestSignatures.EICAR_SIGNATURE, CLAMD.unixEndpoint()));
    }
  }

  @Test
  void scanFindsMd5Signature() {
    try (ClamdClient client = client(CLAMD.tcpEndpoint())) {
      ScanResult result = client.scan(ScanInput.of(TestSignatures.md5TestFile()));

      assertThat(result)
          .isEqualTo(new ScanResult.Infected(TestSignatures.MD5_SIGNATURE, CLAMD.tcpEndpoint()));
    }
  }

  @Test
  void scanFindsEicarInsideZip() throws IOException {
    try (ClamdClient client = client(CLAMD.tcpEndpoint())) {
      ScanResult result = client.scan(ScanInput.of(zip("readme.txt", TestSignatures.eicar())));

      assertThat(result)
          .isEqualTo(new ScanResult.Infected(TestSignatures.EICAR_SIGNATURE, CLAMD.tcpEndpoint()));
    }
  }

  @Test
  void scanReportsCleanMessage() {
    try (ClamdClient client = client(CLAMD.unixEndpoint())) {
      byte[] message =
          "Subject: hello\r\n\r\nA harmless message.\r\n"
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

      assertThat(client.scan(ScanInput.of(message)))
          .isEqualTo(new ScanResult.Clean(CLAMD.unixEndpoint()));
    }
  }

  @Test
  void scanStreamsMessageLargerThanOneChunk() {
    byte[] message = new byte[300_000];
    java.util.Arrays.fill(message, (byte) 'a');
    byte[] eicar = TestSignatures.eicar();
    // Across the boundary of the first and second 64 KiB chunks.
    System.arraycopy(eicar, 0, message, InstreamOutputStream.CHUNK_BYTES - 30, eicar.length);
    try (ClamdClient client = client(CLAMD.tcpEndpoint())) {
      assertThat(client.scan(ScanInput.of(message))).isInstanceOf(ScanResult.Infected.class);
    }
  }

  @Test
  void reusedConnectionsGiveCorrectVerdicts() {
    ClamavSettings reuse = settings(List.of(CLAMD.tcpEndpoint()), 2, ClamdServer.STREAM_MAX_LENGTH);
    try (ClamdClient client = new ClamdClient(reuse)) {
      for (int round = 0; round < 10; round++) {
        assertThat(client.scan(ScanInput.of(TestSignatures.eicar())))
            .isInstanceOf(ScanResult.Infected.class);
        assertThat(client.scan(ScanInput.of("clean text".getBytes())))
            .isInstanceOf(ScanResult.Clean.class);
      }
    }
  }

  @Test
  void reusedConnectionIsReplacedAfterClamdRestart() throws Exception {
    ClamavSettings reuse = settings(List.of(CLAMD.tcpEndpoint()), 2, ClamdServer.STREAM_MAX_LENGTH);
    try (ClamdClient client = new ClamdClient(reuse)) {
      assertThat(client.scan(ScanInput.of("first".getBytes())))
          .isInstanceOf(ScanResult.Clean.class);
      CLAMD.stop();
      CLAMD.start();

      ScanResult afterRestart = client.scan(ScanInput.of(TestSignatures.eicar()));

      assertThat(afterRestart).isInstanceOf(ScanResult.Infected.class);
      assertThat(client.status().get(0).healthy()).isTrue();
    }
  }

  @Test
  void stoppedClamdGivesFailedNeverClean() throws Exception {
    try (ClamdClient client = client(CLAMD.tcpEndpoint(), CLAMD.unixEndpoint())) {
      CLAMD.stop();
      try {
        ScanResult result = client.scan(ScanInput.of("clean text".getBytes()));

        assertThat(result).isInstanceOf(ScanResult.Failed.class);
        assertThat(client.status()).allSatisfy(status -> assertThat(status.healthy()).isFalse());
      } finally {
        CLAMD.start();
      }
    }
  }

  @Test
  void recheckRestoresRestartedServer() throws Exception {
    try (ClamdClient client = client(CLAMD.tcpEndpoint())) {
      CLAMD.stop();
      try {
        assertThat(client.scan(ScanInput.of("clean text".getBytes())))
            .isInstanceOf(ScanResult.Failed.class);
        client.recheckDownServers();

        assertThat(client.status().get(0).healthy()).isFalse();
      } finally {
        CLAMD.start();
      }

      client.recheckDownServers();

      assertThat(client.status().get(0).healthy()).isTrue();
    }
  }

  @Test
  void silentServerTimesOutThenFailsOver() throws IOException {
    try (SilentClamdServer silent = new SilentClamdServer();
        ClamdClient client = client(silent.endpoint(), CLAMD.tcpEndpoint())) {
      ScanResult first = client.scan(ScanInput.of(TestSignatures.eicar()));

      assertThat(first)
          .isEqualTo(new ScanResult.Infected(TestSignatures.EICAR_SIGNATURE, CLAMD.tcpEndpoint()));
      assertThat(client.status().get(0).healthy()).isFalse();
      assertThat(client.status().get(0).lastFailure())
          .hasValueSatisfying(failure -> assertThat(failure).contains("timed out"));

      // While it is down, the silent server is tried only after the healthy one.
      ScanResult second = client.scan(ScanInput.of("clean text".getBytes()));

      assertThat(second).isEqualTo(new ScanResult.Clean(CLAMD.tcpEndpoint()));
      assertThat(silent.connections()).isEqualTo(1);
    }
  }

  @Test
  void onlySilentServerGivesFailed() throws IOException {
    try (SilentClamdServer silent = new SilentClamdServer();
        ClamdClient client = client(silent.endpoint())) {
      ScanResult result = client.scan(ScanInput.of("clean text".getBytes()));

      assertThat(result).isInstanceOf(ScanResult.Failed.class);
      assertThat(((ScanResult.Failed) result).reason()).contains("timed out");
    }
  }

  @Test
  void messageOverLimitIsNotSent() throws IOException {
    try (SilentClamdServer silent = new SilentClamdServer();
        ClamdClient client = new ClamdClient(settings(List.of(silent.endpoint()), 0, 2048))) {
      ScanResult result = client.scan(ScanInput.of(new byte[4096]));

      assertThat(result).isEqualTo(new ScanResult.Oversized(4096, 2048));
      assertThat(silent.connections()).isZero();
    }
  }

  @Test
  void messageOfUnknownSizeStopsAtLimit() {
    ScanInput unknownSize =
        new ScanInput() {
          @Override
          public long size() {
            return -1;
          }

          @Override
          public void writeTo(OutputStream output) throws IOException {
            for (int i = 0; i < 10; i++) {
              output.write(new byte[1024]);
            }
          }
        };
    try (ClamdClient client = new ClamdClient(settings(List.of(CLAMD.tcpEndpoint()), 0, 4096))) {
      ScanResult result = client.scan(unknownSize);

      assertThat(result).isEqualTo(new ScanResult.Oversized(5120, 4096));
    }
  }

  @Test
  void clamdSizeLimitErrorIsFailedNeverClean() {
    // The client's limit is wrong: larger than clamd's StreamMaxLength.
    long tooHigh = 4 * ClamdServer.STREAM_MAX_LENGTH;
    try (ClamdClient client = new ClamdClient(settings(List.of(CLAMD.tcpEndpoint()), 0, tooHigh))) {
      ScanResult result =
          client.scan(ScanInput.of(new byte[(int) (2 * ClamdServer.STREAM_MAX_LENGTH)]));

      assertThat(result).isInstanceOf(ScanResult.Failed.class);
      assertThat(((ScanResult.Failed) result).reason()).contains("size limit exceeded");
    }
  }

  @Test
  void failingSourceKeepsServerHealthy() {
    ScanInput broken =
        new ScanInput() {
          @Override
          public long size() {
            return 100;
          }

          @Override
          public void writeTo(OutputStream output) throws IOException {
            throw new IOException("spool file missing");
          }
        };
    try (ClamdClient client = client(CLAMD.tcpEndpoint())) {
      ScanResult result = client.scan(broken);

      assertThat(result).isInstanceOf(ScanResult.Failed.class);
      assertThat(((ScanResult.Failed) result).reason()).contains("spool file missing");
      assertThat(client.status().get(0).healthy()).isTrue();
    }
  }

  @Test
  void pingAndVersionAnswer() throws IOException {
    try (ClamdClient client = client(CLAMD.tcpEndpoint())) {
      assertThat(client.ping(CLAMD.tcpEndpoint())).isTrue();
      assertThat(client.ping(CLAMD.unixEndpoint())).isTrue();
      assertThat(client.version(CLAMD.tcpEndpoint())).startsWith("ClamAV ");
    }
  }

  @Test
  void pingOfSilentServerIsFalse() throws IOException {
    try (SilentClamdServer silent = new SilentClamdServer();
        ClamdClient client = client(silent.endpoint())) {
      assertThat(client.ping(silent.endpoint())).isFalse();
    }
  }

  static byte[] zip(String name, byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry(name));
      zip.write(content);
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }
}
