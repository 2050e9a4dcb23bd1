package org.spamfree.benchmarks.spf;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.james.jspf.impl.DNSServiceXBillImpl;
import org.apache.james.jspf.impl.SPF;
import org.spamfree.core.config.HostPort;
import org.spamfree.core.dns.DnsResolver;
import org.spamfree.core.spf.SpfEvaluator;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.SimpleResolver;

/**
 * Compares Spamfree's SPF evaluator with Apache jSPF 1.0.5 on the same records and the same NSD
 * server on 127.0.0.1. It first compares the result of every comparison case, then measures
 * evaluations per second and latency percentiles of typical records, with warm caches and with
 * caching off. Both libraries query only the NSD port given on the command line. {@code
 * run-spf-benchmark.sh} starts NSD and runs this class; it prints a Markdown report to standard
 * output.
 *
 * <pre>
 * SpfBenchmark --dns-port P --comparison-cases FILE --benchmark-cases FILE
 *              [--threads 8] [--iterations 20000] [--warmup 2000]
 * </pre>
 */
public final class SpfBenchmark {

  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final String RECEIVER = "mx.spamfree.test";

  /** One evaluation input, with the RFC 7208 result and rule for comparison cases. */
  record Case(String ip, String helo, String sender, String expected, String rule) {}

  /**
   * One SPF implementation as the benchmark drives it: a blocking check returning the result word.
   */
  interface Implementation {
    String check(Case input) throws Exception;
  }

  private SpfBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    int port = Integer.parseInt(options.get("--dns-port"));
    int threads = Integer.parseInt(options.getOrDefault("--threads", "8"));
    int iterations = Integer.parseInt(options.getOrDefault("--iterations", "20000"));
    int warmup = Integer.parseInt(options.getOrDefault("--warmup", "2000"));
    List<Case> comparison = cases(Path.of(options.get("--comparison-cases")));
    List<Case> benchmark = cases(Path.of(options.get("--benchmark-cases")));

    // jSPF looks names up with dnsjava's Lookup: point its defaults at NSD and drop the search
    // path of /etc/resolv.conf, so no query leaves the machine and none gets a suffix.
    SimpleResolver nsd =
        new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    nsd.setTimeout(QUERY_TIMEOUT);
    Lookup.setDefaultResolver(nsd);
    Lookup.setDefaultSearchPath(new Name[0]);

    System.out.println("## Result comparison\n");
    compare(comparison, spamfree(port, 10_000), jspf(nsd, true));

    System.out.println("\n## Throughput and latency\n");
    System.out.printf(
        Locale.ROOT,
        "%d evaluations per run after %d warm-up evaluations, %d client threads, cases taken in"
            + " turn from %d typical records.%n%n",
        iterations,
        warmup,
        threads,
        benchmark.size());
    System.out.println(
        "| caching | implementation | evaluations/s | p50 ms | p99 ms | max ms | temperror |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|");
    for (boolean cached : new boolean[] {true, false}) {
      Implementation ours = spamfree(port, cached ? 10_000 : 0);
      Implementation theirs = jspf(nsd, cached);
      measure(cached, "Spamfree", ours, benchmark, threads, iterations, warmup);
      measure(cached, "jSPF 1.0.5", theirs, benchmark, threads, iterations, warmup);
    }
  }

  private static Implementation spamfree(int port, int cacheSize) {
    DnsResolver resolver =
        new DnsResolver(
            List.of(HostPort.parse("127.0.0.1:" + port)),
            QUERY_TIMEOUT,
            cacheSize,
            Clock.systemUTC());
    SpfEvaluator evaluator =
        new SpfEvaluator(
            resolver,
            DEADLINE,
            SpfEvaluator.DEFAULT_VOID_LOOKUP_LIMIT,
            RECEIVER,
            Clock.systemUTC());
    return input ->
        evaluator
            .checkMailFrom(InetAddress.getByName(input.ip()), input.helo(), input.sender())
            .get(DEADLINE.toSeconds() + 5, TimeUnit.SECONDS)
            .result()
            .word();
  }

  /**
   * Returns jSPF with its default synchronous executor on the NSD resolver. jSPF caches through the
   * default cache of dnsjava's Lookup; without caching that cache is emptied before each
   * evaluation. The threads share it, so an evaluation may still find an entry that another
   * thread's evaluation added a moment before, which favours jSPF slightly.
   */
  private static Implementation jspf(SimpleResolver nsd, boolean cached) {
    Cache cache = new Cache(DClass.IN);
    Lookup.setDefaultCache(cache, DClass.IN);
    SPF spf = new SPF(new DNSServiceXBillImpl(nsd));
    return input -> {
      if (!cached) {
        cache.clearCache();
      }
      return spf.checkSPF(input.ip(), input.sender(), input.helo()).getResult();
    };
  }

  private static void compare(List<Case> cases, Implementation ours, Implementation theirs)
      throws Exception {
    int agreed = 0;
    List<String> rows = new ArrayList<>();
    for (Case input : cases) {
      String spamfree = ours.check(input);
      String jspf = theirs.check(input);
      if (spamfree.equals(jspf)) {
        agreed++;
        continue;
      }
      String follows =
          spamfree.equals(input.expected())
              ? "Spamfree"
              : jspf.equals(input.expected()) ? "jSPF" : "neither";
      rows.add(
          String.format(
              "| %s | %s | `%s` | %s | %s | %s | %s |",
              input.ip(),
              input.helo(),
              input.sender().isEmpty() ? "<>" : input.sender(),
              spamfree,
              jspf,
              input.expected(),
              follows + " (" + input.rule() + ")"));
    }
    System.out.printf(
        Locale.ROOT, "%d cases, %d agree, %d disagree.%n%n", cases.size(), agreed, rows.size());
    if (!rows.isEmpty()) {
      System.out.println(
          "| client | HELO | MAIL FROM | Spamfree | jSPF | RFC 7208 | follows the RFC |");
      System.out.println("|---|---|---|---|---|---|---|");
      rows.forEach(System.out::println);
    }
  }

  private static void measure(
      boolean cached,
      String name,
      Implementation implementation,
      List<Case> cases,
      int threads,
      int iterations,
      int warmup)
      throws Exception {
    run(implementation, cases, threads, warmup, new AtomicInteger());
    AtomicInteger temperrors = new AtomicInteger();
    long started = System.nanoTime();
    long[] latencies = run(implementation, cases, threads, iterations, temperrors);
    double seconds = (System.nanoTime() - started) / 1e9;
    Arrays.sort(latencies);
    System.out.printf(
        Locale.ROOT,
        "| %s | %s | %.0f | %.3f | %.3f | %.3f | %d |%n",
        cached ? "warm cache" : "off",
        name,
        iterations / seconds,
        percentile(latencies, 50) / 1e6,
        percentile(latencies, 99) / 1e6,
        latencies[latencies.length - 1] / 1e6,
        temperrors.get());
  }

  /**
   * Runs {@code count} evaluations on {@code threads} threads and returns each one's nanoseconds.
   * None of the benchmark cases is a temperror when DNS works, so each one is counted.
   */
  private static long[] run(
      Implementation implementation,
      List<Case> cases,
      int threads,
      int count,
      AtomicInteger temperrors)
      throws Exception {
    long[] latencies = new long[count];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int thread = 0; thread < threads; thread++) {
        workers.add(
            pool.submit(
                () -> {
                  int index;
                  while ((index = next.getAndIncrement()) < count) {
                    Case input = cases.get(index % cases.size());
                    long started = System.nanoTime();
                    String result = implementation.check(input);
                    latencies[index] = System.nanoTime() - started;
                    if (result.equals("temperror")) {
                      temperrors.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return latencies;
  }

  /** Returns the nearest-rank percentile of sorted values. */
  private static long percentile(long[] sorted, int percent) {
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  static List<Case> cases(Path file) throws IOException {
    List<Case> cases = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\t", -1);
      if (fields.length < 3) {
        throw new IllegalArgumentException("Invalid case line in " + file + ": '" + line + "'");
      }
      cases.add(
          new Case(
              fields[0],
              fields[1],
              fields[2],
              fields.length > 3 ? fields[3] : "",
              fields.length > 4 ? fields[4] : ""));
    }
    return cases;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new java.util.HashMap<>();
    for (int index = 0; index + 1 < args.length; index += 2) {
      options.put(args[index], args[index + 1]);
    }
    for (String required : List.of("--dns-port", "--comparison-cases", "--benchmark-cases")) {
      if (!options.containsKey(required)) {
        throw new IllegalArgumentException("Missing option " + required);
      }
    }
    return options;
  }
}
