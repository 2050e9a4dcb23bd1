package org.spamfree.benchmarks;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parsed command line of {@link SmtpLoadClient}. Options take their value as the next argument or
 * after '=' ({@code --port 2525} or {@code --port=2525}). When an option is given twice, the last
 * value wins.
 *
 * @param helpRequested whether {@code --help} was given. The other fields are then null or false.
 * @param options load settings
 * @param csv whether to print the CSV line after the summary
 */
record CommandLine(boolean helpRequested, LoadOptions options, boolean csv) {

  static final String USAGE =
      """
      Usage: java -jar spamfree-benchmarks.jar --to ADDRESS[,ADDRESS...] [options]

      Sends SMTP messages to a server on this machine from concurrent sessions and
      reports throughput, rejections and latency. Only loopback addresses are accepted.

      Options:
        --host ADDRESS         server address: 127.0.0.0/8, ::1 or localhost (default 127.0.0.1)
        --port PORT            server port, 1 to 65535 (default 2525)
        --sources A[,A...]     loopback addresses to bind client sockets to, one per connection
                               in turn, same family as --host (default: chosen by the OS)
        --sessions N           concurrent SMTP sessions, 1 to 1000 (default 10)
        --messages M           measured messages, 1 to 10000000 (default 1000)
        --size BYTES           message size in bytes, headers included, before dot-stuffing
                               (default 4096). A message whose headers alone need more is larger.
        --per-session K        messages per connection before QUIT (default 1). Each next MAIL
                               follows a 250 without RSET. RSET is sent only after a rejected
                               MAIL, RCPT or DATA command.
        --helo NAME            EHLO name and Message-ID domain (default loadclient.example)
        --from ADDRESS         envelope sender and From header (default load@sender.example)
        --to ADDRESS[,...]     envelope recipients and To header (required)
        --max-seconds S        time bound for the whole run, warmup included, 1 to 86400
                               (default 300). The run stops at the bound even if messages remain.
        --timeout-ms MS        maximum wait for each SMTP reply and for connecting, in
                               milliseconds, 1 to 3600000 (default 30000)
        --warmup M             messages sent before the measured ones and left out of the
                               figures, 0 to 10000000 (default 0)
        --csv                  print the results again as one CSV line at the end
        --help                 print this help and exit

      Each message carries a unique Message-ID and an X-Load-Seq header numbered from 1,
      warmup messages first. A message's attempt ends at the first 4xx or 5xx reply, which
      is counted by code. It is accepted when the reply after the end-of-data dot is 2xx.
      Latency runs from sending MAIL FROM to that reply, for every message that got one.
      Percentiles are exact (nearest rank over all latencies). Connection errors include
      failed connects, resets, reply timeouts and malformed replies.

      CSV columns: %s

      Exit status: 0 when the run finished or stopped at the time bound, rejections
      included; 1 when no connection could be opened; 2 for invalid options.
      """
          .formatted(ResultReport.CSV_COLUMNS);

  private static final Map<String, String> VALUE_FORMS =
      Map.ofEntries(
          Map.entry("--host", LoopbackAddresses.ACCEPTED_FORM),
          Map.entry("--port", LoadOptions.PORT_RANGE.describe()),
          Map.entry("--sources", "loopback addresses separated by commas"),
          Map.entry("--sessions", LoadOptions.SESSIONS_RANGE.describe()),
          Map.entry("--messages", LoadOptions.MESSAGES_RANGE.describe()),
          Map.entry("--size", LoadOptions.SIZE_RANGE.describe()),
          Map.entry("--per-session", LoadOptions.PER_SESSION_RANGE.describe()),
          Map.entry("--helo", LoadOptions.HELO_FORM),
          Map.entry("--from", LoadOptions.ADDRESS_FORM),
          Map.entry("--to", LoadOptions.RECIPIENTS_FORM),
          Map.entry("--max-seconds", LoadOptions.MAX_SECONDS_RANGE.describe()),
          Map.entry("--timeout-ms", LoadOptions.TIMEOUT_MS_RANGE.describe()),
          Map.entry("--warmup", LoadOptions.WARMUP_RANGE.describe()));

  /**
   * Parses the arguments of {@link SmtpLoadClient#main}.
   *
   * @throws InvalidOptionException for an unknown option, a missing or invalid value, or a missing
   *     {@code --to}
   */
  static CommandLine parse(String... args) {
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        return new CommandLine(true, null, false);
      }
    }

    LoadOptions.Builder builder = LoadOptions.builder();
    boolean csv = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new InvalidOptionException(
            arg, "Unexpected argument '" + arg + "': every value must follow its option.");
      }

      int equals = arg.indexOf('=');
      String option = equals < 0 ? arg : arg.substring(0, equals);
      if (option.equals("--csv")) {
        if (equals >= 0) {
          throw InvalidOptionException.invalidValue(
              option, arg.substring(equals + 1), "no value, because --csv is a flag");
        }
        csv = true;
        continue;
      }

      String acceptedForm = VALUE_FORMS.get(option);
      if (acceptedForm == null) {
        throw new InvalidOptionException(option, "Unknown option '" + option + "'.");
      }
      String value;
      if (equals >= 0) {
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.length) {
        i++;
        value = args[i];
      } else {
        throw InvalidOptionException.missingValue(option, acceptedForm);
      }
      apply(builder, option, value);
    }
    return new CommandLine(false, builder.build(), csv);
  }

  private static void apply(LoadOptions.Builder builder, String option, String value) {
    switch (option) {
      case "--host" -> builder.host(LoopbackAddresses.parse(option, value));
      case "--port" -> builder.port(LoadOptions.PORT_RANGE.parse(option, value));
      case "--sources" -> builder.sourceAddresses(parseSources(value));
      case "--sessions" -> builder.sessions(LoadOptions.SESSIONS_RANGE.parse(option, value));
      case "--messages" -> builder.messages(LoadOptions.MESSAGES_RANGE.parse(option, value));
      case "--size" -> builder.messageSizeBytes(LoadOptions.SIZE_RANGE.parse(option, value));
      case "--per-session" -> builder.messagesPerSession(
          LoadOptions.PER_SESSION_RANGE.parse(option, value));
      case "--helo" -> builder.heloName(value);
      case "--from" -> builder.sender(value);
      case "--to" -> builder.recipients(splitList(option, value, LoadOptions.RECIPIENTS_FORM));
      case "--max-seconds" -> builder.maxDuration(
          Duration.ofSeconds(LoadOptions.MAX_SECONDS_RANGE.parse(option, value)));
      case "--timeout-ms" -> builder.replyTimeout(
          Duration.ofMillis(LoadOptions.TIMEOUT_MS_RANGE.parse(option, value)));
      case "--warmup" -> builder.warmupMessages(LoadOptions.WARMUP_RANGE.parse(option, value));
      default -> throw new IllegalStateException("option without a parser: " + option);
    }
  }

  private static List<InetAddress> parseSources(String value) {
    List<InetAddress> sources = new ArrayList<>();
    for (String item : splitList("--sources", value, VALUE_FORMS.get("--sources"))) {
      sources.add(LoopbackAddresses.parse("--sources", item));
    }
    return sources;
  }

  // An empty item, as in "a,,b" or a trailing comma, is an error rather than silently skipped.
  private static List<String> splitList(String option, String value, String acceptedForm) {
    List<String> items = new ArrayList<>();
    for (String item : value.split(",", -1)) {
      String stripped = item.strip();
      if (stripped.isEmpty()) {
        throw InvalidOptionException.invalidValue(option, value, acceptedForm);
      }
      items.add(stripped);
    }
    return items;
  }
}
