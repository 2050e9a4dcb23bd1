package org.spamfree.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spamfree.core.geo.MmdbWriter;

/**
 * Geo tagging in the packaged server. The test clients connect from loopback addresses, which have
 * no country, so the server reads a test country database that maps parts of 127.0.0.0/8 to
 * countries, with {@code geo.special.lookup = true} so loopback addresses are looked up:
 *
 * <ul>
 *   <li>127.0.1.0/24 is DE, with autonomous system 64496 "Example Transit"
 *   <li>127.0.2.0/24 is CN, scored 3.0 by {@code geo.country.CN.score}
 *   <li>127.0.3.0/24 is FR; {@code closed.test} accepts mail only from DE
 *   <li>the rest of 127.0.0.0/8 has no country
 * </ul>
 */
class GeoIT {

  @TempDir static Path directory;
  static SmtpSink sink;
  static PackagedServer server;
  static Path countries;

  @BeforeAll
  static void startServer() throws Exception {
    sink = new SmtpSink(0);
    server = PackagedServer.create(directory.resolve("tagging"));
    countries = server.home.resolve("conf/geo/test-countries.mmdb");
    countryDatabase(Map.of()).write(countries);
    new MmdbWriter("GeoLite2-ASN")
        .insert(
            "127.0.1.0/24",
            Map.of(
                "autonomous_system_number",
                64496L,
                "autonomous_system_organization",
                "Example Transit"))
        .write(server.home.resolve("conf/geo/test-asn.mmdb"));

    Map<String, String> properties = new HashMap<>();
    properties.put("protected.domains", "open.test, closed.test");
    properties.put("domain.spamfree.test.policy", null);
    properties.put("local.user.demo@spamfree.test", null);
    properties.put("geo.database", "conf/geo/test-countries.mmdb");
    properties.put("geo.asn.database", "conf/geo/test-asn.mmdb");
    properties.put("geo.special.lookup", "true");
    properties.put("geo.reload.interval", "1");
    properties.put("geo.country.CN.score", "3.0");
    properties.put("domain.closed.test.geo.allow", "DE");
    server
        .properties(properties)
        .replaceInConf(
            "mailetcontainer.xml",
            "<mailet match=\"All\" class=\"RemoveMimeHeader\">",
            "<mailet match=\"org.spamfree.matchers.RemoteCountryIsNot=DE\""
                + " class=\"SetMimeHeader\"><name>X-Test-Not-Germany</name><value>yes</value>"
                + "</mailet>\n<mailet match=\"All\" class=\"RemoveMimeHeader\">")
        .env("SPAMFREE_NEXT_HOP", "127.0.0.1:" + sink.port())
        .start();
  }

  /** Returns the test database, with extra networks such as those a reload adds. */
  private static MmdbWriter countryDatabase(Map<String, String> extra) {
    Map<String, String> networks = new LinkedHashMap<>();
    networks.put("127.0.1.0/24", "DE");
    networks.put("127.0.2.0/24", "CN");
    networks.put("127.0.3.0/24", "FR");
    networks.putAll(extra);
    return MmdbWriter.countryCodes(networks);
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
    if (sink != null) {
      sink.close();
    }
  }

  @Test
  void countryAndAsnHeadersReplaceForgedOnes() throws Exception {
    SmtpClient.Reply reply =
        send("127.0.1.5", List.of("ann@open.test"), "from germany", "X-Spamfree-Country: CH");

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    SmtpSink.Received received = sink.awaitSubject("from germany", Duration.ofSeconds(30));
    assertThat(received.header("X-Spamfree-Country")).isEqualTo("DE");
    assertThat(received.content()).containsOnlyOnce("X-Spamfree-Country");
    assertThat(received.header("X-Spamfree-ASN")).isEqualTo("64496 Example Transit");
    assertThat(received.header("X-Test-Not-Germany")).isNull();
    assertThat(received.header("X-Spam-Status")).contains("tests=none");
  }

  @Test
  void connectionsCountedByCountry() throws Exception {
    SmtpClient.Reply reply = send("127.0.1.7", List.of("ann@open.test"), "counted country");
    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    StoreAdminClient admin = new StoreAdminClient(server.webadminPort);
    String today = StoreIT.today();

    // The store writes its counters in batches, a flush interval (1 s) after their first change,
    // and other tests' connections may have written the country counters before.
    java.util.regex.Pattern counted =
        java.util.regex.Pattern.compile("\"country\":\\{[^}]*\"DE\":[1-9]");
    String body = "";
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline) && !counted.matcher(body).find()) {
      body = admin.get("/statistics?from=" + today + "&to=" + today).body();
      Thread.sleep(200);
    }

    assertThat(body).containsPattern(counted);
  }

  @Test
  void scoredCountryAddsSymbol() throws Exception {
    SmtpClient.Reply reply = send("127.0.2.5", List.of("ann@open.test"), "scored country");

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    SmtpSink.Received received = sink.awaitSubject("scored country", Duration.ofSeconds(30));
    assertThat(received.header("X-Spamfree-Country")).isEqualTo("CN");
    assertThat(received.header("X-Spam-Status")).contains("score=3.0").contains("tests=GEO_CN");
    assertThat(received.header("X-Spamfree-ASN")).isNull();
    assertThat(received.header("X-Test-Not-Germany")).isEqualTo("yes");
  }

  @Test
  void countryOutsideAllowedListRejectedAtRcpt() throws Exception {
    SmtpClient.Reply reply = send("127.0.3.5", List.of("bob@closed.test"), "not allowed");

    assertThat(reply.code()).isEqualTo(550);
    assertThat(reply.text()).startsWith("5.7.1").contains("country FR").contains("closed.test");
    assertThat(
            server.awaitLogLines(
                "spamfree decision=REJECT stage=rcpt reason=country", Duration.ofSeconds(10)))
        .anySatisfy(line -> assertThat(line).contains("country=FR").contains("remote=127.0.3.5"));
  }

  @Test
  void rejectedCountryKeepsOtherDomainsRecipients() throws Exception {
    SmtpClient.Reply reply =
        send("127.0.3.6", List.of("bob@closed.test", "ann@open.test"), "mixed domains");

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    SmtpSink.Received received = sink.awaitSubject("mixed domains", Duration.ofSeconds(30));
    assertThat(received.recipients()).containsExactly("ann@open.test");
    assertThat(received.header("X-Spamfree-Country")).isEqualTo("FR");
  }

  @Test
  void unknownCountryAcceptedWithoutHeader() throws Exception {
    SmtpClient.Reply reply = send("127.0.9.5", List.of("bob@closed.test"), "unknown country");

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    SmtpSink.Received received = sink.awaitSubject("unknown country", Duration.ofSeconds(30));
    assertThat(received.header("X-Spamfree-Country")).isNull();
    assertThat(received.header("X-Test-Not-Germany")).isEqualTo("yes");
  }

  @Test
  void geoCommandPrintsCountryNetworkAndBuildDate() throws Exception {
    PackagedServer.CommandResult result =
        server.runCommand(Duration.ofSeconds(60), "geo", "127.0.1.5");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("Country: DE");
    assertThat(result.output()).contains("Network: 127.0.1.0/24");
    assertThat(result.output()).contains("ASN: 64496 Example Transit (network 127.0.1.0/24)");
    assertThat(result.output()).contains("test-countries.mmdb (type country ipvAll, built ");
  }

  /**
   * Replaces the database while the server runs: a new file is used without a restart, and a
   * corrupt one after it leaves the new one in use.
   */
  @Test
  void replacedDatabaseReloadedAndCorruptOneIgnored() throws Exception {
    replace(countryDatabase(Map.of("127.0.4.0/24", "IT")).bytes());
    assertThat(server.awaitLogLines("Reloaded geo database", Duration.ofSeconds(20))).isNotEmpty();

    SmtpClient.Reply reply = send("127.0.4.5", List.of("ann@open.test"), "after reload");
    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    assertThat(
            sink.awaitSubject("after reload", Duration.ofSeconds(30)).header("X-Spamfree-Country"))
        .isEqualTo("IT");

    replace("not a database".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(server.awaitLogLines("changed but cannot be used", Duration.ofSeconds(20)))
        .anySatisfy(line -> assertThat(line).contains("ERROR"));

    reply = send("127.0.4.6", List.of("ann@open.test"), "after corrupt file");
    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    assertThat(
            sink.awaitSubject("after corrupt file", Duration.ofSeconds(30))
                .header("X-Spamfree-Country"))
        .isEqualTo("IT");

    // A valid file again, for the tests that run after this one.
    replace(countryDatabase(Map.of("127.0.4.0/24", "IT")).bytes());
    awaitLogCount("Reloaded geo database", 2);
  }

  @Test
  void corruptDatabaseStopsStartup() throws Exception {
    PackagedServer broken = PackagedServer.create(directory.resolve("broken"));
    Files.writeString(broken.home.resolve("conf/geo/broken.mmdb"), "not a database");
    broken.properties(Map.of("geo.database", "conf/geo/broken.mmdb"));

    try (broken) {
      assertThatThrownBy(broken::start)
          .hasMessageContaining("Invalid geo database for key 'geo.database'")
          .hasMessageContaining("broken.mmdb is not a MaxMind DB file");
    }
  }

  private static void awaitLogCount(String text, int count) throws Exception {
    java.time.Instant deadline = java.time.Instant.now().plusSeconds(20);
    while (server.awaitLogLines(text, Duration.ZERO).size() < count) {
      assertThat(java.time.Instant.now()).as("log lines with '" + text + "'").isBefore(deadline);
      Thread.sleep(200);
    }
  }

  private static void replace(byte[] content) throws Exception {
    Path temporary = Files.createTempFile(countries.getParent(), "replacement", ".tmp");
    Files.write(temporary, content);
    Files.move(
        temporary, countries, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static SmtpClient.Reply send(
      String source, List<String> recipients, String subject, String... headers) throws Exception {
    try (SmtpClient client = new SmtpClient(source, server.smtpPort)) {
      SmtpClient.Reply ehlo = client.command("EHLO mail.sender.example");
      assertThat(ehlo.code()).as(ehlo.toString()).isEqualTo(250);
      return client.send("sender@sender.example", recipients, SmtpClient.message(subject, headers));
    }
  }
}
