package org.spamfree.webadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The argument parsing and table output of {@code bin/spamfree stats}. */
class StatisticsCommandTest {

  @Test
  void daysDefaultsToSeven() {
    assertThat(StatisticsCommand.days(new String[] {"stats"})).isEqualTo(7);
  }

  @Test
  void daysOptionRead() {
    assertThat(StatisticsCommand.days(new String[] {"stats", "--days", "30"})).isEqualTo(30);
  }

  @Test
  void invalidDaysExitsWithUsage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code =
        StatisticsCommand.run(
            new String[] {"stats", "--days", "abc"},
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("'abc'").contains("Usage:");
  }

  @Test
  void daysOutOfRangeRejected() {
    assertThatThrownBy(() -> StatisticsCommand.days(new String[] {"--days", "0"}))
        .hasMessageContaining("'0'")
        .hasMessageContaining("1 to 366");
  }

  @Test
  void daysNotNumberRejected() {
    assertThatThrownBy(() -> StatisticsCommand.days(new String[] {"--days", "week"}))
        .hasMessageContaining("'week'");
  }

  @Test
  void unknownArgumentRejected() {
    assertThatThrownBy(() -> StatisticsCommand.days(new String[] {"--weeks", "2"}))
        .hasMessageContaining("--weeks");
  }

  @Test
  void tablePrintsEachDay() throws Exception {
    String json =
        "{\"from\":\"2026-03-01\",\"to\":\"2026-03-02\",\"days\":["
            + "{\"day\":\"2026-03-01\",\"connections\":12,\"distinctAddresses\":4,"
            + "\"connectionsPerAddress\":3.0,\"maxConnectionsPerAddress\":6,\"distinctHeloNames\":5,"
            + "\"verdicts\":{\"ACCEPT\":7,\"REJECT\":2},\"topSymbols\":{\"RDNS_NONE\":3},"
            + "\"recipientsByDomain\":{\"spamfree.test\":9},\"other\":{\"trap\":{\"a@retired.example.test\":1}}},"
            + "{\"day\":\"2026-03-02\",\"connections\":0,\"distinctAddresses\":0,"
            + "\"connectionsPerAddress\":0.0,\"maxConnectionsPerAddress\":0,\"distinctHeloNames\":0,"
            + "\"verdicts\":{},\"topSymbols\":{},\"recipientsByDomain\":{},\"other\":{}}]}";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    StatisticsCommand.print(
        new ObjectMapper().readTree(json), new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String output = bytes.toString(StandardCharsets.UTF_8);
    assertThat(output).contains("from 2026-03-01 to 2026-03-02");
    assertThat(output)
        .containsPattern("2026-03-01 +12 +4 +3\\.00 +6 +5 +7 +0 +0 +0 +2")
        .containsPattern("2026-03-02 +0 +0 +0\\.00");
    assertThat(output).contains("2026-03-01  RDNS_NONE=3");
    assertThat(output).contains("2026-03-01  spamfree.test=9");
    assertThat(output).contains("2026-03-01 trap: a@retired.example.test=1");
  }
}
