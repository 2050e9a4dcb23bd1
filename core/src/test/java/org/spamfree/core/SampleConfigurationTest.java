package org.spamfree.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spamfree.core.config.SettingsParser;
import org.spamfree.core.config.SpamfreeConfigurationException;
import org.spamfree.core.config.SpamfreeSettings;
import org.spamfree.core.verdict.DefaultScores;
import org.spamfree.core.verdict.Policy;

/** Checks the sample files in the distribution's {@code conf/} directory against the code. */
class SampleConfigurationTest {

  /** A {@code match="..."} or {@code class="..."} attribute that names a Spamfree class. */
  private static final Pattern SPAMFREE_CLASS_ATTRIBUTE =
      Pattern.compile("\\b(?:match|class)=\"(org\\.spamfree\\.[A-Za-z0-9_.]+)(?:=[^\"]*)?\"");

  private static final List<String> EXTENSION_MODULES = List.of("hooks", "matchers", "mailets");

  private static final Path PROJECT_ROOT = findProjectRoot();
  private static final Path CONF = PROJECT_ROOT.resolve("conf");

  @Test
  void sampleSettingsParse() {
    SpamfreeSettings settings = SpamfreeModule.load(CONF.resolve("spamfree.properties"));

    assertThat(settings.protectedDomains()).containsOnlyKeys("spamfree.test");
  }

  @Test
  void sampleScoresEqualDefaultScores() throws IOException {
    Map<String, Double> sampleScores = new TreeMap<>();
    Properties sample = loadProperties(CONF.resolve("spamfree.properties"));
    for (String key : sample.stringPropertyNames()) {
      if (key.startsWith("score.")) {
        sampleScores.put(
            key.substring("score.".length()), Double.parseDouble(sample.getProperty(key).trim()));
      }
    }

    assertThat(sampleScores).isEqualTo(new TreeMap<>(DefaultScores.ALL));
  }

  @Test
  void parsedSampleScoresEqualDefaultScores() {
    SpamfreeSettings settings = SpamfreeModule.load(CONF.resolve("spamfree.properties"));

    assertThat(settings.scores().asMap()).isEqualTo(DefaultScores.ALL);
  }

  @Test
  void sampleDefaultPolicyEqualsBuiltInDefaults() {
    Policy policy = SpamfreeModule.load(CONF.resolve("spamfree.properties")).defaultPolicy();

    assertThat(policy.tag()).isEqualTo(OptionalDouble.of(SettingsParser.DEFAULT_TAG));
    assertThat(policy.quarantine()).isEqualTo(OptionalDouble.of(SettingsParser.DEFAULT_QUARANTINE));
    assertThat(policy.tempfail()).isEmpty();
    assertThat(policy.reject()).isEqualTo(OptionalDouble.of(SettingsParser.DEFAULT_REJECT));
  }

  @Test
  void sampleLocalUserDomainIsProtected() {
    SpamfreeSettings settings = SpamfreeModule.load(CONF.resolve("spamfree.properties"));

    assertThat(settings.localUsers()).containsOnlyKeys("demo@spamfree.test");
  }

  @Test
  void keySetTwiceStopsLoading(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("spamfree.properties");
    Files.writeString(
        file,
        "protected.domains = spamfree.test\n"
            + "store.password = first\n"
            + "policy.default.tag = 10\n"
            + "policy.default.tag = 15\n"
            + "store.password = second\n"
            + "local.user.demo@spamfree.test = third\n"
            + "local.user.demo@spamfree.test = fourth\n");

    assertThatThrownBy(() -> SpamfreeModule.load(file))
        .isInstanceOf(SpamfreeConfigurationException.class)
        .hasMessageContaining(
            "key 'policy.default.tag' is set more than once (values '10' and '15')")
        .hasMessageContaining("key 'store.password' is set more than once")
        .hasMessageContaining("key 'local.user.demo@spamfree.test' is set more than once")
        .hasMessageNotContaining("third")
        .hasMessageNotContaining("fourth")
        .hasMessageContaining("delete the lines you do not want")
        .hasMessageNotContaining("first")
        .hasMessageNotContaining("second");
  }

  @Test
  void sampleSettingsParseWithOverrides() throws IOException {
    Map<String, String> values = new TreeMap<>();
    Properties sample = loadProperties(CONF.resolve("spamfree.properties"));
    sample.stringPropertyNames().forEach(key -> values.put(key, sample.getProperty(key)));

    SpamfreeSettings settings =
        SettingsParser.parse(
            "spamfree.properties",
            values,
            Map.of(
                SettingsParser.OVERRIDE_NEXT_HOP, "198.51.100.7:2525",
                SettingsParser.OVERRIDE_DNS_SERVERS, "198.51.100.53"));

    assertThat(settings.nextHop()).isPresent();
    assertThat(settings.dnsServers()).hasSize(1);
  }

  @Test
  void extensionClassesExist() throws IOException {
    Properties extensions = loadProperties(CONF.resolve("extensions.properties"));
    List<String> classNames = new ArrayList<>();
    for (String key : extensions.stringPropertyNames()) {
      for (String name : extensions.getProperty(key).split(",")) {
        if (!name.isBlank()) {
          classNames.add(name.trim());
        }
      }
    }

    assertThat(classNames).as("classes in extensions.properties").isNotEmpty();
    for (String className : classNames) {
      if (className.startsWith("org.spamfree.core.")) {
        assertThat(loadable(className)).as("core class %s loads", className).isTrue();
      } else {
        assertThat(sourceFiles(className, moduleNames()))
            .as("source of %s in a module's src/main/java", className)
            .anyMatch(Files::isRegularFile);
      }
    }
  }

  @Test
  void serverConfigurationClassesExist() throws IOException {
    TreeSet<String> classNames = new TreeSet<>();
    for (String file : List.of("smtpserver.xml", "mailetcontainer.xml")) {
      Matcher matcher = SPAMFREE_CLASS_ATTRIBUTE.matcher(Files.readString(CONF.resolve(file)));
      while (matcher.find()) {
        classNames.add(matcher.group(1));
      }
    }

    assertThat(classNames)
        .as("Spamfree classes in smtpserver.xml and mailetcontainer.xml")
        .isNotEmpty();
    for (String className : classNames) {
      assertThat(sourceFiles(className, EXTENSION_MODULES))
          .as("source of %s under hooks, matchers or mailets", className)
          .anyMatch(Files::isRegularFile);
    }
  }

  @Test
  void webAdminRouteClassesExist() throws IOException {
    String routes =
        loadProperties(CONF.resolve("webadmin.properties")).getProperty("extensions.routes", "");

    assertThat(routes).as("extensions.routes in webadmin.properties").isNotBlank();
    for (String className : routes.split(",")) {
      assertThat(sourceFiles(className.trim(), List.of("webadmin")))
          .as("source of %s under webadmin", className.trim())
          .anyMatch(Files::isRegularFile);
    }
  }

  private static boolean loadable(String className) {
    try {
      Class.forName(className);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static List<Path> sourceFiles(String className, List<String> modules) {
    String relative = className.replace('.', '/') + ".java";
    return modules.stream()
        .map(module -> PROJECT_ROOT.resolve(module).resolve("src/main/java").resolve(relative))
        .toList();
  }

  /** Returns the directories beside core that contain a Maven module. */
  private static List<String> moduleNames() throws IOException {
    try (var children = Files.list(PROJECT_ROOT)) {
      return children
          .filter(child -> Files.isRegularFile(child.resolve("pom.xml")))
          .map(child -> child.getFileName().toString())
          .sorted()
          .toList();
    }
  }

  private static Properties loadProperties(Path path) throws IOException {
    Properties properties = new Properties();
    try (InputStream input = Files.newInputStream(path)) {
      properties.load(input);
    }
    return properties;
  }

  /**
   * Returns the nearest directory, from the working directory upwards, that has both {@code
   * conf/spamfree.properties} and {@code core/pom.xml}. Surefire runs in the core module directory,
   * while an IDE may run in the project root.
   */
  private static Path findProjectRoot() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("conf/spamfree.properties"))
          && Files.isRegularFile(dir.resolve("core/pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "No directory with conf/spamfree.properties and core/pom.xml at or above " + start);
  }
}
