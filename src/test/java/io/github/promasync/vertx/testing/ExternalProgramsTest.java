package io.github.promasync.vertx.testing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A missing program fails the test that needs it, naming the package to install; a program asked
 * for in the fast run fails the untagged test that asked.
 */
class ExternalProgramsTest {

  private static final String EXCLUDED = "tests.excludedGroups";

  @Test
  void aMissingProgramFailsNamingTheDebianPackage() {
    withExcludedGroups("", () -> assertThatThrownBy(
        () -> ExternalPrograms.require("no-such-program-vpa", "some-package"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no-such-program-vpa is not installed")
        .hasMessageContaining("apt-get install some-package"));
  }

  @Test
  void anUntaggedTestCannotRunAProgramInTheFastRun() {
    withExcludedGroups("external", () -> assertThatThrownBy(ExternalPrograms::promtool)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("must carry @Tag(\"external\")"));
  }

  private static void withExcludedGroups(String value, Runnable check) {
    String saved = System.getProperty(EXCLUDED);
    System.setProperty(EXCLUDED, value);
    try {
      check.run();
    } finally {
      if (saved == null) {
        System.clearProperty(EXCLUDED);
      } else {
        System.setProperty(EXCLUDED, saved);
      }
    }
  }
}
