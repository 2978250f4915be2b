package io.github.promasync.vertx.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The programs some tests drive (Prometheus, promtool, wrk, jcmd). Those tests carry
 * {@code @Tag("external")}: {@code mvn test} leaves them out, {@code mvn verify} runs them, and a
 * missing program fails them with the Debian package to install, never skips them.
 */
public final class ExternalPrograms {

  /**
   * The tag of the tests that need one of these programs; the build's fast run excludes it.
   */
  public static final String TAG = "external";

  private ExternalPrograms() {
  }

  /** The Prometheus server, from Debian's {@code prometheus} package. */
  public static Path prometheus() {
    return require("prometheus", "prometheus");
  }

  /** Prometheus's linter, from Debian's {@code prometheus} package. */
  public static Path promtool() {
    return require("promtool", "prometheus");
  }

  /** The HTTP load generator, from Debian's {@code wrk} package. */
  public static Path wrk() {
    return require("wrk", "wrk");
  }

  /** The running JDK's {@code jcmd}: a full JDK, not a JRE (Debian: {@code openjdk-17-jdk-headless}). */
  public static Path jcmd() {
    Path sibling = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (Files.isExecutable(sibling)) {
      guard("jcmd");
      return sibling;
    }
    return require("jcmd", "openjdk-17-jdk-headless");
  }

  /**
   * The path of an installed program: the first executable {@code name} on {@code PATH}, then in
   * {@code /usr/bin}.
   *
   * @param name the program, e.g. {@code promtool}
   * @param debianPackage the Debian package that installs it, named in the failure
   * @return its path
   * @throws AssertionError if it is not installed, or if the running test is not tagged
   *     {@value #TAG} while the build excludes that tag
   */
  public static Path require(String name, String debianPackage) {
    guard(name);
    List<Path> candidates = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      candidates.add(Path.of(dir.isEmpty() ? "." : dir, name));
    }
    candidates.add(Path.of("/usr/bin", name));
    for (Path candidate : candidates) {
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(name + " is not installed: this test needs it (apt-get install "
        + debianPackage + "; .ci/run installs it)");
  }

  /**
   * The fast run ({@code mvn test}) excludes tests tagged {@value #TAG} and says so in the system
   * property {@code tests.excludedGroups}; a test that reaches for a program there lacks the tag.
   */
  private static void guard(String name) {
    String excluded = System.getProperty("tests.excludedGroups", "");
    if (List.of(excluded.split("\\s*,\\s*")).contains(TAG)) {
      throw new AssertionError("a test that runs " + name + " must carry @Tag(\"" + TAG
          + "\"), so that mvn test leaves it out and mvn verify runs it");
    }
  }
}
