package io.github.promasync.vertx.mixin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.yaml.snakeyaml.Yaml;

/** The committed files of monitoring/, as the tests read them. */
final class MixinFiles {

  /** The mixin's directory, from the project's root (where the tests run). */
  static final Path DIR = Path.of("monitoring");

  private MixinFiles() {
  }

  /**
   * A query of a dashboard.
   *
   * @param where the dashboard's uid and the panel's title, or the variable's name
   * @param expr the query as Grafana sends it, variables unexpanded
   */
  record Query(String where, String expr) {

    /** The query as Grafana would send it with {@code job} and {@code instance} set to "All". */
    String promql(String rateInterval) {
      return expr.replace("$job", ".+").replace("$instance", ".+")
          .replace("$__rate_interval", rateInterval);
    }
  }

  static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The dashboards, by file name. */
  static Map<Path, JsonObject> dashboards() {
    try (Stream<Path> files = Files.list(DIR.resolve("dashboards"))) {
      Map<Path, JsonObject> dashboards = new java.util.TreeMap<>();
      files.filter(file -> file.toString().endsWith(".json"))
          .forEach(file -> dashboards.put(file, new JsonObject(read(file))));
      return dashboards;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every query of every dashboard: its panels' targets, and its query variables as the query
   * Grafana runs for them ({@code label_values(m, l)} lists the values of {@code l} in {@code m}).
   */
  static List<Query> dashboardQueries() {
    List<Query> queries = new ArrayList<>();
    for (JsonObject dashboard : dashboards().values()) {
      String uid = dashboard.getString("uid");
      for (Object variable : dashboard.getJsonObject("templating").getJsonArray("list")) {
        JsonObject v = (JsonObject) variable;
        if ("query".equals(v.getString("type"))) {
          String query = v.getJsonObject("query").getString("query");
          String inner = query.substring("label_values(".length(), query.lastIndexOf(','));
          String label = query.substring(query.lastIndexOf(',') + 1, query.length() - 1).strip();
          queries.add(new Query(uid + " variable " + v.getString("name"),
              "group by (" + label + ") (" + inner + ")"));
        }
      }
      for (Object panel : dashboard.getJsonArray("panels")) {
        JsonObject p = (JsonObject) panel;
        JsonArray targets = p.getJsonArray("targets");
        for (Object target : targets) {
          JsonObject t = (JsonObject) target;
          queries.add(new Query(uid + " '" + p.getString("title") + "' " + t.getString("refId"),
              t.getString("expr")));
        }
      }
    }
    return queries;
  }

  /** A YAML file of monitoring/, as maps and lists. */
  static Map<?, ?> yaml(String relativePath) {
    return map(new Yaml().load(read(DIR.resolve(relativePath))));
  }

  /** The promtool test files under monitoring/tests. */
  static List<Path> ruleTests() {
    try (Stream<Path> files = Files.list(DIR.resolve("tests"))) {
      return files.filter(file -> file.toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<?, ?> map(Object value) {
    if (value instanceof Map<?, ?> map) {
      return map;
    }
    throw new AssertionError("expected a YAML map, got " + value);
  }

  static List<?> list(Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> list) {
      return list;
    }
    throw new AssertionError("expected a YAML list, got " + value);
  }

  /** Every rule of a rule file, each a map with {@code record} or {@code alert}. */
  static List<Map<?, ?>> rules(String relativePath) {
    List<Map<?, ?>> rules = new ArrayList<>();
    for (Object group : list(yaml(relativePath).get("groups"))) {
      for (Object rule : list(map(group).get("rules"))) {
        rules.add(map(rule));
      }
    }
    return rules;
  }
}
