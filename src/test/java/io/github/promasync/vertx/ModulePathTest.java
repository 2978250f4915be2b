package io.github.promasync.vertx;

import io.github.promasync.vertx.modulepath.ModulePathMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The library on the module path: a JVM of its own (the one running the tests) starts with
 * {@code target/classes} and the library's runtime dependencies on {@code --module-path}, so that
 * {@code module-info.java} is what resolves them, and runs {@link ModulePathMain} from the class
 * path against the exported API.
 */
class ModulePathTest {

  private static final String FILTER = "io.prometheus.exporter.filter.metric_name_must_not_start_with";

  @Test
  void instrumentsAndServesEveryFormatOnTheModulePathConfiguredBySystemProperties()
      throws Exception {
    List<String> output = run(modulePath(jar -> true), "-D" + FILTER + "=hidden_", "protobuf");

    assertThat(output).contains("ok: library is the named module io.github.promasync.vertx",
        "ok: io.prometheus.exporter.filter configuration applied",
        "ok: protobuf served: true", "ok: debug=prometheus-protobuf", "OK");
  }

  @Test
  void withoutTheProtobufWriterDebugProtobufIsRefusedWith400ConfiguredByAPropertiesFile(
      @TempDir Path dir) throws Exception {
    Path properties = dir.resolve("prometheus.properties");
    Files.writeString(properties, FILTER + "=hidden_\n");

    List<String> output = run(
        modulePath(jar -> !jar.contains("prometheus-metrics-exposition-formats-")),
        "-Dprometheus.config=" + properties, "no-protobuf");

    assertThat(output).contains("ok: io.prometheus.exporter.filter configuration applied",
        "ok: protobuf served: false", "ok: debug=prometheus-protobuf", "OK");
  }

  private static String modulePath(java.util.function.Predicate<String> keep) throws IOException {
    // Written by maven-dependency-plugin (generate-test-resources): the runtime class path.
    String runtime = Files.readString(Paths.get("target", "runtime-classpath.txt")).trim();
    List<String> entries = new ArrayList<>();
    entries.add(Paths.get("target", "classes").toAbsolutePath().toString());
    entries.addAll(Arrays.stream(runtime.split(File.pathSeparator))
        .filter(keep).collect(Collectors.toList()));
    return String.join(File.pathSeparator, entries);
  }

  private static List<String> run(String modulePath, String property, String argument)
      throws Exception {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    Path log = Files.createTempFile("module-path", ".log");
    Process process = new ProcessBuilder(java.toString(), property,
        "--module-path", modulePath,
        "--add-modules", "io.github.promasync.vertx",
        "-cp", Paths.get("target", "test-classes").toAbsolutePath().toString(),
        ModulePathMain.class.getName(), argument)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    boolean exited = process.waitFor(120, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }
    List<String> output = Files.readAllLines(log, StandardCharsets.UTF_8);
    Files.delete(log);
    assertThat(exited).as("exited within 120 s; output: %s", output).isTrue();
    assertThat(process.exitValue()).as("exit code; output: %s", output).isZero();
    return output;
  }
}
