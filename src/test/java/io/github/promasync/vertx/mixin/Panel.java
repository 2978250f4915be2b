package io.github.promasync.vertx.mixin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A Grafana panel: a time series over the dashboard's time range, or a bar gauge of an instant
 * query (the busiest routes, say).
 *
 * @param title its title
 * @param description what it shows, in the panel's tooltip
 * @param unit Grafana's unit id: {@code s}, {@code reqps}, {@code percentunit}, {@code bytes}...
 * @param instant whether it is a bar gauge of the latest values rather than a time series
 * @param targets its queries
 */
record Panel(String title, String description, String unit, boolean instant, List<Target> targets) {

  /**
   * A query of a panel.
   *
   * @param expr the PromQL, with Grafana's variables ({@code $job}, {@code $__rate_interval})
   * @param legend the legend format ({@code {{job}} {{http_route}}})
   */
  record Target(String expr, String legend) {
  }

  static Panel series(String title, String description, String unit, Target... targets) {
    return new Panel(title, description, unit, false, List.of(targets));
  }

  static Panel top(String title, String description, String unit, Target target) {
    return new Panel(title, description, unit, true, List.of(target));
  }

  static Target target(String expr, String legend) {
    return new Target(expr, legend);
  }

  /** The panel's JSON: {@code id} and its place in the grid are the dashboard's to give. */
  JsonObject toJson(int id, int x, int y, int width, int height) {
    JsonArray queries = new JsonArray();
    char refId = 'A';
    for (Target target : targets) {
      JsonObject query = new JsonObject()
          .put("datasource", Dashboard.DATASOURCE.copy())
          .put("expr", target.expr())
          .put("legendFormat", target.legend())
          .put("refId", String.valueOf(refId++));
      if (instant) {
        query.put("instant", true).put("range", false);
      }
      queries.add(query);
    }
    JsonObject panel = new JsonObject()
        .put("id", id)
        .put("type", instant ? "bargauge" : "timeseries")
        .put("title", title)
        .put("description", description)
        .put("datasource", Dashboard.DATASOURCE.copy())
        .put("gridPos", new JsonObject().put("h", height).put("w", width).put("x", x).put("y", y))
        .put("fieldConfig", new JsonObject()
            .put("defaults", new JsonObject().put("unit", unit))
            .put("overrides", new JsonArray()));
    if (instant) {
      panel.put("options", new JsonObject()
          .put("displayMode", "basic")
          .put("orientation", "horizontal")
          .put("reduceOptions", new JsonObject()
              .put("calcs", new JsonArray().add("lastNotNull"))
              .put("values", false)));
    } else {
      panel.put("options", new JsonObject()
          .put("legend", new JsonObject().put("displayMode", "list").put("placement", "bottom")
              .put("showLegend", true))
          .put("tooltip", new JsonObject().put("mode", "multi").put("sort", "desc")));
    }
    return panel.put("targets", queries);
  }
}
