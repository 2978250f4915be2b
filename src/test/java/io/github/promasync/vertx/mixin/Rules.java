package io.github.promasync.vertx.mixin;

import static io.github.promasync.vertx.mixin.MixinConfig.number;

import io.github.promasync.vertx.mixin.Rule.Alert;
import io.github.promasync.vertx.mixin.Rule.Group;
import io.github.promasync.vertx.mixin.Rule.Recording;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The recording rules (rules.yml) and the alerts (alerts.yml): what the dashboards and the alerts
 * share is recorded once, named {@code level:metric:operations}.
 */
final class Rules {

  /** Every alert's name starts with it. */
  static final String ALERT_PREFIX = "Vertx";

  /** The quantiles recorded for the request duration. */
  static final List<String> QUANTILES = List.of("0.5", "0.95", "0.99");

  // The server's request rate and errors per instance and route, and their sums.
  static final String RATE = "job_instance_http_route:http_server_request_duration_seconds_count:rate5m";
  static final String ERRORS = "job_instance_http_route:http_server_request_errors:rate5m";
  static final String BUCKETS =
      "job_instance_http_route_le:http_server_request_duration_seconds_bucket:rate5m";
  static final String LOOP_DELAY =
      "job_instance_eventloop_quantile:vertx_eventloop_delay_seconds:quantile_rate5m";

  private final MixinConfig config;

  Rules(MixinConfig config) {
    this.config = config;
  }

  /** The groups of rules.yml. */
  List<Group> recording() {
    String count = "http_server_request_duration_seconds_count";
    List<Rule> requests = List.of(
        new Recording(RATE, "sum by (job, instance, http_route) (rate("
            + config.series(count) + "[5m]))"),
        new Recording(ERRORS, "sum by (job, instance, http_route) (rate("
            + config.series(count, "error_type!=\"\"") + "[5m]))"),
        new Recording("job_http_route:" + count + ":rate5m", "sum by (job, http_route) (" + RATE + ")"),
        new Recording("job_http_route:http_server_request_errors:rate5m",
            "sum by (job, http_route) (" + ERRORS + ")"),
        new Recording("job:" + count + ":rate5m", "sum by (job) (" + RATE + ")"),
        new Recording("job:http_server_request_errors:rate5m", "sum by (job) (" + ERRORS + ")"),
        new Recording("job_http_route:http_server_request_errors:ratio_rate5m",
            "job_http_route:http_server_request_errors:rate5m\n"
                + "  / job_http_route:" + count + ":rate5m"),
        new Recording("job:http_server_request_errors:ratio_rate5m",
            "job:http_server_request_errors:rate5m\n  / job:" + count + ":rate5m"));

    String bucket = "http_server_request_duration_seconds_bucket";
    List<Rule> latency = new ArrayList<>(List.of(
        new Recording(BUCKETS, "sum by (job, instance, http_route, le) (rate("
            + config.series(bucket) + "[5m]))"),
        new Recording("job_http_route_le:" + bucket + ":rate5m",
            "sum by (job, http_route, le) (" + BUCKETS + ")"),
        new Recording("job_le:" + bucket + ":rate5m", "sum by (job, le) (" + BUCKETS + ")")));
    for (String level : List.of("job", "job_http_route")) {
      for (String quantile : QUANTILES) {
        latency.add(new Recording(level + "_quantile:http_server_request_duration_seconds:quantile_rate5m",
            "histogram_quantile(" + quantile + ", " + level + "_le:" + bucket + ":rate5m)",
            Map.of("quantile", quantile)));
      }
    }

    List<Rule> eventLoops = List.of(
        new Recording("job_instance_eventloop_le:vertx_eventloop_delay_seconds_bucket:rate5m",
            "sum by (job, instance, eventloop, le) (rate("
                + config.series("vertx_eventloop_delay_seconds_bucket") + "[5m]))"),
        new Recording(LOOP_DELAY, "histogram_quantile(0.99,\n"
            + "  job_instance_eventloop_le:vertx_eventloop_delay_seconds_bucket:rate5m)",
            Map.of("quantile", "0.99")));

    return List.of(new Group("vertx-http-server-requests", requests),
        new Group("vertx-http-server-latency", latency),
        new Group("vertx-event-loops", eventLoops));
  }

  /** The groups of alerts.yml. */
  List<Group> alerts() {
    String clientCount = "http_client_request_duration_seconds_count";
    String clientBy = "sum by (job, instance, server_address, server_port) ";
    List<Rule> server = List.of(
        alert("VertxHttpServerErrorRatioHigh", ERRORS + "\n  / " + RATE + "\n  > "
                + number(config.serverErrorRatio()) + "\nand " + RATE + " > "
                + number(config.serverMinRequestRate()),
            "5m", "critical", "An HTTP route answers too many requests with 5xx or a reset.",
            "{{ $value | humanizePercentage }} of the requests to route '{{ $labels.http_route }}'"
                + " of {{ $labels.job }} on {{ $labels.instance }} ended in a 5xx or a reset over"
                + " the last 5 minutes (threshold " + percent(config.serverErrorRatio()) + ")."),
        alert("VertxHttpServerLatencyHigh",
            "histogram_quantile(0.99, " + BUCKETS + ")\n  > " + number(config.serverLatencyP99()),
            "10m", "warning", "An HTTP route is slow: its 99th percentile is over the SLO.",
            "The 99th percentile of route '{{ $labels.http_route }}' of {{ $labels.job }} on"
                + " {{ $labels.instance }} is {{ $value | humanizeDuration }} over the last 5"
                + " minutes (threshold " + number(config.serverLatencyP99()) + " s)."));
    List<Rule> internals = List.of(
        alert("VertxEventLoopDelayHigh",
            LOOP_DELAY + "\n  > " + number(config.eventLoopDelayP99()),
            "5m", "warning", "An event loop runs its tasks late.",
            "The 99th percentile of the delay of {{ $labels.eventloop }} of {{ $labels.job }} on"
                + " {{ $labels.instance }} is {{ $value | humanizeDuration }} over the last 5"
                + " minutes (threshold " + number(config.eventLoopDelayP99()) + " s)."),
        alert("VertxBlockedThreads",
            "sum by (job, instance, thread_kind) (increase("
                + config.series("vertx_blocked_threads_total") + "[5m]))\n  > 0",
            "0m", "warning", "Vert.x reported blocked threads.",
            "Vert.x's blocked-thread checker reported {{ $labels.thread_kind }} threads of"
                + " {{ $labels.job }} on {{ $labels.instance }} {{ $value | humanize }} times over"
                + " the last 5 minutes."),
        alert("VertxWorkerPoolSaturated",
            "sum by (job, instance, pool_name) ("
                + config.series("vertx_pool_queue_pending", "pool_type=\"worker\"") + ")\n  > 0",
            "10m", "warning", "A worker pool has had tasks waiting for 10 minutes.",
            "{{ $value | humanize }} tasks are waiting for a thread of worker pool"
                + " '{{ $labels.pool_name }}' of {{ $labels.job }} on {{ $labels.instance }}, and"
                + " tasks have been waiting there for 10 minutes."),
        alert("VertxEventBusMessagesDiscarded",
            "sum by (job, instance, address) (increase("
                + config.series("vertx_eventbus_discarded_total") + "[5m]))\n  > 0",
            "0m", "warning", "Event-bus consumers are dropping messages.",
            "Consumers of address '{{ $labels.address }}' of {{ $labels.job }} on"
                + " {{ $labels.instance }} dropped {{ $value | humanize }} messages over the last"
                + " 5 minutes."),
        alert("VertxEventBusReplyFailures",
            newOrIncreasing("vertx_eventbus_reply_failures_total",
                "job, instance, address, failure", "5m"),
            "0m", "warning", "Event-bus requests are failing.",
            "Requests to address '{{ $labels.address }}' of {{ $labels.job }} on"
                + " {{ $labels.instance }} failed with {{ $labels.failure }} (at least"
                + " {{ $value | humanize }} over the last 5 minutes)."));
    List<Rule> downstreams = List.of(
        alert("VertxHttpClientErrorRatioHigh",
            clientBy + "(rate(" + config.series(clientCount, "error_type!=\"\"",
                "error_type!~\"4..\"") + "[5m]))\n  / " + clientBy + "(rate("
                + config.series(clientCount) + "[5m]))\n  > " + number(config.clientErrorRatio()),
            "5m", "warning", "A downstream HTTP server fails too many of the calls made to it.",
            "{{ $value | humanizePercentage }} of the calls of {{ $labels.job }} on"
                + " {{ $labels.instance }} to {{ $labels.server_address }}:{{ $labels.server_port }}"
                + " ended in a 5xx or a reset over the last 5 minutes (threshold "
                + percent(config.clientErrorRatio()) + ")."));
    List<Rule> scrapes = List.of(
        alert("VertxScrapesRefused",
            newOrIncreasing("promasync_scrapes_refused_total", "job, instance, reason", "10m"),
            "0m", "warning", "The metrics endpoint refused scrapes.",
            "The /metrics of {{ $labels.job }} on {{ $labels.instance }} answered"
                + " {{ $value | humanize }} scrapes with 503 ({{ $labels.reason }}) over the last"
                + " 10 minutes."),
        alert("VertxTargetDown",
            config.series("up") + " == 0\nand on (job, instance)\n  present_over_time("
                + config.series("vertx_eventloop_delay_seconds_count") + "[1h])",
            "5m", "critical", "A Vert.x service cannot be scraped.",
            "Prometheus has failed to scrape {{ $labels.job }} on {{ $labels.instance }} for 5"
                + " minutes."));
    return List.of(new Group("vertx-http-server-alerts", server),
        new Group("vertx-internals-alerts", internals),
        new Group("vertx-downstream-alerts", downstreams),
        new Group("vertx-scrape-alerts", scrapes));
  }

  /**
   * Counter series that grew over {@code window}, or appeared within it: a counter whose children
   * exist only once they count (a reply failure, a refused scrape) starts at 1, which
   * {@code increase} alone never sees.
   */
  private String newOrIncreasing(String counter, String by, String window) {
    String series = config.series(counter);
    return "sum by (" + by + ") (\n  increase(" + series + "[" + window + "]) > 0\n  or ("
        + series + " unless " + series + " offset " + window + ") > 0\n)";
  }

  private Alert alert(String name, String expr, String pendingFor, String severity,
      String summary, String description) {
    return new Alert(name, expr, pendingFor, severity, summary, description,
        config.runbookUrl() + "#" + anchor(name));
  }

  /** The anchor of an alert's runbook in docs/operating.adoc. */
  static String anchor(String alertName) {
    return alertName.toLowerCase(Locale.ROOT);
  }

  private static String percent(double ratio) {
    return new BigDecimal(Double.toString(ratio)).movePointRight(2).stripTrailingZeros()
        .toPlainString() + "%";
  }
}
