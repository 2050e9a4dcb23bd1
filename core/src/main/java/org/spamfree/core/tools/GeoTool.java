package org.spamfree.core.tools;

import com.google.common.net.InetAddresses;
import java.io.PrintStream;
import java.net.InetAddress;
import org.spamfree.core.SpamfreeModule;
import org.spamfree.core.config.SpamfreeConfigurationException;
import org.spamfree.core.config.SpamfreeSettings;
import org.spamfree.core.geo.GeoDatabase;
import org.spamfree.core.geo.GeoLocator;
import org.spamfree.core.geo.GeoResult;

/**
 * The {@code bin/spamfree geo ADDRESS} command: looks the address up with the server's geo settings
 * and prints the country, the database network that contains it, the autonomous system when an ASN
 * database is configured, and each database's file and build date.
 *
 * <p>Exit codes: 0 after the lookup (found or not), 2 for invalid arguments, 3 for invalid
 * configuration, a missing or corrupt database, or geo tagging turned off.
 */
public final class GeoTool {

  static final int EXIT_USAGE = 2;
  static final int EXIT_CONFIGURATION = 3;

  private GeoTool() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command and returns its exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 2 || !args[0].equals("geo")) {
      return usage(err, "expected the command geo and one address");
    }
    if (!InetAddresses.isInetAddress(args[1])) {
      return usage(err, "'" + args[1] + "' is not an IPv4 or IPv6 address");
    }
    InetAddress address = InetAddresses.forString(args[1]);

    GeoLocator locator;
    try {
      SpamfreeSettings settings = SpamfreeModule.load(SpamfreeModule.configurationPath());
      if (!settings.geo().enabled()) {
        err.println(
            "spamfree: geo tagging is off: set geo.database in "
                + settings.source()
                + ", for example to conf/geo/iptoasn-country.mmdb");
        return EXIT_CONFIGURATION;
      }
      locator = GeoLocator.open(settings.geo(), SpamfreeModule.workingDirectory());
    } catch (SpamfreeConfigurationException e) {
      err.println("spamfree: invalid configuration: " + e.getMessage());
      return EXIT_CONFIGURATION;
    }

    print(locator, locator.locate(address), out);
    return 0;
  }

  static void print(GeoLocator locator, GeoResult result, PrintStream out) {
    out.println("Address: " + result.address().getHostAddress());
    out.println(
        "Country: "
            + result
                .country()
                .map(GeoResult.Country::isoCode)
                .orElse("none (" + result.noCountryReason().orElse("unknown") + ")"));
    out.println("Network: " + result.country().map(GeoResult.Country::network).orElse("none"));
    if (locator.asnDatabase().isPresent()) {
      out.println(
          "ASN: "
              + result
                  .autonomousSystem()
                  .map(
                      system ->
                          system.number()
                              + system.organization().map(name -> " " + name).orElse("")
                              + " (network "
                              + system.network()
                              + ")")
                  .orElse("none"));
    }
    locator.countryDatabase().ifPresent(info -> out.println("Database: " + describe(info)));
    locator.asnDatabase().ifPresent(info -> out.println("ASN database: " + describe(info)));
  }

  private static String describe(GeoDatabase.Info info) {
    return info.path() + " (type " + info.databaseType() + ", built " + info.buildDate() + ")";
  }

  private static int usage(PrintStream err, String problem) {
    err.println("spamfree: " + problem);
    err.println("Usage: spamfree geo ADDRESS");
    return EXIT_USAGE;
  }
}
