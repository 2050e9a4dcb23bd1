package org.spamfree.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** Text and CSV forms of a {@link LoadResult}. */
final class ResultReport {
  static final String CSV_COLUMNS =
      "attempted,accepted,rejected_by_code,connection_errors,abandoned,not_sent,elapsed_s,"
          + "messages_per_s,latency_p50_ms,latency_p90_ms,latency_p99_ms,latency_max_ms,"
          + "time_bound_reached";

  private ResultReport() {}

  /** Returns the summary lines that the client prints at the end of a run. */
  static List<String> summaryLines(LoadResult result, Duration maxDuration) {
    OutcomeCounts measured = result.measured();
    List<String> lines = new ArrayList<>();

    if (result.warmup().attempted() > 0) {
      lines.add(
          "warmup (left out of the figures below): "
              + result.warmup().attempted()
              + " attempted, "
              + result.warmup().accepted()
              + " accepted");
    }

    lines.add("messages attempted: " + measured.attempted());
    lines.add("accepted: " + measured.accepted());
    String byCode = rejectedByCode(measured);
    lines.add("rejected: " + measured.rejected() + (byCode.isEmpty() ? "" : " (" + byCode + ")"));
    lines.add("connection errors: " + measured.connectionErrors());

    lines.add(String.format(Locale.ROOT, "elapsed: %.3f s", seconds(result.elapsed())));
    lines.add(String.format(Locale.ROOT, "messages per second: %.1f", result.messagesPerSecond()));
    lines.add(latencyLine(result.latency()));

    if (result.timeBoundReached()) {
      lines.add(
          "time bound of "
              + formatDuration(maxDuration)
              + " reached: yes, "
              + (measured.abandoned() + result.warmup().abandoned())
              + " messages abandoned in flight, "
              + result.unsentMessages()
              + " not sent");
    } else {
      lines.add("time bound of " + formatDuration(maxDuration) + " reached: no");
    }
    return lines;
  }

  /** Returns the results as one CSV line with the columns of {@link #CSV_COLUMNS}. */
  static String csvLine(LoadResult result) {
    OutcomeCounts measured = result.measured();
    LatencySummary latency = result.latency();
    return String.format(
        Locale.ROOT,
        "%d,%d,%s,%d,%d,%d,%.3f,%.1f,%.3f,%.3f,%.3f,%.3f,%b",
        measured.attempted(),
        measured.accepted(),
        rejectedByCode(measured),
        measured.connectionErrors(),
        measured.abandoned(),
        result.unsentMessages(),
        seconds(result.elapsed()),
        result.messagesPerSecond(),
        LatencySummary.toMillis(latency.p50Nanos()),
        LatencySummary.toMillis(latency.p90Nanos()),
        LatencySummary.toMillis(latency.p99Nanos()),
        LatencySummary.toMillis(latency.maxNanos()),
        result.timeBoundReached());
  }

  /** Formats a duration as whole seconds, or as milliseconds when it is not a whole second. */
  static String formatDuration(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + " s"
        : duration.toMillis() + " ms";
  }

  // Space-separated "code=count" pairs in ascending code order, such as "451=2 550=3". The CSV
  // line uses the same form, which contains no comma.
  private static String rejectedByCode(OutcomeCounts counts) {
    StringJoiner joiner = new StringJoiner(" ");
    for (Map.Entry<Integer, Long> entry : counts.rejectedByCode().entrySet()) {
      joiner.add(entry.getKey() + "=" + entry.getValue());
    }
    return joiner.toString();
  }

  private static String latencyLine(LatencySummary latency) {
    if (latency.count() == 0) {
      return "latency ms: none recorded, because no measured message got a reply after its data";
    }
    return String.format(
        Locale.ROOT,
        "latency ms: p50=%.3f p90=%.3f p99=%.3f max=%.3f (%d messages)",
        LatencySummary.toMillis(latency.p50Nanos()),
        LatencySummary.toMillis(latency.p90Nanos()),
        LatencySummary.toMillis(latency.p99Nanos()),
        LatencySummary.toMillis(latency.maxNanos()),
        latency.count());
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }
}
