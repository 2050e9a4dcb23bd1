package org.spamfree.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.spamfree.core.clamav.ClamdServer;
import org.spamfree.core.dns.NsdServer;

/**
 * Sustained load on the packaged server with every check on: reverse DNS, HELO DNS, SPF and a DNS
 * list answered by a loopback NSD, virus scans by a loopback clamd, the attachment and geo checks,
 * and the store's checks. While clients send, the test samples the server's live heap, its threads
 * and its open files. Every message acknowledged with 250 must reach the next hop exactly once, and
 * none of the three figures may grow by more than a fixed margin from the first sample after
 * warm-up to the end.
 *
 * <p>The default build runs it for 30 s, about 5,000 messages on 2 cores. The {@code load} Maven
 * profile runs it for 10 minutes, about 100,000 messages, where the heap margin stands for about
 * 170 bytes per message.
 */
class SoakIT {

  private static final Duration LOAD =
      Duration.ofSeconds(Integer.getInteger("spamfree.soak.seconds", 30));
  private static final int SESSIONS = Integer.getInteger("spamfree.soak.sessions", 4);
  private static final int MESSAGES_PER_CONNECTION = 5;
  private static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(5);

  /** Samples taken before the baseline: pools, caches and the JIT fill up during the first ones. */
  private static final int WARMUP_SAMPLES = 1;

  // Margins between the baseline sample and the last one. The heap figure counts only objects
  // that the server still references.
  private static final long HEAP_GROWTH_LIMIT_BYTES = 16L * 1024 * 1024;
  private static final int THREAD_GROWTH_LIMIT = 16;
  private static final int OPEN_FILE_GROWTH_LIMIT = 32;

  /**
   * Client addresses with a forward-confirmed PTR name (127.0.0.5, 127.0.0.9) and one whose PTR
   * name resolves elsewhere (127.0.0.6), from the sender.example test zones.
   */
  private static final List<String> SOURCES = List.of("127.0.0.5", "127.0.0.6", "127.0.0.9");

  @RegisterExtension
  static NsdServer nsd =
      NsdServer.serving("soak.test", "dnsbl.test", "sender.example", "0.0.127.in-addr.arpa");

  @RegisterExtension static final ClamdServer CLAMD = ClamdServer.create();

  @TempDir Path directory;

  /** Resource use of the server process at one moment. */
  record Sample(Duration elapsed, int acknowledged, long heapBytes, int threads, int openFiles) {
    @Override
    public String toString() {
      return String.format(
          "soak sample: %3d s, %6d acknowledged, live heap %6.1f MiB, %3d threads, %4d"
              + " open files",
          elapsed.toSeconds(), acknowledged, heapBytes / 1048576.0, threads, openFiles);
    }
  }

  @Test
  void sustainedLoadKeepsResourcesFlat() throws Exception {
    try (SmtpSink sink = new SmtpSink(0)) {
      PackagedServer server =
          PackagedServer.create(directory)
              .properties(everyCheckOn())
              .env("SPAMFREE_DNS_SERVERS", "127.0.0.1:" + nsd.port())
              .env("SPAMFREE_NEXT_HOP", "127.0.0.1:" + sink.port());
      try (server) {
        server.start();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<String, Integer> otherReplies = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(SESSIONS);
        for (int session = 0; session < SESSIONS; session++) {
          int id = session;
          clients.submit(
              () -> sendUntilStopped(server.smtpPort, id, acknowledged, otherReplies, stop));
        }

        Instant started = Instant.now();
        Instant end = started.plus(LOAD);
        List<Sample> samples = new ArrayList<>();
        try {
          while (Instant.now().isBefore(end)) {
            Thread.sleep(SAMPLE_INTERVAL.toMillis());
            samples.add(sample(server.pid(), started, acknowledged.size()));
            System.out.println(samples.get(samples.size() - 1));
          }
        } finally {
          // Also when a sample fails, so that no client keeps sending after the test.
          stop.set(true);
          clients.shutdown();
        }
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        sink.await(acknowledged.size(), Duration.ofSeconds(120));
        // Wait a little longer so that a late duplicate delivery would show up.
        Thread.sleep(5000);
        Sample last = sample(server.pid(), started, acknowledged.size());
        System.out.println(last);
        Map<String, Long> deliveries = sink.countsBySubject();
        List<String> lost =
            acknowledged.stream().filter(subject -> !deliveries.containsKey(subject)).toList();
        List<String> duplicated =
            deliveries.entrySet().stream()
                .filter(entry -> entry.getValue() > 1)
                .map(Map.Entry::getKey)
                .toList();
        System.out.printf(
            "soak: %d acknowledged, %d delivered, %d lost, %d duplicated, other replies %s%n",
            acknowledged.size(), deliveries.size(), lost.size(), duplicated.size(), otherReplies);

        assertThat(samples).as("samples taken during the load").hasSizeGreaterThan(WARMUP_SAMPLES);
        assertThat(acknowledged).as("messages acknowledged with 250").isNotEmpty();
        assertThat(otherReplies).as("end-of-DATA replies other than 250, by code").isEmpty();
        assertThat(lost).as("acknowledged messages not delivered").isEmpty();
        assertThat(duplicated).as("messages delivered more than once").isEmpty();
        assertThat(server.log().lines().filter(line -> line.contains(" ERROR ")))
            .as("ERROR lines in the server log")
            .isEmpty();

        Sample baseline = samples.get(WARMUP_SAMPLES);
        assertThat(last.heapBytes() - baseline.heapBytes())
            .as("live heap growth from %s to %s", baseline, last)
            .isLessThanOrEqualTo(HEAP_GROWTH_LIMIT_BYTES);
        assertThat(last.threads() - baseline.threads())
            .as("thread growth from %s to %s", baseline, last)
            .isLessThanOrEqualTo(THREAD_GROWTH_LIMIT);
        assertThat(last.openFiles() - baseline.openFiles())
            .as("open file growth from %s to %s", baseline, last)
            .isLessThanOrEqualTo(OPEN_FILE_GROWTH_LIMIT);
      }
    }
  }

  private static Map<String, String> everyCheckOn() {
    Map<String, String> properties = new HashMap<>();
    properties.put("local.user.demo@spamfree.test", null);
    properties.put("rdns.enabled", "true");
    properties.put("helo.dns.enabled", "true");
    properties.put("spf.enabled", "true");
    properties.put("dnsbl.lists", "test");
    properties.put("dnsbl.test.zone", "dnsbl.test");
    properties.put("dnsbl.test.codes", "127.0.0.2=RBL_TEST_SBL");
    properties.put("score.RBL_TEST_SBL", "20.0");
    properties.put("clamav.servers", CLAMD.tcpEndpoint().toString());
    properties.put("geo.special.lookup", "true");
    properties.put("helo.history.enabled", "true");
    properties.put("helo.sender.enabled", "true");
    // The burst counter runs for every connection; the limit is above what the load reaches, so
    // every message stays accepted.
    properties.put("burst.connections", "1000000");
    return properties;
  }

  /**
   * Sends messages until {@code stop} is set, several per connection, and records the subjects
   * acknowledged with 250 and the count of every other end-of-DATA reply code.
   */
  private static void sendUntilStopped(
      int port,
      int session,
      Set<String> acknowledged,
      Map<String, Integer> otherReplies,
      AtomicBoolean stop) {
    String source = SOURCES.get(session % SOURCES.size());
    int index = 0;
    while (!stop.get()) {
      try (SmtpClient client = new SmtpClient(source, port)) {
        client.command("EHLO mta.soak.test");
        for (int count = 0; count < MESSAGES_PER_CONNECTION && !stop.get(); count++) {
          String subject = "soak " + session + "-" + index++;
          SmtpClient.Reply reply =
              client.send(
                  "sender@soak.test",
                  List.of("someone@spamfree.test"),
                  SmtpClient.message(subject, "X-Soak-Session: " + session));
          if (reply.code() == 250) {
            acknowledged.add(subject);
          } else {
            otherReplies.merge(Integer.toString(reply.code()), 1, Integer::sum);
          }
        }
      } catch (IOException e) {
        otherReplies.merge("connection error: " + e.getMessage(), 1, Integer::sum);
      }
    }
  }

  /** Reads the server's live heap, threads and open files. */
  private static Sample sample(long pid, Instant started, int acknowledged) throws Exception {
    long heap = liveHeapBytes(jcmd(pid, "GC.class_histogram"));
    String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
    Matcher threads = Pattern.compile("(?m)^Threads:\\s+(\\d+)$").matcher(status);
    assertThat(threads.find()).as("Threads line in /proc/%d/status", pid).isTrue();
    int openFiles;
    try (var files = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      openFiles = (int) files.count();
    }
    return new Sample(
        Duration.between(started, Instant.now()),
        acknowledged,
        heap,
        Integer.parseInt(threads.group(1)),
        openFiles);
  }

  /**
   * Returns the bytes of the objects still referenced, from the last line of {@code
   * GC.class_histogram} output ("Total INSTANCES BYTES"). The histogram runs a full collection
   * first and counts in the same pause, so new allocations do not blur it.
   */
  private static long liveHeapBytes(String histogram) {
    Matcher total = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$").matcher(histogram);
    assertThat(total.find()).as("Total line in GC.class_histogram output").isTrue();
    return Long.parseLong(total.group(1));
  }

  /** Runs the JDK's {@code jcmd} against the server and returns its output. */
  private static String jcmd(long pid, String command) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    assertThat(jcmd)
        .as("jcmd of the JDK that runs the tests; run Maven with a JDK, not a JRE")
        .isExecutable();
    Process process =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
            .redirectErrorStream(true)
            .start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("jcmd %s finished", command).isTrue();
    String text = new String(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("jcmd %s exit status, output:%n%s", command, text).isZero();
    return text;
  }
}
