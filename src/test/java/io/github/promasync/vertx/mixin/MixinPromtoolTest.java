package io.github.promasync.vertx.mixin;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.testing.ExternalPrograms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * promtool on the mixin: {@code check rules} on rules.yml and alerts.yml, {@code test rules} on
 * monitoring/tests, and every dashboard query parsed (promtool 2.42 has no command that parses a
 * lone query, so each one becomes a recording rule of a file that {@code check rules} reads).
 */
@Tag("external")
class MixinPromtoolTest {

  /** What promtool said, and how it exited. */
  private record Verdict(int exitCode, String output) {
  }

  @TempDir
  Path dir;

  private Verdict promtool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ExternalPrograms.promtool().toString());
    command.addAll(List.of(args));
    Path output = dir.resolve("promtool.out");
    Process promtool = new ProcessBuilder(command)
        .redirectOutput(output.toFile())
        .redirectErrorStream(true)
        .start();
    try {
      assertThat(promtool.waitFor(120, TimeUnit.SECONDS)).as("promtool finished").isTrue();
      return new Verdict(promtool.exitValue(), Files.readString(output));
    } finally {
      promtool.destroyForcibly();
    }
  }

  @Test
  void checkRulesFindsNoProblemInTheRulesAndAlerts() throws Exception {
    Verdict verdict = promtool("check", "rules", "monitoring/rules.yml", "monitoring/alerts.yml");

    assertThat(verdict.output()).contains(
        "SUCCESS: " + MixinFiles.rules("rules.yml").size() + " rules found",
        "SUCCESS: " + MixinFiles.rules("alerts.yml").size() + " rules found");
    assertThat(verdict.exitCode()).as(verdict.output()).isZero();
  }

  @Test
  void everyRuleTestPasses() throws Exception {
    List<String> args = new ArrayList<>(List.of("test", "rules"));
    MixinFiles.ruleTests().forEach(file -> args.add(file.toString()));

    Verdict verdict = promtool(args.toArray(String[]::new));

    assertThat(verdict.output()).doesNotContain("FAILED");
    assertThat(verdict.exitCode()).as(verdict.output()).isZero();
  }

  @Test
  void everyDashboardQueryParses() throws Exception {
    List<MixinFiles.Query> queries = MixinFiles.dashboardQueries();

    Verdict verdict = checkAsRules(queries);

    assertThat(verdict.output()).contains("SUCCESS: " + queries.size() + " rules found");
    assertThat(verdict.exitCode()).as(verdict.output()).isZero();
  }

  @Test
  void aQueryThatDoesNotParseFailsTheCheck() throws Exception {
    // The control: the check above would fail on a broken query.
    Verdict verdict = checkAsRules(List.of(new MixinFiles.Query("broken",
        "sum by (job) (rate(" + Dashboards.s("http_server_active_requests") + "[$__rate_interval])")));

    assertThat(verdict.output()).contains("unclosed left parenthesis");
    assertThat(verdict.exitCode()).isNotZero();
  }

  /** {@code promtool check rules} on a file with each query as a recording rule. */
  private Verdict checkAsRules(List<MixinFiles.Query> queries)
      throws IOException, InterruptedException {
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
    for (int i = 0; i < queries.size(); i++) {
      rules.append("      - record: dashboard:query_").append(i).append(":check\n")
          .append("        expr: ").append(RuleYaml.quoted(queries.get(i).promql("5m")))
          .append('\n');
    }
    Path file = Files.writeString(dir.resolve("dashboard-queries.yml"), rules,
        StandardCharsets.UTF_8);
    return promtool("check", "rules", file.toString());
  }
}
