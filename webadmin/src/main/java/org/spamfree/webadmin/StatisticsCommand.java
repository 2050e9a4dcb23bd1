package org.spamfree.webadmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/spamfree stats [--days N]}: prints the daily statistics of the running server as a
 * table. It reads them from the server's WebAdmin ({@code GET /spamfree/statistics}) instead of
 * opening the database, because the server keeps the embedded H2 file open. The WebAdmin address
 * comes from the {@code spamfree.webadmin.bind} and {@code spamfree.webadmin.port} system
 * properties, which {@code bin/spamfree} sets from the same variables the server uses.
 *
 * <p>Exit codes: 0 printed, 2 invalid arguments, 3 WebAdmin not reachable or replying with an
 * error.
 */
public final class StatisticsCommand {

  static final int DEFAULT_DAYS = 7;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final List<String> ACTIONS =
      List.of("ACCEPT", "TAG", "QUARANTINE", "TEMPFAIL", "REJECT");

  private StatisticsCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    int days;
    try {
      days = days(args);
    } catch (IllegalArgumentException e) {
      err.println("spamfree stats: " + e.getMessage());
      err.println(
          "Usage: spamfree stats [--days N]   (N from 1 to " + SpamfreeRoutes.MAX_DAYS + ")");
      // 2 for invalid arguments, as the other bin/spamfree tools.
      return 2;
    }
    String bind = System.getProperty("spamfree.webadmin.bind", "127.0.0.1");
    String host =
        bind.equals("0.0.0.0") || bind.equals("::") || bind.isBlank() ? "127.0.0.1" : bind;
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    String port = System.getProperty("spamfree.webadmin.port", "8000");
    LocalDate to = LocalDate.now(ZoneOffset.UTC);
    LocalDate from = to.minusDays(days - 1L);
    URI uri =
        URI.create(
            "http://" + host + ":" + port + "/spamfree/statistics?from=" + from + "&to=" + to);
    JsonNode body;
    try {
      HttpResponse<String> response =
          HttpClient.newBuilder()
              .connectTimeout(TIMEOUT)
              .build()
              .send(
                  HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                  HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        err.println(
            "spamfree stats: GET "
                + uri
                + " answered "
                + response.statusCode()
                + ": "
                + response.body());
        return 3;
      }
      body = new ObjectMapper().readTree(response.body());
    } catch (IOException e) {
      err.println(
          "spamfree stats: cannot reach WebAdmin at "
              + uri
              + " ("
              + e
              + "). Is the server running? Set SPAMFREE_WEBADMIN_BIND and SPAMFREE_WEBADMIN_PORT"
              + " as for the server.");
      return 3;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 3;
    }
    print(body, out);
    return 0;
  }

  static int days(String[] args) {
    int days = DEFAULT_DAYS;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("stats")) {
        continue;
      }
      if (!args[i].equals("--days") || i + 1 >= args.length) {
        throw new IllegalArgumentException("unknown or incomplete argument '" + args[i] + "'");
      }
      String raw = args[++i];
      try {
        days = Integer.parseInt(raw);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid --days '" + raw + "': expected a whole number");
      }
      if (days < 1 || days > SpamfreeRoutes.MAX_DAYS) {
        throw new IllegalArgumentException(
            "invalid --days '" + raw + "': expected 1 to " + SpamfreeRoutes.MAX_DAYS);
      }
    }
    return days;
  }

  /** Prints one line per day, then the symbols, domains and other counters of each day. */
  static void print(JsonNode body, PrintStream out) {
    out.println(
        "Spamfree statistics from "
            + body.path("from").asText()
            + " to "
            + body.path("to").asText()
            + " (UTC days, all nodes of the store)");
    out.println();
    List<String> header =
        new ArrayList<>(
            List.of("day", "connections", "addresses", "conn/addr", "max/addr", "helo names"));
    header.addAll(ACTIONS);
    List<List<String>> rows = new ArrayList<>();
    rows.add(header);
    for (JsonNode day : body.path("days")) {
      List<String> row = new ArrayList<>();
      row.add(day.path("day").asText());
      row.add(day.path("connections").asText());
      row.add(day.path("distinctAddresses").asText());
      row.add(
          String.format(
              java.util.Locale.ROOT, "%.2f", day.path("connectionsPerAddress").asDouble()));
      row.add(day.path("maxConnectionsPerAddress").asText());
      row.add(day.path("distinctHeloNames").asText());
      for (String action : ACTIONS) {
        row.add(Long.toString(day.path("verdicts").path(action).asLong(0)));
      }
      rows.add(row);
    }
    printTable(rows, out);
    printCounters(body, "topSymbols", "Top symbols", out);
    printCounters(body, "recipientsByDomain", "Recipients by protected domain", out);
    for (JsonNode day : body.path("days")) {
      Iterator<Map.Entry<String, JsonNode>> metrics = day.path("other").fields();
      while (metrics.hasNext()) {
        Map.Entry<String, JsonNode> metric = metrics.next();
        out.println(
            day.path("day").asText() + " " + metric.getKey() + ": " + counters(metric.getValue()));
      }
    }
  }

  private static void printCounters(JsonNode body, String field, String title, PrintStream out) {
    out.println();
    out.println(title + ":");
    boolean any = false;
    for (JsonNode day : body.path("days")) {
      if (day.path(field).size() > 0) {
        out.println("  " + day.path("day").asText() + "  " + counters(day.path(field)));
        any = true;
      }
    }
    if (!any) {
      out.println("  none");
    }
  }

  private static String counters(JsonNode counters) {
    List<String> parts = new ArrayList<>();
    counters
        .fields()
        .forEachRemaining(entry -> parts.add(entry.getKey() + "=" + entry.getValue().asText()));
    return String.join(" ", parts);
  }

  private static void printTable(List<List<String>> rows, PrintStream out) {
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        // The day is left-aligned, the numbers right-aligned.
        line.append(i == 0 ? pad(cell, widths[i], false) : pad(cell, widths[i], true));
        line.append(i + 1 < row.size() ? "  " : "");
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static String pad(String cell, int width, boolean right) {
    String padding = " ".repeat(width - cell.length());
    return right ? padding + cell : cell + padding;
  }
}
