package org.spamfree.core;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spamfree.core.attachment.AttachmentInspector;
import org.spamfree.core.clamav.ClamdClient;
import org.spamfree.core.config.SettingsParser;
import org.spamfree.core.config.SpamfreeConfigurationException;
import org.spamfree.core.config.SpamfreeSettings;
import org.spamfree.core.dns.DnsResolver;
import org.spamfree.core.dns.HeloDnsCheck;
import org.spamfree.core.dns.ReverseDnsCheck;
import org.spamfree.core.dnsbl.DnsblChecker;
import org.spamfree.core.geo.GeoLocator;
import org.spamfree.core.helo.HeloAnalyzer;
import org.spamfree.core.helo.LocalIdentity;
import org.spamfree.core.spf.SpfEvaluator;
import org.spamfree.core.store.BurstCounter;
import org.spamfree.core.store.JdbcReputationStore;
import org.spamfree.core.store.ReputationService;
import org.spamfree.core.store.StoreSettings;
import org.spamfree.core.verdict.PolicyResolver;
import org.spamfree.core.verdict.Profiler;

/**
 * Binds the engine's singletons for James's extension injector. Named in {@code
 * conf/extensions.properties} as {@code guice.extension.module}, so every hook, matcher and mailet
 * built by James receives the same settings and engine objects by {@code @Inject}.
 *
 * <p>The settings file is {@code conf/spamfree.properties} under James's {@code working.directory},
 * or the path in the {@code spamfree.config} system property. The {@code spamfree.next.hop} and
 * {@code spamfree.dns.servers} system properties override the file.
 */
public class SpamfreeModule extends AbstractModule {

  public static final String CONFIG_PROPERTY = "spamfree.config";
  public static final Duration SELF_TEST_PERIOD = Duration.ofHours(1);

  /** Longest wait at start for the store's first open attempt, migration included. */
  public static final Duration STORE_OPEN_WAIT = Duration.ofSeconds(15);

  private static final Logger LOGGER = LoggerFactory.getLogger(SpamfreeModule.class);

  @Provides
  @Singleton
  SpamfreeSettings settings() {
    Path path = configurationPath();
    SpamfreeSettings settings = load(path);
    LOGGER.info("Spamfree configuration: {}", settings.describe());
    return settings;
  }

  @Provides
  @Singleton
  Profiler profiler(SpamfreeSettings settings) {
    return new Profiler(settings.scores());
  }

  @Provides
  @Singleton
  PolicyResolver policyResolver(Profiler profiler, SpamfreeSettings settings) {
    return new PolicyResolver(profiler, settings);
  }

  @Provides
  @Singleton
  DnsResolver dnsResolver(SpamfreeSettings settings) {
    return new DnsResolver(
        settings.dnsServers(), settings.dnsTimeout(), settings.dnsCacheSize(), Clock.systemUTC());
  }

  /**
   * Provides the DNS list checker and starts its RFC 5782 self-test, at start and every {@link
   * #SELF_TEST_PERIOD}, on a daemon thread.
   */
  @Provides
  @Singleton
  DnsblChecker dnsblChecker(SpamfreeSettings settings, DnsResolver resolver) {
    DnsblChecker checker = new DnsblChecker(resolver, settings.dnsLists(), Clock.systemUTC());
    if (!settings.dnsLists().isEmpty()) {
      ScheduledExecutorService executor =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "spamfree-dnsbl-self-test");
                thread.setDaemon(true);
                return thread;
              });
      checker.scheduleSelfTest(executor, SELF_TEST_PERIOD);
    }
    return checker;
  }

  /**
   * Provides the clamd client and, when scanning is on, requests each server's version on a daemon
   * thread, so that a wrong address shows in the log at start without delaying it.
   */
  @Provides
  @Singleton
  ClamdClient clamdClient(SpamfreeSettings settings) {
    ClamdClient client = new ClamdClient(settings.clamav());
    if (settings.clamav().enabled()) {
      Thread probe = new Thread(client::probe, "spamfree-clamd-probe");
      probe.setDaemon(true);
      probe.start();
    }
    return client;
  }

  @Provides
  @Singleton
  AttachmentInspector attachmentInspector(SpamfreeSettings settings) {
    return new AttachmentInspector(settings.attachments());
  }

  @Provides
  @Singleton
  ReverseDnsCheck reverseDnsCheck(DnsResolver resolver) {
    return new ReverseDnsCheck(resolver);
  }

  @Provides
  @Singleton
  HeloDnsCheck heloDnsCheck(DnsResolver resolver) {
    return new HeloDnsCheck(resolver);
  }

  @Provides
  @Singleton
  HeloAnalyzer heloAnalyzer(SpamfreeSettings settings) {
    return new HeloAnalyzer(
        new LocalIdentity(
            settings.serverNames(),
            settings.serverAddresses(),
            settings.protectedDomains().keySet()));
  }

  /** Provides the SPF evaluator on the shared resolver, with the {@code spf.*} settings. */
  @Provides
  @Singleton
  SpfEvaluator spfEvaluator(SpamfreeSettings settings, DnsResolver resolver) {
    return new SpfEvaluator(
        resolver,
        settings.spf().deadline(),
        settings.spf().voidLookupLimit(),
        settings.spf().authServId(),
        Clock.systemUTC());
  }

  /**
   * Provides the geo lookup, with its databases loaded and verified, and checks the files for
   * changes every {@code geo.reload.interval} on a daemon thread. A missing or corrupt database
   * stops start-up with a configuration error.
   */
  @Provides
  @Singleton
  GeoLocator geoLocator(SpamfreeSettings settings) {
    GeoLocator locator = GeoLocator.open(settings.geo(), workingDirectory());
    locator
        .countryDatabase()
        .ifPresent(
            info ->
                LOGGER.info(
                    "Geo database {}: type={} built={}",
                    info.path(),
                    info.databaseType(),
                    info.buildDate()));
    long interval = settings.geo().reloadInterval().toMillis();
    if (locator.enabled() && interval > 0) {
      ScheduledExecutorService executor =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "spamfree-geo-reload");
                thread.setDaemon(true);
                return thread;
              });
      // An exception would end a fixed-delay schedule silently, so each check catches its own.
      Runnable check =
          () -> {
            try {
              locator.reloadIfChanged();
            } catch (RuntimeException e) {
              LOGGER.error(
                  "Checking the geo databases for changes failed; checking again later", e);
            }
          };
      executor.scheduleWithFixedDelay(check, interval, interval, TimeUnit.MILLISECONDS);
    }
    return locator;
  }

  /**
   * Provides the store service and starts its writer thread, which opens the database in the
   * background. A JVM shutdown hook writes what is still queued and closes the database.
   */
  @Provides
  @Singleton
  ReputationService reputationService(SpamfreeSettings settings) {
    StoreSettings store = settings.store();
    String url = store.url().orElseGet(SpamfreeModule::defaultStoreUrl);
    ReputationService service =
        new ReputationService(
            store,
            () ->
                JdbcReputationStore.open(
                    url, store.user(), store.password(), store.poolSize(), store.timeout()),
            Clock.systemUTC());
    service.start();
    try {
      if (!service.awaitFirstOpen(STORE_OPEN_WAIT)) {
        LOGGER.warn(
            "Store not open after {} s: {}. Starting anyway; the checks that need it score their"
                + " failure symbols until it opens",
            STORE_OPEN_WAIT.toSeconds(),
            service.lastFailure());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "spamfree-store-shutdown"));
    return service;
  }

  @Provides
  @Singleton
  BurstCounter burstCounter(SpamfreeSettings settings) {
    return new BurstCounter(
        settings.store().burstConnections(), settings.store().burstWindow(), Clock.systemUTC());
  }

  /**
   * Returns the JDBC URL of the embedded default: the H2 file {@code var/store/spamfree} under
   * James's working directory. H2 closes the file when the store closes it, not in its own shutdown
   * hook, so queued writes reach it first.
   */
  public static String defaultStoreUrl() {
    Path file =
        Path.of(System.getProperty("working.directory", "."), "var", "store", "spamfree")
            .toAbsolutePath()
            .normalize();
    return "jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE";
  }

  /**
   * Properties that record each key set a second time, since {@link Properties#load} silently keeps
   * the last value and a forgotten earlier line would then change the setting unnoticed.
   */
  private static final class DuplicateRecordingProperties extends Properties {
    private static final long serialVersionUID = 1L;

    private final transient List<String> duplicates = new ArrayList<>();

    @Override
    public synchronized Object put(Object key, Object value) {
      Object previous = super.put(key, value);
      if (previous != null) {
        String name = key.toString();
        // local.user.ADDRESS is a user's password.
        boolean secret =
            name.contains("password") || name.contains("secret") || name.startsWith("local.user.");
        duplicates.add(
            "key '"
                + name
                + "' is set more than once"
                + (secret ? "" : " (values '" + previous + "' and '" + value + "')"));
      }
      return previous;
    }
  }

  /** Reads and validates a settings file, with the overrides taken from system properties. */
  public static SpamfreeSettings load(Path path) {
    DuplicateRecordingProperties properties = new DuplicateRecordingProperties();
    try (InputStream input = Files.newInputStream(path)) {
      properties.load(input);
    } catch (NoSuchFileException e) {
      throw new SpamfreeConfigurationException(
          "Missing configuration file "
              + path
              + ". Copy conf/spamfree.properties from the distribution there, or set -D"
              + CONFIG_PROPERTY
              + "=PATH.");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read configuration file " + path, e);
    } catch (IllegalArgumentException e) {
      throw new SpamfreeConfigurationException(
          "Invalid configuration file " + path + ": " + e.getMessage());
    }
    if (!properties.duplicates.isEmpty()) {
      throw new SpamfreeConfigurationException(
          "Invalid configuration file "
              + path
              + ": "
              + String.join("; ", properties.duplicates)
              + ". A key may appear once; delete the lines you do not want.");
    }
    Map<String, String> values = new HashMap<>();
    properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
    Map<String, String> overrides = new HashMap<>();
    for (String key :
        new String[] {SettingsParser.OVERRIDE_NEXT_HOP, SettingsParser.OVERRIDE_DNS_SERVERS}) {
      String value = System.getProperty(key);
      if (value != null) {
        overrides.put(key, value);
      }
    }
    return SettingsParser.parse(path.toString(), values, overrides);
  }

  /** Returns James's working directory, against which relative paths in the settings resolve. */
  public static Path workingDirectory() {
    return Path.of(System.getProperty("working.directory", "."));
  }

  /**
   * Returns the settings file: the {@code spamfree.config} system property, else {@code
   * conf/spamfree.properties} under James's {@code working.directory}.
   */
  public static Path configurationPath() {
    String explicit = System.getProperty(CONFIG_PROPERTY);
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String workingDirectory = System.getProperty("working.directory", ".");
    return Path.of(workingDirectory, "conf", "spamfree.properties");
  }
}
