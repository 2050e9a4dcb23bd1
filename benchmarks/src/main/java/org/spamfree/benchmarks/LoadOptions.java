package org.spamfree.benchmarks;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Settings of one load run. The constructor validates every field and throws {@link
 * InvalidOptionException} naming the command-line option that sets it, so Java callers get the same
 * checks as the command line. {@link #builder()} starts from the command-line defaults.
 *
 * @param host server address, always a loopback address
 * @param port server TCP port
 * @param sourceAddresses loopback addresses that client sockets bind to, one per connection in
 *     turn. Empty lets the operating system choose.
 * @param sessions number of SMTP sessions that run at the same time
 * @param messages number of measured messages
 * @param messageSizeBytes size of each message in bytes, headers included and before dot-stuffing
 * @param messagesPerSession messages sent over one connection before QUIT
 * @param heloName name sent with EHLO, and the domain of each Message-ID
 * @param sender envelope sender (MAIL FROM) and From header
 * @param recipients envelope recipients (RCPT TO) and To header
 * @param maxDuration time bound for the whole run, warmup included
 * @param replyTimeout maximum wait for one complete SMTP reply, also used as the connect timeout
 * @param warmupMessages messages sent before the measured ones and left out of the figures
 */
public record LoadOptions(
    InetAddress host,
    int port,
    List<InetAddress> sourceAddresses,
    int sessions,
    int messages,
    int messageSizeBytes,
    int messagesPerSession,
    String heloName,
    String sender,
    List<String> recipients,
    Duration maxDuration,
    Duration replyTimeout,
    int warmupMessages) {

  static final IntegerRange PORT_RANGE = new IntegerRange(1, 65_535);
  // Each session is one thread and one connection.
  static final IntegerRange SESSIONS_RANGE = new IntegerRange(1, 1_000);
  // Exact percentiles keep every latency in memory, 8 bytes per message: 80 MB at the maximum.
  static final IntegerRange MESSAGES_RANGE = new IntegerRange(1, 10_000_000);
  static final IntegerRange WARMUP_RANGE = new IntegerRange(0, 10_000_000);
  // Each session builds its current message in memory.
  static final IntegerRange SIZE_RANGE = new IntegerRange(1, 64 * 1024 * 1024);
  static final IntegerRange PER_SESSION_RANGE = new IntegerRange(1, 10_000_000);
  static final IntegerRange MAX_SECONDS_RANGE = new IntegerRange(1, 86_400);
  static final IntegerRange TIMEOUT_MS_RANGE = new IntegerRange(1, 3_600_000);

  static final String HELO_FORM =
      "a domain name such as loadclient.example or an address literal such as [127.0.0.1]";
  static final String ADDRESS_FORM =
      "an address local-part@domain of printable ASCII without spaces or angle brackets";
  static final String RECIPIENTS_FORM =
      "one or more addresses separated by commas, each " + ADDRESS_FORM;

  private static final Pattern DOMAIN_NAME =
      Pattern.compile(
          "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
  private static final Pattern ADDRESS_LITERAL = Pattern.compile("\\[[A-Za-z0-9:.]+\\]");
  // Printable ASCII without space, '<', '>' and '@' on both sides of one '@'. Rejecting CR, LF and
  // the brackets keeps an address from ending the MAIL or RCPT command early.
  private static final Pattern MAILBOX = Pattern.compile("[!-?A-~&&[^<>@]]+@[!-?A-~&&[^<>@]]+");

  public LoadOptions {
    LoopbackAddresses.requireLoopback("--host", host);
    PORT_RANGE.require("--port", port);
    sourceAddresses = List.copyOf(sourceAddresses);
    for (InetAddress source : sourceAddresses) {
      LoopbackAddresses.requireLoopback("--sources", source);
      if (!LoopbackAddresses.family(source).equals(LoopbackAddresses.family(host))) {
        throw InvalidOptionException.invalidValue(
            "--sources",
            source.getHostAddress(),
            LoopbackAddresses.family(host)
                + " addresses, the family of --host "
                + host.getHostAddress());
      }
    }
    SESSIONS_RANGE.require("--sessions", sessions);
    MESSAGES_RANGE.require("--messages", messages);
    SIZE_RANGE.require("--size", messageSizeBytes);
    PER_SESSION_RANGE.require("--per-session", messagesPerSession);
    requireHeloName(heloName);
    requireMailbox("--from", sender, ADDRESS_FORM);
    recipients = List.copyOf(recipients);
    if (recipients.isEmpty()) {
      throw InvalidOptionException.missingValue("--to", RECIPIENTS_FORM);
    }
    for (String recipient : recipients) {
      requireMailbox("--to", recipient, RECIPIENTS_FORM);
    }
    requireDuration("--max-seconds", maxDuration, MAX_SECONDS_RANGE, Duration.ofSeconds(1));
    requireDuration("--timeout-ms", replyTimeout, TIMEOUT_MS_RANGE, Duration.ofMillis(1));
    WARMUP_RANGE.require("--warmup", warmupMessages);
  }

  /** Returns a builder set to the command-line defaults, with no recipient yet. */
  public static Builder builder() {
    return new Builder();
  }

  /** Total messages of the run, warmup included. */
  public int totalMessages() {
    return warmupMessages + messages;
  }

  private static void requireHeloName(String heloName) {
    if (heloName == null
        || !(DOMAIN_NAME.matcher(heloName).matches()
            || ADDRESS_LITERAL.matcher(heloName).matches())) {
      throw InvalidOptionException.invalidValue("--helo", String.valueOf(heloName), HELO_FORM);
    }
  }

  private static void requireMailbox(String option, String address, String acceptedForm) {
    if (address == null || !MAILBOX.matcher(address).matches()) {
      throw InvalidOptionException.invalidValue(option, String.valueOf(address), acceptedForm);
    }
  }

  // Java callers may pass any positive duration up to the range's maximum in the range's unit.
  private static void requireDuration(
      String option, Duration duration, IntegerRange range, Duration unit) {
    Duration max = unit.multipliedBy(range.max());
    if (duration == null
        || duration.isNegative()
        || duration.isZero()
        || duration.compareTo(max) > 0) {
      String displayedValue = duration == null ? "(none)" : Long.toString(duration.dividedBy(unit));
      throw InvalidOptionException.invalidValue(option, displayedValue, range.describe());
    }
  }

  /** Mutable builder that starts from the defaults of the command line. */
  public static final class Builder {
    private InetAddress host = LoopbackAddresses.parse("--host", "127.0.0.1");
    private int port = 2525;
    private List<InetAddress> sourceAddresses = List.of();
    private int sessions = 10;
    private int messages = 1000;
    private int messageSizeBytes = 4096;
    private int messagesPerSession = 1;
    private String heloName = "loadclient.example";
    private String sender = "load@sender.example";
    private List<String> recipients = List.of();
    private Duration maxDuration = Duration.ofSeconds(300);
    private Duration replyTimeout = Duration.ofSeconds(30);
    private int warmupMessages = 0;

    private Builder() {}

    public Builder host(InetAddress host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder sourceAddresses(List<InetAddress> sourceAddresses) {
      this.sourceAddresses = sourceAddresses;
      return this;
    }

    public Builder sessions(int sessions) {
      this.sessions = sessions;
      return this;
    }

    public Builder messages(int messages) {
      this.messages = messages;
      return this;
    }

    public Builder messageSizeBytes(int messageSizeBytes) {
      this.messageSizeBytes = messageSizeBytes;
      return this;
    }

    public Builder messagesPerSession(int messagesPerSession) {
      this.messagesPerSession = messagesPerSession;
      return this;
    }

    public Builder heloName(String heloName) {
      this.heloName = heloName;
      return this;
    }

    public Builder sender(String sender) {
      this.sender = sender;
      return this;
    }

    public Builder recipients(List<String> recipients) {
      this.recipients = recipients;
      return this;
    }

    public Builder maxDuration(Duration maxDuration) {
      this.maxDuration = maxDuration;
      return this;
    }

    public Builder replyTimeout(Duration replyTimeout) {
      this.replyTimeout = replyTimeout;
      return this;
    }

    public Builder warmupMessages(int warmupMessages) {
      this.warmupMessages = warmupMessages;
      return this;
    }

    /** Builds the options after validating every field. */
    public LoadOptions build() {
      return new LoadOptions(
          host,
          port,
          sourceAddresses,
          sessions,
          messages,
          messageSizeBytes,
          messagesPerSession,
          heloName,
          sender,
          recipients,
          maxDuration,
          replyTimeout,
          warmupMessages);
    }
  }
}
