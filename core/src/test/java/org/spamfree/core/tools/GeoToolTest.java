package org.spamfree.core.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spamfree.core.SpamfreeModule;
import org.spamfree.core.geo.MmdbWriter;

class GeoToolTest {

  @TempDir Path directory;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void writeDatabases() throws Exception {
    Files.createDirectories(directory.resolve("conf/geo"));
    Map<String, String> networks = new LinkedHashMap<>();
    networks.put("192.0.2.0/24", "FR");
    MmdbWriter.countryCodes(networks)
        .buildEpoch(1_781_726_061L)
        .write(directory.resolve("conf/geo/test.mmdb"));
    new MmdbWriter("GeoLite2-ASN")
        .insert(
            "192.0.2.0/25",
            Map.of(
                "autonomous_system_number",
                64496L,
                "autonomous_system_organization",
                "Example Transit"))
        .write(directory.resolve("conf/geo/asn.mmdb"));
    System.setProperty("working.directory", directory.toString());
    System.clearProperty(SpamfreeModule.CONFIG_PROPERTY);
  }

  @AfterEach
  void clearWorkingDirectory() {
    System.clearProperty("working.directory");
  }

  private void writeSettings(String geoLines) throws Exception {
    Files.writeString(
        directory.resolve("conf/spamfree.properties"),
        "protected.domains = example.test\n" + geoLines);
  }

  private int run(String... args) {
    return GeoTool.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsCountryNetworkAsnAndBuildDate() throws Exception {
    writeSettings(
        "geo.database = conf/geo/test.mmdb\n"
            + "geo.asn.database = conf/geo/asn.mmdb\n"
            + "geo.special.lookup = true\n");

    int exit = run("geo", "192.0.2.7");

    assertThat(exit).isZero();
    assertThat(output()).contains("Address: 192.0.2.7");
    assertThat(output()).contains("Country: FR");
    assertThat(output()).contains("Network: 192.0.2.0/24");
    assertThat(output()).contains("ASN: 64496 Example Transit (network 192.0.2.0/25)");
    assertThat(output()).contains("built 2026-06-17T19:54:21Z");
    assertThat(output()).contains("test.mmdb (type country ipvAll");
  }

  @Test
  void printsReasonForSpecialAddress() throws Exception {
    writeSettings("geo.database = conf/geo/test.mmdb\n");

    int exit = run("geo", "::ffff:127.0.0.1");

    assertThat(exit).isZero();
    assertThat(output()).contains("Address: 127.0.0.1");
    assertThat(output()).contains("Country: none (special:loopback)");
    assertThat(output()).contains("Network: none");
  }

  @Test
  void invalidAddressIsUsageError() throws Exception {
    writeSettings("geo.database = conf/geo/test.mmdb\n");

    int exit = run("geo", "mail.example.test");

    assertThat(exit).isEqualTo(GeoTool.EXIT_USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("'mail.example.test' is not an IPv4 or IPv6 address");
  }

  @Test
  void missingDatabaseIsConfigurationError() throws Exception {
    writeSettings("geo.database = conf/geo/missing.mmdb\n");

    int exit = run("geo", "192.0.2.7");

    assertThat(exit).isEqualTo(GeoTool.EXIT_CONFIGURATION);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("geo.database")
        .contains("missing.mmdb not found");
  }

  @Test
  void geoOffIsConfigurationError() throws Exception {
    writeSettings("");

    int exit = run("geo", "192.0.2.7");

    assertThat(exit).isEqualTo(GeoTool.EXIT_CONFIGURATION);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("geo tagging is off");
  }
}
