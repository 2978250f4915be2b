package io.github.promasync.vertx.mixin;

import static io.github.promasync.vertx.mixin.MixinFiles.list;
import static io.github.promasync.vertx.mixin.MixinFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The mixin's conventions, checked on the committed files: mixtool's lint of the rules and alerts
 * (names, severity, annotations, group size) with a promtool test per alert, and Grafana's
 * dashboard linter's rules (a datasource variable, job and instance variables, selectors on them,
 * {@code $__rate_interval}, units, unique ids). That every query parses is checked by
 * {@link MixinPromtoolTest}, that it returns data by {@link MixinPrometheusTest}.
 */
class MixinLintTest {

  private static final Pattern ALERT_NAME = Pattern.compile("Vertx[A-Z][A-Za-z0-9]+");
  private static final Pattern RECORD_NAME =
      Pattern.compile("[a-z][a-z0-9_]*:[a-z][a-z0-9_]*:[a-z][a-z0-9_]*");
  /** A series selector with its matchers: {@code name{...}}. */
  private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_:]*)\\{([^}]*)}");
  private static final Pattern RANGE = Pattern.compile("\\[([^\\]]*)]");
  private static final Pattern ANCHOR = Pattern.compile("(?m)^\\[\\[([a-z0-9-]+)]]$");

  @Test
  void alertsAreNamedSeveredAndAnnotatedOneWay() {
    Set<String> anchors = new HashSet<>();
    Matcher matcher = ANCHOR.matcher(MixinFiles.read(Path.of("docs", "operating.adoc")));
    while (matcher.find()) {
      anchors.add(matcher.group(1));
    }
    List<Map<?, ?>> alerts = MixinFiles.rules("alerts.yml");

    assertThat(alerts).hasSizeGreaterThanOrEqualTo(10);
    Set<String> names = new HashSet<>();
    for (Map<?, ?> alert : alerts) {
      String name = (String) alert.get("alert");
      assertThat(name).as("an alert, not a recording rule, in alerts.yml").isNotNull()
          .matches(ALERT_NAME);
      assertThat(names.add(name)).as("%s is unique", name).isTrue();
      assertThat(alert.get("for")).as("%s: for", name).isNotNull();
      assertThat(map(alert.get("labels")).get("severity")).as("%s: severity", name)
          .isIn("critical", "warning", "info");
      Map<?, ?> annotations = map(alert.get("annotations"));
      assertThat(new ArrayList<Object>(annotations.keySet())).as("%s: annotations", name)
          .containsExactlyInAnyOrder("summary", "description", "runbook_url");
      assertThat((String) annotations.get("summary")).as("%s: a static summary", name)
          .doesNotContain("{{").endsWith(".");
      assertThat((String) annotations.get("description")).as("%s: says where", name)
          .contains("{{ $labels.job }}", "{{ $labels.instance }}");
      String runbook = (String) annotations.get("runbook_url");
      assertThat(runbook).as("%s: runbook", name)
          .startsWith(MixinConfig.DEFAULTS.runbookUrl() + "#");
      assertThat(anchors).as("%s: docs/operating.adoc has the runbook's anchor", name)
          .contains(runbook.substring(runbook.indexOf('#') + 1));
    }
  }

  @Test
  void everyAlertHasATestWhereItFiresAndOneWhereItStaysSilent() {
    Set<String> fires = new TreeSet<>();
    Set<String> silent = new TreeSet<>();
    for (Path file : MixinFiles.ruleTests()) {
      Map<?, ?> tests = MixinFiles.yaml(MixinFiles.DIR.relativize(file).toString());
      assertThat(list(tests.get("rule_files"))).as("%s tests the shipped rule files", file)
          .isNotEmpty().allSatisfy(ruleFile -> assertThat(ruleFile).isIn("../rules.yml",
              "../alerts.yml"));
      for (Object test : list(tests.get("tests"))) {
        for (Object check : list(map(test).get("alert_rule_test"))) {
          String alert = (String) map(check).get("alertname");
          (list(map(check).get("exp_alerts")).isEmpty() ? silent : fires).add(alert);
        }
      }
    }
    Set<String> alerts = new TreeSet<>();
    MixinFiles.rules("alerts.yml").forEach(alert -> alerts.add((String) alert.get("alert")));

    assertThat(fires).as("alerts that fire in monitoring/tests").isEqualTo(alerts);
    assertThat(silent).as("alerts that stay silent in monitoring/tests").isEqualTo(alerts);
  }

  @Test
  void recordingRulesAreNamedLevelMetricOperations() {
    List<Map<?, ?>> rules = MixinFiles.rules("rules.yml");

    assertThat(rules).isNotEmpty();
    for (Map<?, ?> rule : rules) {
      assertThat((String) rule.get("record")).as("a recording rule, not an alert, in rules.yml")
          .isNotNull().matches(RECORD_NAME).startsWith("job");
    }
  }

  @Test
  void groupsAreSmallAndUniquelyNamed() {
    Set<String> names = new HashSet<>();
    for (String file : List.of("rules.yml", "alerts.yml")) {
      for (Object group : list(MixinFiles.yaml(file).get("groups"))) {
        String name = (String) map(group).get("name");
        assertThat(names.add(name)).as("group %s is unique", name).isTrue();
        assertThat(list(map(group).get("rules"))).as("group %s", name).hasSizeBetween(1, 20);
      }
    }
  }

  @Test
  void everySeriesOfTheRulesAndAlertsCarriesTheSelector() {
    List<String> exprs = new ArrayList<>();
    MixinFiles.rules("rules.yml").forEach(rule -> exprs.add((String) rule.get("expr")));
    MixinFiles.rules("alerts.yml").forEach(rule -> exprs.add((String) rule.get("expr")));

    for (String expr : exprs) {
      Matcher matcher = SELECTOR.matcher(expr);
      while (matcher.find()) {
        assertThat(matcher.group(2)).as("%s in %s", matcher.group(), expr)
            .startsWith(MixinConfig.DEFAULTS.selector());
      }
      for (String name : expr.split("[^a-zA-Z0-9_:]+")) {
        if (name.matches("[a-z_]+_(total|count|bucket|pending|seconds|bytes)|up")) {
          assertThat(expr).as("%s selects %s with the selector", expr, name)
              .contains(name + "{" + MixinConfig.DEFAULTS.selector());
        }
      }
    }
  }

  @Test
  void dashboardsHaveTheDatasourceJobAndInstanceVariablesAndStableUids() {
    Set<String> uids = new HashSet<>();
    for (Map.Entry<Path, JsonObject> entry : MixinFiles.dashboards().entrySet()) {
      JsonObject dashboard = entry.getValue();
      String uid = dashboard.getString("uid");
      assertThat(entry.getKey().getFileName().toString()).isEqualTo(uid + ".json");
      assertThat(uids.add(uid)).as("uid %s is unique", uid).isTrue();
      assertThat(dashboard.getString("title")).startsWith("Vert.x / ");
      List<JsonObject> variables = new ArrayList<>();
      dashboard.getJsonObject("templating").getJsonArray("list")
          .forEach(variable -> variables.add((JsonObject) variable));
      assertThat(variables).extracting(variable -> variable.getString("name"))
          .containsExactly("datasource", "job", "instance");
      assertThat(variables.get(0).getString("type")).isEqualTo("datasource");
      assertThat(variables.get(0).getString("query")).isEqualTo("prometheus");
      for (JsonObject variable : variables.subList(1, 3)) {
        assertThat(variable.getString("type")).isEqualTo("query");
        assertThat(variable.getBoolean("multi")).as("%s: multi-select", uid).isTrue();
        assertThat(variable.getBoolean("includeAll")).isTrue();
        assertThat(variable.getJsonObject("datasource").getString("uid"))
            .isEqualTo("${datasource}");
        assertThat(variable.getInteger("refresh")).as("refreshed on time range changes")
            .isEqualTo(2);
      }
    }
    assertThat(uids).hasSize(4);
  }

  @Test
  void panelsHaveUniqueIdsUnitsTargetsAndTheDatasourceVariable() {
    for (JsonObject dashboard : MixinFiles.dashboards().values()) {
      String uid = dashboard.getString("uid");
      Set<Integer> ids = new HashSet<>();
      for (Object element : dashboard.getJsonArray("panels")) {
        JsonObject panel = (JsonObject) element;
        String title = panel.getString("title");
        assertThat(ids.add(panel.getInteger("id"))).as("%s: id of '%s' is unique", uid, title)
            .isTrue();
        assertThat(panel.getString("description")).as("%s '%s'", uid, title).isNotBlank();
        assertThat(panel.getJsonObject("fieldConfig").getJsonObject("defaults").getString("unit"))
            .as("%s '%s': unit", uid, title).isNotBlank();
        assertThat(panel.getJsonObject("datasource").getString("uid")).isEqualTo("${datasource}");
        assertThat(panel.getJsonArray("targets")).as("%s '%s': targets", uid, title).isNotEmpty();
        for (Object target : panel.getJsonArray("targets")) {
          assertThat(((JsonObject) target).getJsonObject("datasource").getString("uid"))
              .isEqualTo("${datasource}");
        }
      }
    }
  }

  @Test
  void everyDashboardQuerySelectsOnTheVariablesAndRatesOverTheRateInterval() {
    List<MixinFiles.Query> queries = MixinFiles.dashboardQueries();

    assertThat(queries).hasSizeGreaterThan(40);
    for (MixinFiles.Query query : queries) {
      if (query.where().contains(" variable ")) {
        continue;
      }
      Matcher selector = SELECTOR.matcher(query.expr());
      int selectors = 0;
      while (selector.find()) {
        selectors++;
        assertThat(selector.group(2)).as("%s: %s", query.where(), selector.group())
            .startsWith("job=~\"$job\", instance=~\"$instance\"");
      }
      assertThat(selectors).as("%s selects series", query.where()).isPositive();
      assertThat(query.expr()).as(query.where()).doesNotContain("{}");
      Matcher range = RANGE.matcher(query.expr());
      while (range.find()) {
        assertThat(range.group(1)).as("%s: range", query.where()).isEqualTo("$__rate_interval");
      }
    }
  }
}
