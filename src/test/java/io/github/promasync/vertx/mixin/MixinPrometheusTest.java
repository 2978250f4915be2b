package io.github.promasync.vertx.mixin;

import static io.github.promasync.vertx.testing.LocalHttp.HOST;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.testing.PrometheusServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mixin against a real Prometheus that scrapes a service with traffic of its own and loads
 * rules.yml and alerts.yml: every dashboard query and every recording rule returns data, and every
 * rule evaluates without error.
 */
@Tag("external")
@ExtendWith(VertxExtension.class)
class MixinPrometheusTest {

  private static final String JOB = "mixin-service";
  private static final Duration DEADLINE = Duration.ofSeconds(120);

  @TempDir
  Path dir;

  @Test
  void everyDashboardQueryAndRecordingRuleReturnsDataAndEveryRuleIsHealthy(Vertx vertx)
      throws Exception {
    WebClient client = WebClient.create(vertx);
    try (ServiceUnderTraffic service = ServiceUnderTraffic.start()) {
      assertThat(service.refuseOneScrape(client)).as("the refused scrape").isEqualTo(503);
      long traffic = vertx.setPeriodic(100, id -> service.round(client));
      try (PrometheusServer prometheus = PrometheusServer.start(dir, String.join("\n",
          "global:",
          "  scrape_interval: 1s",
          "  scrape_timeout: 1s",
          "  evaluation_interval: 1s",
          "rule_files:",
          "  - " + MixinFiles.DIR.resolve("rules.yml").toAbsolutePath(),
          "  - " + MixinFiles.DIR.resolve("alerts.yml").toAbsolutePath(),
          "scrape_configs:",
          "  - job_name: " + JOB,
          "    static_configs:",
          "      - targets: ['" + HOST + ":" + service.port() + "']",
          ""))) {
        Map<String, String> queries = new LinkedHashMap<>();
        for (MixinFiles.Query query : MixinFiles.dashboardQueries()) {
          queries.put(query.where(), query.promql("1m"));
        }
        for (Map<?, ?> rule : MixinFiles.rules("rules.yml")) {
          queries.put("rule " + rule.get("record"), rule.get("record") + "{job=\"" + JOB + "\"}");
        }

        Map<String, String> withoutData = queries;
        Map<String, String> unhealthy = Map.of("(no rules yet)", "");
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline && !(withoutData.isEmpty() && unhealthy.isEmpty())) {
          vertx.timer(500, TimeUnit.MILLISECONDS).await();
          withoutData = withoutData(prometheus, client, queries).await();
          unhealthy = unhealthyRules(prometheus, client).await();
        }

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(withoutData).as("queries without data after %s", DEADLINE).isEmpty();
        softly.assertThat(unhealthy).as("rules not evaluated, or evaluated with an error")
            .isEmpty();
        softly.assertAll();
      } finally {
        vertx.cancelTimer(traffic);
      }
    }
  }

  /** The queries whose result is empty (or that failed), with their PromQL. */
  private static Future<Map<String, String>> withoutData(PrometheusServer prometheus,
      WebClient client, Map<String, String> queries) {
    List<String> names = new ArrayList<>(queries.keySet());
    List<Future<JsonArray>> results = new ArrayList<>();
    for (String name : names) {
      results.add(prometheus.query(client, queries.get(name)).otherwiseEmpty());
    }
    return Future.join(results).otherwiseEmpty().map(done -> {
      Map<String, String> empty = new TreeMap<>();
      for (int i = 0; i < names.size(); i++) {
        JsonArray result = results.get(i).result();
        if (result == null || result.isEmpty()) {
          empty.put(names.get(i), queries.get(names.get(i)));
        }
      }
      return empty;
    });
  }

  /** Every rule whose health is not "ok", with its health and last error. */
  private static Future<Map<String, String>> unhealthyRules(PrometheusServer prometheus,
      WebClient client) {
    return prometheus.ruleGroups(client).map(groups -> {
      Map<String, String> unhealthy = new TreeMap<>();
      int rules = 0;
      for (Object group : groups) {
        for (Object element : ((JsonObject) group).getJsonArray("rules")) {
          JsonObject rule = (JsonObject) element;
          rules++;
          if (!"ok".equals(rule.getString("health"))) {
            unhealthy.put(rule.getString("name"),
                rule.getString("health") + " " + rule.getString("lastError", ""));
          }
        }
      }
      int expected = MixinFiles.rules("rules.yml").size() + MixinFiles.rules("alerts.yml").size();
      if (rules != expected) {
        unhealthy.put("(rules loaded)", rules + ", expected " + expected);
      }
      return unhealthy;
    });
  }
}
