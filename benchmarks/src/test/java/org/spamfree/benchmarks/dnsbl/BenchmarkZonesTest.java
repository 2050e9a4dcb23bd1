package org.spamfree.benchmarks.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkZonesTest {

  @Test
  void zoneNamesAreNumberedInOrder() {
    assertThat(BenchmarkZones.zoneNames())
        .containsExactly("zone1.test", "zone2.test", "zone3.test", "zone4.test");
  }

  @Test
  void addressSetsDoNotOverlap() {
    assertThat(BenchmarkZones.listedAddresses()).hasSize(512).doesNotHaveDuplicates();
    assertThat(BenchmarkZones.unlistedAddresses()).hasSize(256);
    assertThat(BenchmarkZones.listedAddresses())
        .doesNotContainAnyElementsOf(BenchmarkZones.unlistedAddresses());
  }

  @Test
  void zoneFileListsClientWithReason() throws Exception {
    String file = BenchmarkZones.zoneFile("zone2.test");
    InetAddress client = InetAddress.getByName("203.0.113.10");

    assertThat(file).startsWith("$ORIGIN zone2.test.\n");
    assertThat(file).contains("\n10.113.0.203 IN A 127.0.0.2\n");
    assertThat(file)
        .contains("\n10.113.0.203 IN TXT \"zone2.test lists 203.0.113.10 for the benchmark\"\n");
    assertThat(file).contains("\n200.100.51.198 IN A 127.0.0.2\n");
    assertThat(BenchmarkZones.reason("zone2.test", client))
        .isEqualTo("zone2.test lists 203.0.113.10 for the benchmark");
  }

  @Test
  void zoneFileListsRfc5782TestAddressOnly() {
    String file = BenchmarkZones.zoneFile("zone1.test");

    assertThat(file).contains("\n2.0.0.127 IN A 127.0.0.2\n");
    assertThat(file).doesNotContain("\n1.0.0.127 IN");
    assertThat(file).doesNotContain(".2.0.192 IN");
  }

  @Test
  void nsdFilesServeEveryZoneOnLoopback(@TempDir Path directory) throws Exception {
    int port = BenchmarkZones.writeNsdFiles(directory);

    String configuration = Files.readString(directory.resolve("nsd.conf"));
    assertThat(port).isBetween(1, 65_535);
    assertThat(configuration).contains("  ip-address: 127.0.0.1\n", "  port: " + port + "\n");
    for (String zone : BenchmarkZones.zoneNames()) {
      assertThat(configuration).contains("  name: \"" + zone + "\"\n");
      assertThat(directory.resolve(zone + ".zone")).exists();
    }
  }
}
