package io.github.promasync.vertx.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The factory on Vert.x 5.0, whose metrics SPI it does not implement: a forked JVM runs
 * {@link Vertx50Probe} with this build's classes and vertx-core 5.0.8 (copied to
 * {@code target/vertx50} by the build) in place of 5.1.
 */
class Vertx50Test {

  @Test
  void failsWithAMessageThatNamesTheVersionsNotANoClassDefFoundError() throws Exception {
    Path vertx50 = Path.of("target", "vertx50");
    List<String> classpath = new ArrayList<>();
    try (Stream<Path> jars = Files.list(vertx50)) {
      jars.filter(jar -> jar.toString().endsWith(".jar"))
          .forEach(jar -> classpath.add(jar.toAbsolutePath().toString()));
    }
    assertThat(classpath).as("vertx-core 5.0.8 in %s", vertx50).hasSize(2);
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (!name.startsWith("vertx-core-") || !name.endsWith(".jar")) {
        classpath.add(entry);
      }
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), "-cp",
        String.join(File.pathSeparator, classpath), Vertx50Probe.class.getName())
        .redirectErrorStream(true)
        .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(output).contains("threw java.lang.IllegalStateException: "
        + "PrometheusMetricsFactory needs Vert.x 5.1 or later, but runs on Vert.x 5.0.8");
    assertThat(output).doesNotContain("NoClassDefFoundError");
  }

  @Test
  void theProbeBuildsVertxOnThisBuildsVersion() throws IOException {
    // The same probe on the test's own classpath (Vert.x 5.1+): it is the version that fails.
    assertThat(captured(Vertx50Probe::main)).isEqualTo("built");
  }

  private static String captured(java.util.function.Consumer<String[]> main) {
    java.io.PrintStream out = System.out;
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      main.accept(new String[0]);
    } finally {
      System.setOut(out);
    }
    return bytes.toString(StandardCharsets.UTF_8).trim();
  }
}
