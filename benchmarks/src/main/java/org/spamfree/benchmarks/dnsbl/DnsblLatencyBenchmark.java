package org.spamfree.benchmarks.dnsbl;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Measures the latency of the DNS list check of a client address with four zones, one of them slow:
 * Spamfree's {@code DnsblChecker.symbolsForAddress} against James 3.8.1's {@code DNSRBLHandler},
 * side by side on the same servers. {@code benchmarks/run-dnsbl-benchmark.sh} runs it, and {@link
 * #USAGE} lists the commands and options.
 *
 * <p>NSD serves the zones of {@link BenchmarkZones} on 127.0.0.1. Both implementations query a
 * {@link DelayingDnsForwarder} in this JVM, which delays the responses of the slow zone. Each
 * iteration checks one address with each implementation in turn, the order alternating between
 * iterations, and the latency of a check runs from the call to its result (System.nanoTime). The
 * addresses change every iteration until the set runs out (512 listed, 256 unlisted), and the
 * caches are empty before every check. The report is a Markdown table on standard output, and the
 * progress goes to standard error.
 */
public final class DnsblLatencyBenchmark {

  static final int EXIT_COMPLETED = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_INVALID_OPTIONS = 2;

  static final String USAGE =
      """
      Usage:
        DnsblLatencyBenchmark prepare DIRECTORY
            Writes the zone files and nsd.conf for NSD on 127.0.0.1 and a free port into
            DIRECTORY, and prints the port.
        DnsblLatencyBenchmark run --nsd-port PORT [options]
            Measures both implementations against NSD on 127.0.0.1:PORT and prints a Markdown
            report.

      Options of run:
        --iterations N            measured checks per implementation and client kind, 1 to 100000
                                  (default 200)
        --warmup N                checks before the measured ones, 0 to 100000 (default 20)
        --slow-zone N             number of the slow zone, 1 to 4 (default 1)
        --slow-delay-ms MS        delay of every response from the slow zone, 0 to 10000
                                  (default 200)
        --other-zones-delay-ms L  comma-separated delays of the other zones' responses in ms,
                                  each 0 to 10000. The whole measurement runs once per value
                                  (default 0).
        --max-seconds S           time bound of all measured checks, 1 to 86400 (default 1200)
        --latencies-file PATH     also write every measured check to PATH as CSV
      """;

  private static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration NSD_START_TIMEOUT = Duration.ofSeconds(20);
  private static final InetAddress SAMPLE_LISTED = BenchmarkZones.listedAddresses().get(10);
  private static final InetAddress SAMPLE_UNLISTED = BenchmarkZones.unlistedAddresses().get(10);

  /** The client addresses of one measured kind. */
  private record ClientKind(String label, boolean listed, List<InetAddress> addresses) {}

  /** The measured latencies and counts of one implementation for one client kind. */
  private static final class Row {
    final String implementation;
    final long[] latencies;
    final boolean[] expected;
    final long[] queries;
    int count;

    Row(String implementation, int capacity) {
      this.implementation = implementation;
      this.latencies = new long[capacity];
      this.expected = new boolean[capacity];
      this.queries = new long[capacity];
    }

    void add(long nanos, boolean asExpected, long queriesSent) {
      latencies[count] = nanos;
      expected[count] = asExpected;
      queries[count] = queriesSent;
      count++;
    }

    int unexpected() {
      int unexpected = 0;
      for (int index = 0; index < count; index++) {
        unexpected += expected[index] ? 0 : 1;
      }
      return unexpected;
    }

    long totalQueries() {
      return Arrays.stream(queries, 0, count).sum();
    }
  }

  private DnsblLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    if (args.length == 0 || args[0].equals("--help")) {
      out.print(USAGE);
      return args.length == 0 ? EXIT_INVALID_OPTIONS : EXIT_COMPLETED;
    }
    if (args[0].equals("prepare")) {
      if (args.length != 2) {
        err.println("Error: prepare takes one argument, the directory for NSD's files.");
        return EXIT_INVALID_OPTIONS;
      }
      out.println(BenchmarkZones.writeNsdFiles(Path.of(args[1])));
      return EXIT_COMPLETED;
    }
    if (!args[0].equals("run")) {
      err.println("Error: unknown command '" + args[0] + "'. Expected prepare or run.");
      err.print(USAGE);
      return EXIT_INVALID_OPTIONS;
    }
    BenchmarkOptions options;
    try {
      options = BenchmarkOptions.parse(List.of(args).subList(1, args.length));
    } catch (IllegalArgumentException e) {
      err.println("Error: " + e.getMessage());
      err.print(USAGE);
      return EXIT_INVALID_OPTIONS;
    }
    return measure(options, out, err);
  }

  private static int measure(BenchmarkOptions options, PrintStream out, PrintStream err)
      throws Exception {
    InetSocketAddress nsd = new InetSocketAddress(BenchmarkZones.LOOPBACK, options.nsdPort());
    List<String> zones = BenchmarkZones.zoneNames();
    String slowZone = zones.get(options.slowZone() - 1);
    awaitNsd(nsd, zones.get(0));

    List<ClientKind> kinds =
        List.of(
            new ClientKind(
                "listed in all " + zones.size() + " zones", true, BenchmarkZones.listedAddresses()),
            new ClientKind("listed in none", false, BenchmarkZones.unlistedAddresses()));
    long deadline = System.nanoTime() + Duration.ofSeconds(options.maxSeconds()).toNanos();

    List<String> sanityLines = new ArrayList<>();
    List<String> tableLines = new ArrayList<>();
    List<String> rawLines = new ArrayList<>();
    rawLines.add(
        "other_zones_delay_ms,client,implementation,check,latency_ns,expected,dns_queries");
    boolean sane = true;
    boolean complete = true;
    boolean allExpected = true;
    for (long otherDelay : options.otherZonesDelaysMillis()) {
      Map<String, Duration> delays = new LinkedHashMap<>();
      for (String zone : zones) {
        delays.put(
            zone,
            Duration.ofMillis(zone.equals(slowZone) ? options.slowDelayMillis() : otherDelay));
      }
      try (DelayingDnsForwarder forwarder =
              DelayingDnsForwarder.start(nsd, delays, UPSTREAM_TIMEOUT);
          SlowZoneQuery reference = new SlowZoneQuery(forwarder.address(), slowZone);
          SpamfreeListCheck spamfree = new SpamfreeListCheck(forwarder.address(), zones, false);
          SpamfreeListCheck spamfreeReasons =
              new SpamfreeListCheck(forwarder.address(), zones, true);
          JamesListCheck james = new JamesListCheck(forwarder.address(), zones)) {
        err.printf(
            "Other zones' delay %d ms: forwarder on %s, NSD on %s%n",
            otherDelay, forwarder.address(), nsd);
        sane &= sanityCheck(List.of(spamfree, james), spamfree, otherDelay, zones, sanityLines);

        for (ClientKind kind : kinds) {
          List<Row> rows =
              measureKind(
                  List.of(reference, spamfree, spamfreeReasons, james),
                  forwarder,
                  kind,
                  options,
                  deadline,
                  err);
          Row referenceRow = rows.get(0);
          for (Row row : rows) {
            complete &= row.count == options.iterations();
            allExpected &= row.unexpected() == 0;
            tableLines.add(tableLine(otherDelay, kind, row, referenceRow));
            rawLines.addAll(rawLines(otherDelay, kind, row));
          }
        }
        if (forwarder.upstreamFailures() > 0) {
          sanityLines.add(
              "- The forwarder sent "
                  + forwarder.upstreamFailures()
                  + " SERVFAIL responses because NSD did not respond.");
          sane = false;
        }
      }
    }

    printReport(out, options, zones, slowZone, sanityLines, tableLines);
    if (options.latenciesFile().isPresent()) {
      Files.write(options.latenciesFile().get(), rawLines, StandardCharsets.UTF_8);
    }
    if (!complete) {
      err.println(
          "Error: the time bound of "
              + options.maxSeconds()
              + " s ended the measurement early; the table shows the checks measured so far.");
    }
    if (!sane) {
      err.println("Error: a sanity check failed. See the lines before the table.");
    }
    if (!allExpected) {
      err.println(
          "Error: some checks had an unexpected outcome. See the column \"unexpected outcomes\".");
    }
    return complete && sane && allExpected ? EXIT_COMPLETED : EXIT_FAILED;
  }

  /**
   * Checks, outside the measurement, that each implementation finds the sample listed address in
   * every zone and the sample unlisted address in none, and runs Spamfree's RFC 5782 self-test.
   */
  private static boolean sanityCheck(
      List<DnsListCheck> checks,
      SpamfreeListCheck spamfree,
      long otherDelay,
      List<String> zones,
      List<String> lines)
      throws Exception {
    boolean sane = true;
    for (DnsListCheck check : checks) {
      check.clearCaches();
      List<String> listing = check.zonesListing(SAMPLE_LISTED);
      check.clearCaches();
      List<String> unlistedListing = check.zonesListing(SAMPLE_UNLISTED);
      boolean passed = listing.equals(zones) && unlistedListing.isEmpty();
      sane &= passed;
      lines.add(
          String.format(
              "- Other zones' delay %d ms, %s: %s listed by %d of %d zones (%s); %s listed by %s."
                  + " %s",
              otherDelay,
              check.name(),
              SAMPLE_LISTED.getHostAddress(),
              listing.size(),
              zones.size(),
              String.join(", ", listing),
              SAMPLE_UNLISTED.getHostAddress(),
              unlistedListing.isEmpty() ? "none" : String.join(", ", unlistedListing),
              passed ? "As expected." : "NOT as expected."));
    }
    List<String> selfTestFailures = spamfree.selfTestFailures();
    sane &= selfTestFailures.isEmpty();
    lines.add(
        String.format(
            "- Other zones' delay %d ms, spamfree: RFC 5782 self-test (127.0.0.2 listed, 127.0.0.1"
                + " not) failed for %s.",
            otherDelay,
            selfTestFailures.isEmpty() ? "no zone" : String.join(", ", selfTestFailures)));
    return sane;
  }

  private static List<Row> measureKind(
      List<DnsListCheck> checks,
      DelayingDnsForwarder forwarder,
      ClientKind kind,
      BenchmarkOptions options,
      long deadline,
      PrintStream err) {
    List<Row> rows = new ArrayList<>();
    for (DnsListCheck check : checks) {
      rows.add(new Row(check.name(), options.iterations()));
    }
    int total = options.warmup() + options.iterations();
    err.printf(
        "  %s: %d warmup and %d measured checks each%n",
        kind.label(), options.warmup(), options.iterations());
    for (int iteration = 0; iteration < total; iteration++) {
      if (System.nanoTime() - deadline > 0) {
        err.println("  Time bound reached; stopping.");
        break;
      }
      InetAddress address = kind.addresses().get(iteration % kind.addresses().size());
      boolean measured = iteration >= options.warmup();
      for (int position = 0; position < checks.size(); position++) {
        // Reverse the order every other iteration, so no implementation always runs first.
        int index = iteration % 2 == 0 ? position : checks.size() - 1 - position;
        DnsListCheck check = checks.get(index);
        check.clearCaches();
        long queriesBefore = forwarder.queriesReceived();
        long start = System.nanoTime();
        boolean expected;
        try {
          expected = check.check(address, kind.listed());
        } catch (Exception e) {
          err.println(
              "  " + check.name() + " check of " + address.getHostAddress() + " failed: " + e);
          expected = false;
        }
        long elapsed = System.nanoTime() - start;
        try {
          expected &= check.confirm();
        } catch (Exception e) {
          err.println(
              "  " + check.name() + " outcome of " + address.getHostAddress() + " failed: " + e);
          expected = false;
        }
        if (measured) {
          rows.get(index).add(elapsed, expected, forwarder.queriesReceived() - queriesBefore);
        }
      }
    }
    return rows;
  }

  private static String tableLine(long otherDelay, ClientKind kind, Row row, Row reference) {
    if (row.count == 0 || reference.count == 0) {
      return String.format(
          "| %d | %s | %s | %d | | | | | | | |",
          otherDelay, kind.label(), row.implementation, row.count);
    }
    LatencyStats stats = LatencyStats.of(Arrays.copyOf(row.latencies, row.count));
    LatencyStats referenceStats =
        LatencyStats.of(Arrays.copyOf(reference.latencies, reference.count));
    return String.format(
        Locale.ROOT,
        "| %d | %s | %s | %d | %s | %s | %s | %s | %s | %.2f | %d |",
        otherDelay,
        kind.label(),
        row.implementation,
        row.count,
        LatencyStats.millis(stats.p50Nanos()),
        LatencyStats.millis(stats.p90Nanos()),
        LatencyStats.millis(stats.p99Nanos()),
        LatencyStats.millis(stats.maxNanos()),
        LatencyStats.millis(stats.p50Nanos() - referenceStats.p50Nanos()),
        (double) row.totalQueries() / row.count,
        row.unexpected());
  }

  /** Returns one CSV line per measured check of the row, in the order of the checks. */
  private static List<String> rawLines(long otherDelay, ClientKind kind, Row row) {
    List<String> lines = new ArrayList<>();
    for (int index = 0; index < row.count; index++) {
      lines.add(
          otherDelay
              + ",\""
              + kind.label()
              + "\",\""
              + row.implementation
              + "\","
              + (index + 1)
              + ","
              + row.latencies[index]
              + ","
              + row.expected[index]
              + ","
              + row.queries[index]);
    }
    return lines;
  }

  private static void printReport(
      PrintStream out,
      BenchmarkOptions options,
      List<String> zones,
      String slowZone,
      List<String> sanityLines,
      List<String> tableLines) {
    out.printf(
        "Zones %s, queried in that order by James. The forwarder delays every response from %s"
            + " by %d ms, and those from the other zones by the delay in the first column.%n",
        String.join(", ", zones), slowZone, options.slowDelayMillis());
    out.printf(
        "%d measured checks per row after %d warmup checks, one client address per"
            + " iteration, caches emptied before every check. The reference row is one A query"
            + " to %s alone, the cost of the slowest zone. The stated target for Spamfree is"
            + " that p50 plus 5 ms.%n%n",
        options.iterations(), options.warmup(), slowZone);
    out.println("Sanity checks, outside the measurement:");
    out.println();
    sanityLines.forEach(out::println);
    out.println();
    out.println(
        "| other zones' delay ms | client address | implementation | checks | p50 ms | p90 ms |"
            + " p99 ms | max ms | p50 minus reference p50 ms | DNS queries per check |"
            + " unexpected outcomes |");
    out.println("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    tableLines.forEach(out::println);
  }

  /** Waits until NSD responds to an SOA query for {@code zone}, so the first checks do not fail. */
  private static void awaitNsd(InetSocketAddress nsd, String zone) throws Exception {
    SimpleResolver probe = new SimpleResolver(nsd);
    probe.setTimeout(Duration.ofMillis(300));
    Message query =
        Message.newQuery(Record.newRecord(Name.fromString(zone + "."), Type.SOA, DClass.IN));
    long deadline = System.nanoTime() + NSD_START_TIMEOUT.toNanos();
    IOException last = null;
    while (System.nanoTime() - deadline < 0) {
      try {
        Message answer = probe.send(query);
        if (answer.getRcode() == Rcode.NOERROR) {
          return;
        }
        last = new IOException("NSD responded with " + Rcode.string(answer.getRcode()));
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(100);
    }
    throw new IOException(
        "NSD on "
            + nsd
            + " did not respond to an SOA query for "
            + zone
            + " within "
            + NSD_START_TIMEOUT.toSeconds()
            + " s: "
            + last);
  }
}
