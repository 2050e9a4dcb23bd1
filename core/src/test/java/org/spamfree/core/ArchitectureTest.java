package org.spamfree.core;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Keeps the engine free of James and the mailet API, so it can be tested and reused without a
 * server. Only the hooks, matchers and mailets modules may use them.
 */
@AnalyzeClasses(packages = "org.spamfree", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule coreDoesNotDependOnJames =
      noClasses()
          .that()
          .resideInAPackage("org.spamfree.core..")
          .should()
          .dependOnClassesThat(
              resideInAnyPackage("org.apache.james..", "org.apache.mailet..")
                  .and(resideOutsideOfPackage("org.apache.james.mime4j..")))
          .because(
              "the engine must build and run without James and the mailet API; mime4j is a"
                  + " standalone MIME parser that only shares James's package prefix");
}
