package org.spamfree.core.tools;

import com.google.common.net.InetAddresses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.spamfree.core.SpamfreeModule;
import org.spamfree.core.config.HostPort;
import org.spamfree.core.config.SpamfreeConfigurationException;
import org.spamfree.core.config.SpamfreeSettings;
import org.spamfree.core.dns.DnsResolver;
import org.spamfree.core.spf.SpfEvaluation;
import org.spamfree.core.spf.SpfEvaluator;

/**
 * The {@code bin/spamfree spf} command: it checks the MAIL FROM identity with the server's SPF
 * evaluator and settings.
 *
 * <pre>
 * spamfree spf --ip ADDRESS --helo NAME --mail-from ADDRESS [--dns host:port]
 * spamfree spf --batch [--dns host:port]
 * </pre>
 *
 * The first form prints the result word on the first line, then the checked domain, the
 * explanation, the matched term, the problem and the trace of terms and lookups. An empty {@code
 * --mail-from} (or {@code <>}) is the null sender, checked as {@code postmaster@HELO}.
 *
 * <p>With {@code --batch} it reads lines {@code ip<TAB>helo<TAB>mail-from} from standard input and
 * writes one line per input line, flushed at once: the result word, then tab-separated the domain,
 * the matched term and the explanation or problem, {@code -} where there is none. A line that
 * cannot be read gives {@code invalid} and the reason, so a driving program stays in step.
 *
 * <p>Exit codes: 0 after the check (whatever its result), 2 for invalid arguments, 3 for invalid
 * configuration.
 */
public final class SpfTool {

  static final int EXIT_USAGE = 2;
  static final int EXIT_CONFIGURATION = 3;
  private static final long GRACE_MILLIS = 1000;

  private SpfTool() {}

  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out, System.err));
  }

  /** Runs the command and returns its exit code. */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    Map<String, String> options = new HashMap<>();
    boolean batch = false;
    for (int index = 0; index < args.length; index++) {
      String option = args[index];
      if (option.equals("--batch")) {
        batch = true;
        continue;
      }
      if (!List.of("--ip", "--helo", "--mail-from", "--dns").contains(option)) {
        return usage(err, "unknown option '" + option + "'");
      }
      if (index + 1 >= args.length) {
        return usage(err, option + " needs a value");
      }
      options.put(option, args[++index]);
    }
    if (batch
        && (options.containsKey("--ip")
            || options.containsKey("--helo")
            || options.containsKey("--mail-from"))) {
      return usage(
          err,
          "--batch reads the addresses from standard input; drop --ip, --helo and"
              + " --mail-from");
    }
    if (!batch && !(options.containsKey("--ip") && options.containsKey("--mail-from"))) {
      return usage(err, "expected --ip and --mail-from, or --batch");
    }
    if (!batch && !InetAddresses.isInetAddress(options.get("--ip"))) {
      return usage(err, "'" + options.get("--ip") + "' is not an IPv4 or IPv6 address");
    }
    if (!batch) {
      Optional<String> problem = mailFromProblem(options.get("--mail-from"));
      if (problem.isPresent()) {
        return usage(err, problem.get());
      }
    }
    List<HostPort> servers = null;
    if (options.containsKey("--dns")) {
      try {
        servers = List.of(HostPort.parse(options.get("--dns")));
      } catch (IllegalArgumentException e) {
        return usage(err, "--dns: " + e.getMessage());
      }
    }

    SpamfreeSettings settings;
    try {
      settings = SpamfreeModule.load(SpamfreeModule.configurationPath());
    } catch (SpamfreeConfigurationException e) {
      err.println("spamfree: invalid configuration: " + e.getMessage());
      return EXIT_CONFIGURATION;
    }
    SpfEvaluator evaluator;
    try {
      DnsResolver resolver =
          new DnsResolver(
              servers != null ? servers : settings.dnsServers(),
              settings.dnsTimeout(),
              settings.dnsCacheSize(),
              Clock.systemUTC());
      evaluator =
          new SpfEvaluator(
              resolver,
              settings.spf().deadline(),
              settings.spf().voidLookupLimit(),
              settings.spf().authServId(),
              Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      return usage(err, e.getMessage());
    }
    long waitMillis = settings.spf().deadline().toMillis() + GRACE_MILLIS;
    if (batch) {
      return runBatch(evaluator, waitMillis, in, out, err);
    }
    try {
      SpfEvaluation evaluation =
          check(
              evaluator,
              waitMillis,
              options.get("--ip"),
              options.getOrDefault("--helo", ""),
              options.get("--mail-from"));
      print(out, evaluation);
      return 0;
    } catch (ExecutionException | TimeoutException e) {
      err.println("spamfree: SPF check failed: " + e);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private static int runBatch(
      SpfEvaluator evaluator, long waitMillis, InputStream in, PrintStream out, PrintStream err) {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    try {
      String line;
      while ((line = reader.readLine()) != null) {
        out.println(batchLine(evaluator, waitMillis, line));
        out.flush();
      }
      return 0;
    } catch (IOException e) {
      err.println("spamfree: cannot read standard input: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /** Checks one batch line and returns the output line. */
  static String batchLine(SpfEvaluator evaluator, long waitMillis, String line)
      throws InterruptedException {
    String[] fields = line.split("\t", -1);
    if (fields.length != 3) {
      return "invalid\texpected ip<TAB>helo<TAB>mail-from, found " + fields.length + " fields";
    }
    if (!InetAddresses.isInetAddress(fields[0].trim())) {
      return "invalid\t'" + printable(fields[0]) + "' is not an IPv4 or IPv6 address";
    }
    Optional<String> problem = mailFromProblem(fields[2].trim());
    if (problem.isPresent()) {
      return "invalid\t" + printable(problem.get());
    }
    try {
      SpfEvaluation evaluation =
          check(evaluator, waitMillis, fields[0].trim(), fields[1].trim(), fields[2].trim());
      String detail =
          evaluation.explanation().or(evaluation::problem).map(SpfTool::printable).orElse("-");
      return evaluation.result().word()
          + "\t"
          + (evaluation.domain().isEmpty() ? "-" : evaluation.domain())
          + "\t"
          + evaluation.matchedTerm().map(SpfTool::printable).orElse("-")
          + "\t"
          + detail;
    } catch (ExecutionException | TimeoutException e) {
      return "invalid\tSPF check failed: " + printable(String.valueOf(e));
    }
  }

  private static SpfEvaluation check(
      SpfEvaluator evaluator, long waitMillis, String ip, String helo, String mailFrom)
      throws InterruptedException, ExecutionException, TimeoutException {
    InetAddress client = InetAddresses.forString(ip);
    String sender = mailFrom.equals("<>") ? "" : stripBrackets(mailFrom);
    return evaluator.checkMailFrom(client, helo, sender).get(waitMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Returns why a MAIL FROM value cannot be checked: it must be empty or {@code <>} for the null
   * sender, or an address with a domain after its last '@' and no white space.
   */
  static Optional<String> mailFromProblem(String mailFrom) {
    String sender = mailFrom.equals("<>") ? "" : stripBrackets(mailFrom);
    int at = sender.lastIndexOf('@');
    boolean valid =
        sender.isEmpty()
            || (at > 0
                && at < sender.length() - 1
                && sender.chars().noneMatch(Character::isWhitespace));
    return valid
        ? Optional.empty()
        : Optional.of(
            "'"
                + mailFrom
                + "' is not a MAIL FROM address: expected local-part@domain, or <> or an empty"
                + " value for the null sender");
  }

  private static String stripBrackets(String address) {
    return address.startsWith("<") && address.endsWith(">")
        ? address.substring(1, address.length() - 1)
        : address;
  }

  private static void print(PrintStream out, SpfEvaluation evaluation) {
    out.println(evaluation.result().word());
    out.println(
        "identity: "
            + evaluation.identity().word()
            + "  sender: "
            + evaluation.sender()
            + "  domain: "
            + (evaluation.domain().isEmpty() ? "none" : evaluation.domain())
            + "  client: "
            + evaluation.client().getHostAddress()
            + "  ("
            + evaluation.elapsed().toMillis()
            + " ms)");
    out.println("explanation: " + evaluation.explanation().orElse("none"));
    out.println("matched: " + evaluation.matchedTerm().orElse("none"));
    evaluation.problem().ifPresent(problem -> out.println("problem: " + problem));
    out.println("trace:");
    List<String> trace = new ArrayList<>(evaluation.trace());
    trace.forEach(line -> out.println("  " + line));
  }

  private static String printable(String text) {
    StringBuilder kept = new StringBuilder();
    for (char character : text.toCharArray()) {
      kept.append(character >= 0x20 && character < 0x7f ? character : '?');
    }
    return kept.toString();
  }

  private static int usage(PrintStream err, String problem) {
    err.println("spamfree: " + problem);
    err.println(
        "Usage: spamfree spf --ip ADDRESS --helo NAME --mail-from ADDRESS [--dns host:port]");
    err.println(
        "       spamfree spf --batch [--dns host:port]   (reads ip<TAB>helo<TAB>mail-from)");
    return EXIT_USAGE;
  }
}
