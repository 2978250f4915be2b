package io.github.promasync.vertx.mixin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A Grafana dashboard of the mixin: a {@code datasource} variable, multi-select {@code job} and
 * {@code instance} variables read from a metric every service it shows has, and panels two to a
 * row.
 *
 * @param uid its stable uid (links and provisioning keep working across imports)
 * @param file its file name under monitoring/dashboards
 * @param title its title
 * @param description what it is for
 * @param jobMetric the metric whose {@code job} and {@code instance} labels fill the variables
 * @param panels its panels, in reading order
 */
record Dashboard(String uid, String file, String title, String description, String jobMetric,
    List<Panel> panels) {

  /** Every panel and query reads the data source the {@code datasource} variable picks. */
  static final JsonObject DATASOURCE =
      new JsonObject().put("type", "prometheus").put("uid", "${datasource}");

  /** The tag of every dashboard of the mixin; the dashboards link to each other by it. */
  static final String TAG = "vertx-prometheus-async";

  private static final int WIDTH = 12;
  private static final int HEIGHT = 8;

  /** The dashboard's JSON, as Grafana imports it. */
  JsonObject toJson() {
    JsonArray panelsJson = new JsonArray();
    for (int i = 0; i < panels.size(); i++) {
      panelsJson.add(panels.get(i).toJson(i + 1, (i % 2) * WIDTH, (i / 2) * HEIGHT, WIDTH, HEIGHT));
    }
    return new JsonObject()
        .put("uid", uid)
        .put("title", title)
        .put("description", description)
        .put("tags", new JsonArray().add("vertx").add(TAG))
        .put("editable", true)
        .put("graphTooltip", 1)
        .put("refresh", "30s")
        .put("schemaVersion", 39)
        .put("time", new JsonObject().put("from", "now-1h").put("to", "now"))
        .put("timezone", "")
        .put("links", new JsonArray().add(new JsonObject()
            .put("type", "dashboards")
            .put("title", "Vert.x")
            .put("tags", new JsonArray().add(TAG))
            .put("asDropdown", true)
            .put("includeVars", true)
            .put("keepTime", true)))
        .put("annotations", new JsonObject().put("list", new JsonArray()))
        .put("templating", new JsonObject().put("list", new JsonArray()
            .add(new JsonObject()
                .put("name", "datasource")
                .put("label", "Data source")
                .put("type", "datasource")
                .put("query", "prometheus")
                .put("current", new JsonObject())
                .put("hide", 0)
                .put("refresh", 1)
                .put("regex", ""))
            .add(variable("job", "Job", "label_values(" + jobMetric + ", job)"))
            .add(variable("instance", "Instance",
                "label_values(" + jobMetric + "{job=~\"$job\"}, instance)"))))
        .put("panels", panelsJson);
  }

  /** A multi-select query variable, "All" included, refreshed when the time range changes. */
  private static JsonObject variable(String name, String label, String query) {
    return new JsonObject()
        .put("name", name)
        .put("label", label)
        .put("type", "query")
        .put("datasource", DATASOURCE.copy())
        .put("query", new JsonObject().put("query", query).put("refId", name))
        .put("definition", query)
        .put("current", new JsonObject())
        .put("multi", true)
        .put("includeAll", true)
        .put("allValue", ".+")
        .put("hide", 0)
        .put("refresh", 2)
        .put("sort", 1)
        .put("regex", "");
  }
}
