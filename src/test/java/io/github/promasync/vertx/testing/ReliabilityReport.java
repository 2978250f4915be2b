package io.github.promasync.vertx.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;

/**
 * The figures of a run (durations, scrape counts, throughput, heap), which change from run to
 * run, so docs/reliability.adoc states what the tests assert and this report what a run measured.
 * Each test JVM appends one section to {@code target/reliability-report.adoc}; {@code mvn clean}
 * starts it afresh.
 */
public final class ReliabilityReport {

  /** Where the report goes, relative to the project directory the build runs in. */
  public static final Path FILE = Paths.get("target", "reliability-report.adoc");

  private static boolean headerWritten;

  private ReliabilityReport() {
  }

  /**
   * Prints one figure line and appends it to the report under the test's name.
   *
   * @param test the test that measured it, e.g. {@code "SoakTest"}
   * @param format a {@link String#format} pattern, formatted in the root locale
   * @param args its arguments
   */
  public static synchronized void record(String test, String format, Object... args) {
    String line = String.format(Locale.ROOT, format, args);
    System.out.println("[reliability] " + test + ": " + line);
    StringBuilder text = new StringBuilder();
    if (!headerWritten) {
      if (!Files.exists(FILE)) {
        text.append("= Reliability report\n\nWritten by the reliability tests; one section per test JVM.\n");
      }
      text.append(String.format(Locale.ROOT, "%n== %s: Java %s, %d processors, load average %s%n%n",
          Instant.now(), System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors(), loadAverage()));
      headerWritten = true;
    }
    text.append("* `").append(test).append("`: ").append(line).append('\n');
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, text, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Paths.get("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown (no /proc/loadavg)";
    }
  }
}
