package org.spamfree.core.tools;

import com.google.common.net.HostAndPort;
import com.google.common.net.InetAddresses;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.spamfree.core.SpamfreeModule;
import org.spamfree.core.config.HostPort;
import org.spamfree.core.config.SpamfreeConfigurationException;
import org.spamfree.core.config.SpamfreeSettings;
import org.spamfree.core.dns.DnsResolver;
import org.spamfree.core.dns.ReverseDnsCheck;
import org.spamfree.core.dnsbl.DnsblChecker;
import org.spamfree.core.dnsbl.DnsblZone;
import org.spamfree.core.dnsbl.ZoneResult;

/**
 * The {@code bin/spamfree dnsbl} and {@code bin/spamfree rdns} commands: they run the same lookups
 * as the server, with the same settings, and print what each one found.
 *
 * <pre>
 * spamfree dnsbl ADDRESS [--dns host:port]   every IP list's answer, its meaning, TXT and time
 * spamfree rdns ADDRESS [--dns host:port]    the PTR names and their forward confirmation
 * </pre>
 *
 * Exit codes: 0 after the lookups (listed or not), 1 when a list gave no usable answer or the
 * lookups failed as a whole, 2 for invalid arguments, 3 for invalid configuration.
 */
public final class DnsTool {

  static final int EXIT_LOOKUP_FAILED = 1;
  static final int EXIT_USAGE = 2;
  static final int EXIT_CONFIGURATION = 3;
  private static final Duration TOOL_DEADLINE = Duration.ofSeconds(30);

  private DnsTool() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command and returns its exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length < 2) {
      return usage(err, "expected a command, an address and optionally --dns host:port");
    }
    String command = args[0];
    if (!command.equals("dnsbl") && !command.equals("rdns")) {
      return usage(err, "unknown command '" + command + "'");
    }
    if (args[1].startsWith("--")) {
      return usage(
          err, "expected the address before any option, but found the option '" + args[1] + "'");
    }
    if (!InetAddresses.isInetAddress(args[1])) {
      return usage(err, "'" + args[1] + "' is not an IPv4 or IPv6 address");
    }
    InetAddress address = InetAddresses.forString(args[1]);
    List<HostPort> servers = null;
    for (int i = 2; i < args.length; i++) {
      if (!args[i].equals("--dns")) {
        return usage(
            err,
            args[i].startsWith("--")
                ? "unknown option '" + args[i] + "'"
                : "unexpected argument '" + args[i] + "' after the address");
      }
      if (servers != null) {
        return usage(err, "--dns is given twice");
      }
      if (i + 1 == args.length) {
        return usage(err, "missing value for --dns: expected host:port, such as 127.0.0.1:53");
      }
      try {
        servers = List.of(HostPort.parse(args[++i]));
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
    DnsResolver resolver;
    try {
      resolver =
          new DnsResolver(
              servers != null ? servers : settings.dnsServers(),
              settings.dnsTimeout(),
              settings.dnsCacheSize(),
              Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      return usage(err, e.getMessage());
    }
    out.println(
        "DNS servers: "
            + resolver.servers().stream()
                .map(server -> HostAndPort.fromParts(server.getHostString(), server.getPort()))
                .map(HostAndPort::toString)
                .collect(Collectors.joining(", ")));
    try {
      if (command.equals("dnsbl")) {
        int unanswered = printLists(out, settings, resolver, address);
        if (unanswered > 0) {
          err.println(
              "spamfree: "
                  + unanswered
                  + " list(s) gave no usable answer, so their result above is unknown");
          return EXIT_LOOKUP_FAILED;
        }
      } else {
        printReverseDns(out, resolver, address);
      }
    } catch (Exception e) {
      err.println("spamfree: lookup failed: " + e);
      return EXIT_LOOKUP_FAILED;
    }
    return 0;
  }

  /** Prints each IP list's answer and returns the number of lists without a usable answer. */
  private static int printLists(
      PrintStream out, SpamfreeSettings settings, DnsResolver resolver, InetAddress address)
      throws Exception {
    List<DnsblZone> zones =
        settings.dnsLists().stream().filter(zone -> zone.kind() == DnsblZone.Kind.IP).toList();
    if (zones.isEmpty()) {
      out.println("No IP lists configured (dnsbl.lists in conf/spamfree.properties).");
      return 0;
    }
    int unanswered = 0;
    for (DnsblZone zone : zones) {
      DnsblChecker checker = new DnsblChecker(resolver, List.of(zone), Clock.systemUTC());
      long started = System.nanoTime();
      ZoneResult result =
          checker.checkAddress(address).get(TOOL_DEADLINE.toSeconds(), TimeUnit.SECONDS).get(0);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      if (result instanceof ZoneResult.Failed || result instanceof ZoneResult.Invalid) {
        unanswered++;
      }
      out.println(
          zone.zone()
              + "  query "
              + zone.queryName(address)
              + "  "
              + describe(result)
              + "  "
              + millis
              + " ms");
    }
    return unanswered;
  }

  private static String describe(ZoneResult result) {
    if (result instanceof ZoneResult.Listed listed) {
      return "LISTED "
          + String.join(",", listed.codes())
          + " = "
          + String.join(",", listed.symbols())
          + listed.reason().map(reason -> "  \"" + reason + "\"").orElse("");
    }
    if (result instanceof ZoneResult.Failed failed) {
      return "FAILED "
          + failed.reason()
          + " (scored as "
          + result.zone().failureSymbol()
          + ", never as listed)";
    }
    if (result instanceof ZoneResult.Invalid invalid) {
      return "INVALID " + invalid.codes() + " (an error code or an answer outside 127.0.0.0/8)";
    }
    return "not listed";
  }

  private static void printReverseDns(PrintStream out, DnsResolver resolver, InetAddress address)
      throws Exception {
    long started = System.nanoTime();
    ReverseDnsCheck.Result result =
        new ReverseDnsCheck(resolver)
            .check(address)
            .get(TOOL_DEADLINE.toSeconds(), TimeUnit.SECONDS);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    out.println("Address " + address.getHostAddress() + "  (" + millis + " ms)");
    out.println(
        "PTR names: "
            + (result.ptrNames().isEmpty() ? "none" : String.join(", ", result.ptrNames())));
    out.println("Forward-confirmed name: " + result.confirmedName().orElse("none"));
    List<String> symbols = new ArrayList<>();
    result.symbols().forEach(symbol -> symbols.add(symbol.name() + " (" + symbol.reason() + ")"));
    out.println("Symbols: " + (symbols.isEmpty() ? "none" : String.join("; ", symbols)));
  }

  private static int usage(PrintStream err, String problem) {
    err.println("spamfree: " + problem);
    err.println("Usage: spamfree dnsbl ADDRESS [--dns host:port]");
    err.println("       spamfree rdns ADDRESS [--dns host:port]");
    return EXIT_USAGE;
  }
}
