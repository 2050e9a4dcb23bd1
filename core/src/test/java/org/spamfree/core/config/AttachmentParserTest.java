package org.spamfree.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spamfree.core.attachment.AttachmentSettings;

/** Tests the {@code attachment.*} keys through {@link SettingsParser}. */
class AttachmentParserTest {

  private static AttachmentSettings parse(Map<String, String> attachment) {
    Map<String, String> values = new HashMap<>(attachment);
    values.put("protected.domains", "example.test, strict.test");
    values.put("domain.strict.test.policy", "strict");
    values.put("policy.strict.reject", "12.0");
    return SettingsParser.parse("test.properties", values, Map.of()).attachments();
  }

  @Test
  void defaultsInspectWithoutBans() {
    AttachmentSettings settings = parse(Map.of());

    assertThat(settings).isEqualTo(AttachmentSettings.defaults());
  }

  @Test
  void parsesLimitsAndBans() {
    AttachmentSettings settings =
        parse(
            Map.of(
                "attachment.max.parts", "10",
                "attachment.max.depth", "3",
                "attachment.max.bytes", "65536",
                "attachment.max.archive.entries", "50",
                "attachment.banned.extensions", ".EXE, scr",
                "attachment.banned.types", "application/x-msdownload",
                "attachment.policy.strict.banned.extensions", "js",
                "attachment.policy.strict.banned.types", "application/x-ms-installer"));

    assertThat(settings.maxParts()).isEqualTo(10);
    assertThat(settings.maxDepth()).isEqualTo(3);
    assertThat(settings.maxBytes()).isEqualTo(65536);
    assertThat(settings.maxArchiveEntries()).isEqualTo(50);
    assertThat(settings.bannedExtensions("default")).containsExactlyInAnyOrder("exe", "scr");
    assertThat(settings.bannedExtensions("strict")).containsExactlyInAnyOrder("exe", "scr", "js");
    assertThat(settings.bannedTypes("strict"))
        .containsExactlyInAnyOrder("application/x-msdownload", "application/x-ms-installer");
  }

  @Test
  void checksCanBeTurnedOff() {
    assertThat(parse(Map.of("attachment.enabled", "false")).enabled()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "attachment.max.parts|0|a whole number of parts from 1",
        "attachment.max.depth|deep|a whole number of levels",
        "attachment.max.bytes|10|a whole number of bytes from 1024",
        "attachment.banned.extensions|e x e|file extensions such as",
        "attachment.banned.types|executable|media types such as",
        "attachment.policy.strcit.banned.extensions|exe|a key for a policy in use [default, strict]",
        "attachment.policy.strict.banned|exe|a key attachment.policy.strict.banned.extensions"
      })
  void rejectsInvalidValue(String key, String value, String expected) {
    assertThatThrownBy(() -> parse(Map.of(key, value)))
        .isInstanceOf(SpamfreeConfigurationException.class)
        .hasMessageContaining("'" + key + "'")
        .hasMessageContaining(expected);
  }
}
