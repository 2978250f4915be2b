package io.github.promasync.vertx.mixin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The committed dashboards and rule files are what {@link MixinGenerator} writes. */
class MixinFilesTest {

  @Test
  void theCommittedFilesAreWhatTheGeneratorWrites() throws IOException {
    Map<String, String> generated = MixinGenerator.files(MixinConfig.DEFAULTS);

    for (Map.Entry<String, String> file : generated.entrySet()) {
      assertThat(MixinFiles.read(MixinFiles.DIR.resolve(file.getKey())))
          .as("monitoring/%s: regenerate it with mvn -q test-compile exec:java"
              + " -Dexec.mainClass=%s", file.getKey(), MixinGenerator.class.getName())
          .isEqualTo(file.getValue());
    }
    try (Stream<Path> dashboards = Files.list(MixinFiles.DIR.resolve("dashboards"))) {
      assertThat(dashboards.map(path -> "dashboards/" + path.getFileName()))
          .as("no dashboard the generator does not write")
          .containsExactlyInAnyOrderElementsOf(generated.keySet().stream()
              .filter(path -> path.startsWith("dashboards/")).toList());
    }
  }

  @Test
  void theSelectorGoesIntoEverySeriesOfTheRulesAndAlerts() {
    Map<String, String> files = MixinGenerator.files(
        MixinConfig.DEFAULTS.with("selector=job=~\"orders|billing\""));

    for (String file : new String[] {"rules.yml", "alerts.yml"}) {
      assertThat(files.get(file)).doesNotContain("job!=\"\"")
          .contains("{job=~\"orders|billing\"");
    }
  }

  @Test
  void aThresholdChangesItsAlertAndItsDescription() {
    String alerts = MixinGenerator.files(MixinConfig.DEFAULTS.with("serverLatencyP99=0.25"))
        .get("alerts.yml");

    assertThat(alerts).contains("job_instance_http_route_le:http_server_request_duration_seconds"
        + "_bucket:rate5m)\n            > 0.25\n", "(threshold 0.25 s)");
  }

  @Test
  void anUnknownSettingIsRefusedWithTheKnownOnes() {
    assertThatThrownBy(() -> MixinConfig.DEFAULTS.with("latency=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'latency' is not a mixin setting: expected one of selector, runbookUrl,"
            + " serverErrorRatio, serverMinRequestRate, serverLatencyP99, eventLoopDelayP99,"
            + " clientErrorRatio");
  }

  @Test
  void aBadThresholdIsRefusedByName() {
    assertThatThrownBy(() -> MixinConfig.DEFAULTS.with("clientErrorRatio=ten"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'ten' is not a valid clientErrorRatio: expected a number");
    assertThatThrownBy(() -> MixinConfig.DEFAULTS.with("serverErrorRatio=0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("0.0 is not a valid serverErrorRatio: expected a positive number");
    assertThatThrownBy(() -> MixinConfig.DEFAULTS.with("selector={job=\"x\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("selector '{job=\"x\"}' must be label matchers without braces");
  }
}
