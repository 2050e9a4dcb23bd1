package org.spamfree.benchmarks.dnsbl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Options of {@code DnsblLatencyBenchmark run}; {@link DnsblLatencyBenchmark#USAGE} describes them.
 *
 * @param nsdPort port of NSD on 127.0.0.1
 * @param iterations measured checks per implementation and client kind
 * @param warmup checks before the measured ones, left out of the figures
 * @param slowZone number of the slow zone, from 1
 * @param slowDelayMillis delay of every response from the slow zone
 * @param otherZonesDelaysMillis delays of the other zones' responses, one whole measurement per
 *     value
 * @param maxSeconds time bound of all measured checks
 * @param latenciesFile where to write every measured check as CSV, if anywhere
 */
record BenchmarkOptions(
    int nsdPort,
    int iterations,
    int warmup,
    int slowZone,
    long slowDelayMillis,
    List<Long> otherZonesDelaysMillis,
    long maxSeconds,
    Optional<Path> latenciesFile) {

  static final int DEFAULT_ITERATIONS = 200;
  static final int DEFAULT_WARMUP = 20;
  static final int DEFAULT_SLOW_ZONE = 1;
  static final long DEFAULT_SLOW_DELAY_MILLIS = 200;
  static final long DEFAULT_MAX_SECONDS = 1200;
  private static final long MAX_DELAY_MILLIS = 10_000;

  /**
   * Parses the arguments after {@code run}.
   *
   * @throws IllegalArgumentException when an option is unknown, lacks its value or has an invalid
   *     one, or when {@code --nsd-port} is missing
   */
  static BenchmarkOptions parse(List<String> args) {
    Integer nsdPort = null;
    int iterations = DEFAULT_ITERATIONS;
    int warmup = DEFAULT_WARMUP;
    int slowZone = DEFAULT_SLOW_ZONE;
    long slowDelay = DEFAULT_SLOW_DELAY_MILLIS;
    List<Long> otherDelays = List.of(0L);
    long maxSeconds = DEFAULT_MAX_SECONDS;
    Optional<Path> latenciesFile = Optional.empty();
    for (int index = 0; index < args.size(); index += 2) {
      String option = args.get(index);
      if (index + 1 >= args.size()) {
        throw new IllegalArgumentException("missing value for " + option);
      }
      String value = args.get(index + 1);
      switch (option) {
        case "--nsd-port" -> nsdPort = (int) number(option, value, 1, 65_535);
        case "--iterations" -> iterations = (int) number(option, value, 1, 100_000);
        case "--warmup" -> warmup = (int) number(option, value, 0, 100_000);
        case "--slow-zone" -> slowZone = (int) number(option, value, 1, BenchmarkZones.ZONE_COUNT);
        case "--slow-delay-ms" -> slowDelay = number(option, value, 0, MAX_DELAY_MILLIS);
        case "--other-zones-delay-ms" -> otherDelays = numbers(option, value);
        case "--max-seconds" -> maxSeconds = number(option, value, 1, 86_400);
        case "--latencies-file" -> latenciesFile = Optional.of(Path.of(value));
        default -> throw new IllegalArgumentException("unknown option '" + option + "'");
      }
    }
    if (nsdPort == null) {
      throw new IllegalArgumentException("missing --nsd-port, the port of NSD on 127.0.0.1");
    }
    return new BenchmarkOptions(
        nsdPort, iterations, warmup, slowZone, slowDelay, otherDelays, maxSeconds, latenciesFile);
  }

  private static List<Long> numbers(String option, String value) {
    List<Long> numbers = new ArrayList<>();
    for (String item : value.split(",", -1)) {
      numbers.add(number(option, item.trim(), 0, MAX_DELAY_MILLIS));
    }
    return List.copyOf(numbers);
  }

  private static long number(String option, String value, long minimum, long maximum) {
    long number;
    try {
      number = Long.parseLong(value);
    } catch (NumberFormatException e) {
      number = Long.MIN_VALUE;
    }
    if (number < minimum || number > maximum) {
      throw new IllegalArgumentException(
          "invalid "
              + option
              + " value '"
              + value
              + "': expected an integer from "
              + minimum
              + " to "
              + maximum);
    }
    return number;
  }
}
