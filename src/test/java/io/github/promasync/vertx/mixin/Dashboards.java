package io.github.promasync.vertx.mixin;

import static io.github.promasync.vertx.mixin.Panel.series;
import static io.github.promasync.vertx.mixin.Panel.target;
import static io.github.promasync.vertx.mixin.Panel.top;

import java.util.ArrayList;
import java.util.List;

/**
 * The four dashboards, for the OPENTELEMETRY naming: the service, the Vert.x internals, the
 * downstreams, the JVM and the scrape. Request rates, error ratios and latency come from the
 * recording rules of {@link Rules}, so that a panel and an alert show the same number.
 */
final class Dashboards {

  private static final String SELECTOR = "job=~\"$job\", instance=~\"$instance\"";

  private Dashboards() {
  }

  static List<Dashboard> all() {
    return List.of(overview(), internals(), downstreams(), jvmAndScrape());
  }

  /** {@code name{job=~"$job", instance=~"$instance", extra...}}. */
  static String s(String name, String... matchers) {
    StringBuilder out = new StringBuilder(name).append('{').append(SELECTOR);
    for (String matcher : matchers) {
      out.append(", ").append(matcher);
    }
    return out.append('}').toString();
  }

  private static String rate(String name, String... matchers) {
    return "rate(" + s(name, matchers) + "[$__rate_interval])";
  }

  private static String increase(String name, String... matchers) {
    return "increase(" + s(name, matchers) + "[$__rate_interval])";
  }

  private static Dashboard overview() {
    String rate = s(Rules.RATE);
    String errors = s(Rules.ERRORS);
    String buckets = s(Rules.BUCKETS);
    String count = "http_server_request_duration_seconds_count";
    List<Panel.Target> latency = new ArrayList<>();
    for (String quantile : Rules.QUANTILES) {
      latency.add(target("histogram_quantile(" + quantile + ", sum by (job, le) (" + buckets + "))",
          "{{job}} p" + Math.round(Double.parseDouble(quantile) * 100)));
    }
    List<Panel.Target> routeLatency = new ArrayList<>();
    for (String quantile : Rules.QUANTILES) {
      routeLatency.add(target("histogram_quantile(" + quantile
          + ", sum by (job, http_route, le) (" + buckets + "))",
          "{{job}} {{http_route}} p" + Math.round(Double.parseDouble(quantile) * 100)));
    }
    String size = "http_server_response_body_size_bytes";
    return new Dashboard("vertx-service-overview", "vertx-service-overview.json",
        "Vert.x / Service overview",
        "What the HTTP servers of Vert.x services answer: rate, errors, latency per route.",
        count, List.of(
            series("Request rate", "Requests per second, over 5 minutes.", "reqps",
                target("sum by (job) (" + rate + ")", "{{job}}")),
            series("Error ratio (5xx and resets)",
                "The share of requests that ended in a 5xx or a reset, over 5 minutes.",
                "percentunit",
                target("(sum by (job) (" + errors + ") or 0 * sum by (job) (" + rate + "))\n"
                    + "  / sum by (job) (" + rate + ")", "{{job}}")),
            new Panel("Latency", "The 50th, 95th and 99th percentiles of the request duration,"
                + " over 5 minutes.", "s", false, latency),
            series("Request rate per route", "Requests per second per route (an empty route:"
                + " requests no route matched).", "reqps",
                target("sum by (job, http_route) (" + rate + ")", "{{job}} {{http_route}}")),
            series("Error ratio per route", "The share of 5xx and resets per route that had"
                + " any.", "percentunit",
                target("sum by (job, http_route) (" + errors + ")\n  / sum by (job, http_route) ("
                    + rate + ")", "{{job}} {{http_route}}")),
            new Panel("Latency per route", "The 50th, 95th and 99th percentiles of the request"
                + " duration per route, over 5 minutes.", "s", false, routeLatency),
            series("Responses by status code", "Responses per second by status code (empty: a"
                + " reset before the response began).", "reqps",
                target("sum by (job, http_response_status_code) (" + rate(count) + ")",
                    "{{job}} {{http_response_status_code}}")),
            series("Requests by HTTP version", "Requests per second by protocol version.", "reqps",
                target("sum by (job, network_protocol_version) (" + rate(count) + ")",
                    "{{job}} HTTP/{{network_protocol_version}}")),
            series("Active requests", "Requests begun and not yet ended.", "short",
                target("sum by (job, http_request_method) (" + s("http_server_active_requests")
                    + ")", "{{job}} {{http_request_method}}")),
            series("Active connections", "Open HTTP connections and WebSockets.", "short",
                target("sum by (job, url_scheme) (" + s("vertx_http_server_active_connections")
                    + ")", "{{job}} {{url_scheme}}"),
                target("sum by (job, url_scheme) ("
                    + s("vertx_http_server_active_ws_connections") + ")",
                    "{{job}} {{url_scheme}} WebSocket")),
            series("Response body size", "The 50th and 95th percentiles of the response bodies.",
                "bytes",
                target("histogram_quantile(0.5, sum by (job, le) (" + rate(size + "_bucket") + "))",
                    "{{job}} p50"),
                target("histogram_quantile(0.95, sum by (job, le) (" + rate(size + "_bucket")
                    + "))", "{{job}} p95")),
            series("Bytes read and written", "Bytes per second on the servers' connections.",
                "Bps",
                target("sum by (job) (" + rate("vertx_http_server_bytes_read_total") + ")",
                    "{{job}} read"),
                target("sum by (job) (" + rate("vertx_http_server_bytes_written_total") + ")",
                    "{{job}} written")),
            top("Busiest routes", "The ten routes with the most requests per second.", "reqps",
                target("topk(10, sum by (job, http_route) (" + rate + "))",
                    "{{job}} {{http_route}}")),
            top("Slowest routes", "The ten routes with the highest 99th percentile.", "s",
                target("topk(10, histogram_quantile(0.99, sum by (job, http_route, le) ("
                    + buckets + ")))", "{{job}} {{http_route}}"))));
  }

  private static Dashboard internals() {
    String byPool = "sum by (job, instance, pool_type, pool_name) ";
    return new Dashboard("vertx-internals", "vertx-internals.json", "Vert.x / Internals",
        "The event loops, the worker and client pools and the event bus of Vert.x services.",
        "vertx_eventloop_delay_seconds_count", List.of(
            series("Event-loop delay p99 per loop", "How late each event loop ran a task queued"
                + " on it: the 99th percentile over 5 minutes.", "s",
                target("max by (job, instance, eventloop) (" + s(Rules.LOOP_DELAY) + ")",
                    "{{instance}} {{eventloop}}")),
            series("Blocked-thread reports", "Reports of Vert.x's blocked-thread checker.",
                "short",
                target("sum by (job, instance, thread_kind) ("
                    + increase("vertx_blocked_threads_total") + ")",
                    "{{instance}} {{thread_kind}}")),
            series("Worker threads in use", "Tasks running on each worker pool.", "short",
                target("sum by (job, instance, pool_name) ("
                    + s("vertx_pool_in_use", "pool_type=\"worker\"") + ")",
                    "{{instance}} {{pool_name}}")),
            series("Worker pool usage", "Tasks running divided by the pool's size.",
                "percentunit",
                target("max by (job, instance, pool_name) ("
                    + s("vertx_pool_ratio", "pool_type=\"worker\"") + ")",
                    "{{instance}} {{pool_name}}")),
            series("Queued tasks and requests", "Worker tasks waiting for a thread, client"
                + " requests waiting for a connection.", "short",
                target(byPool + "(" + s("vertx_pool_queue_pending") + ")",
                    "{{instance}} {{pool_type}} {{pool_name}}")),
            series("Queue wait time (mean)", "The mean time a task or request waited in each"
                + " queue.", "s",
                target(byPool + "(" + rate("vertx_pool_queue_time_seconds_sum") + ")\n  / "
                    + byPool + "(" + rate("vertx_pool_queue_time_seconds_count") + ")",
                    "{{instance}} {{pool_type}} {{pool_name}}")),
            series("Worker task time p99", "The 99th percentile of the time a worker task ran.",
                "s",
                target("histogram_quantile(0.99, sum by (job, instance, pool_name, le) ("
                    + rate("vertx_pool_usage_seconds_bucket", "pool_type=\"worker\"") + "))",
                    "{{instance}} {{pool_name}}")),
            series("Event bus: sent and published", "Messages per second sent (send, request)"
                + " and published, per address.", "mps",
                target("sum by (job, address) (" + rate("vertx_eventbus_sent_total") + ")",
                    "{{address}} sent"),
                target("sum by (job, address) (" + rate("vertx_eventbus_published_total") + ")",
                    "{{address}} published")),
            series("Event bus: delivered", "Messages per second handed to a consumer.", "mps",
                target("sum by (job, address) (" + rate("vertx_eventbus_delivered_total") + ")",
                    "{{address}}")),
            series("Event bus: backlog", "Messages scheduled on a consumer and not yet"
                + " delivered.", "short",
                target("sum by (job, address) (" + s("vertx_eventbus_pending") + ")",
                    "{{address}}")),
            series("Event bus: discarded", "Messages per second dropped by consumers.", "mps",
                target("sum by (job, address) (" + rate("vertx_eventbus_discarded_total") + ")",
                    "{{address}}")),
            series("Event bus: reply failures", "Failed requests per second, by failure.", "reqps",
                target("sum by (job, address, failure) ("
                    + rate("vertx_eventbus_reply_failures_total") + ")",
                    "{{address}} {{failure}}")),
            series("Event bus: handlers", "Consumers registered per address.", "short",
                target("sum by (job, address) (" + s("vertx_eventbus_handlers") + ")",
                    "{{address}}"))));
  }

  private static Dashboard downstreams() {
    String count = "http_client_request_duration_seconds_count";
    String byServer = "sum by (job, server_address, server_port) ";
    String bucket = "http_client_request_duration_seconds_bucket";
    String byPool = "sum by (job, pool_type, pool_name) ";
    String clientPools = "pool_type=~\"http|ws\"";
    return new Dashboard("vertx-downstreams", "vertx-downstreams.json", "Vert.x / Downstreams",
        "What the HTTP clients of Vert.x services see of the servers they call.", count, List.of(
            series("Request rate per server", "Calls per second per server.", "reqps",
                target(byServer + "(" + rate(count) + ")",
                    "{{server_address}}:{{server_port}}")),
            series("Failed calls per server (5xx and resets)", "The share of calls that ended"
                + " in a 5xx or a reset.", "percentunit",
                target("(" + byServer + "(" + rate(count, "error_type!=\"\"",
                    "error_type!~\"4..\"") + ") or 0 * " + byServer + "(" + rate(count) + "))\n"
                    + "  / " + byServer + "(" + rate(count) + ")",
                    "{{server_address}}:{{server_port}}")),
            series("Responses by status code", "Responses per second by server and status code"
                + " (empty: a reset).", "reqps",
                target("sum by (job, server_address, http_response_status_code) (" + rate(count)
                    + ")", "{{server_address}} {{http_response_status_code}}")),
            series("Latency per server", "The 50th and 99th percentiles of the call duration.",
                "s",
                target("histogram_quantile(0.5, sum by (job, server_address, server_port, le) ("
                    + rate(bucket) + "))", "{{server_address}}:{{server_port}} p50"),
                target("histogram_quantile(0.99, sum by (job, server_address, server_port, le) ("
                    + rate(bucket) + "))", "{{server_address}}:{{server_port}} p99")),
            series("Active calls per server", "Calls sent whose response has not ended.",
                "short",
                target(byServer + "(" + s("http_client_active_requests") + ")",
                    "{{server_address}}:{{server_port}}")),
            series("Open connections per server", "Open HTTP connections and WebSockets.",
                "short",
                target(byServer + "(" + s("vertx_http_client_active_connections") + ")",
                    "{{server_address}}:{{server_port}}"),
                target(byServer + "(" + s("vertx_http_client_active_ws_connections") + ")",
                    "{{server_address}}:{{server_port}} WebSocket")),
            series("Bytes read and written", "Bytes per second on the clients' connections.",
                "Bps",
                target("sum by (job) (" + rate("vertx_http_client_bytes_read_total") + ")",
                    "{{job}} read"),
                target("sum by (job) (" + rate("vertx_http_client_bytes_written_total") + ")",
                    "{{job}} written")),
            series("Connection errors", "Client connection errors per second by exception"
                + " class.", "short",
                target("sum by (job, class) (" + rate("vertx_http_client_errors_total") + ")",
                    "{{job}} {{class}}")),
            series("Calls waiting for a connection", "Requests queued in the clients'"
                + " connection pools.", "short",
                target(byPool + "(" + s("vertx_pool_queue_pending", clientPools) + ")",
                    "{{pool_type}} {{pool_name}}")),
            series("Connection wait time (mean)", "The mean time a request waited for a"
                + " connection.", "s",
                target(byPool + "(" + rate("vertx_pool_queue_time_seconds_sum", clientPools)
                    + ")\n  / " + byPool + "(" + rate("vertx_pool_queue_time_seconds_count",
                    clientPools) + ")", "{{pool_type}} {{pool_name}}"))));
  }

  private static Dashboard jvmAndScrape() {
    String byInstance = "sum by (job, instance) ";
    return new Dashboard("vertx-jvm-scrape", "vertx-jvm-scrape.json", "Vert.x / JVM and scrape",
        "Whether Prometheus reaches the services, and their JVMs (with jvmMetricsEnabled).",
        "up", List.of(
            series("Targets up", "1 when the last scrape succeeded.", "short",
                target(s("up"), "{{job}} {{instance}}")),
            series("Scrape duration", "How long the last scrape took.", "s",
                target(s("scrape_duration_seconds"), "{{job}} {{instance}}")),
            series("Samples scraped", "Samples in the last scrape.", "short",
                target(s("scrape_samples_scraped"), "{{job}} {{instance}}")),
            series("Refused scrapes", "Scrapes the metrics handler answered with 503, by"
                + " reason.", "short",
                target("sum by (job, instance, reason) ("
                    + increase("promasync_scrapes_refused_total") + ")",
                    "{{instance}} {{reason}}")),
            series("Heap", "Heap used, committed and the maximum.", "bytes",
                target(byInstance + "(" + s("jvm_memory_used_bytes", "area=\"heap\"") + ")",
                    "{{instance}} used"),
                target(byInstance + "(" + s("jvm_memory_committed_bytes", "area=\"heap\"") + ")",
                    "{{instance}} committed"),
                target(byInstance + "(" + s("jvm_memory_max_bytes", "area=\"heap\"") + ")",
                    "{{instance}} max")),
            series("Non-heap", "Non-heap memory used.", "bytes",
                target(byInstance + "(" + s("jvm_memory_used_bytes", "area=\"nonheap\"") + ")",
                    "{{instance}} used")),
            series("GC time", "The share of time spent in garbage collection, per collector.",
                "percentunit",
                target("sum by (job, instance, gc) (" + rate("jvm_gc_collection_seconds_sum")
                    + ")", "{{instance}} {{gc}}")),
            series("CPU", "CPU used by the process, in cores.", "short",
                target(byInstance + "(" + rate("process_cpu_seconds_total") + ")",
                    "{{instance}}")),
            series("Threads", "JVM threads by state.", "short",
                target("sum by (job, instance, state) (" + s("jvm_threads_state") + ")",
                    "{{instance}} {{state}}")),
            series("Buffer pools", "Direct and mapped buffer memory used (Netty's direct"
                + " buffers included).", "bytes",
                target("sum by (job, instance, pool) (" + s("jvm_buffer_pool_used_bytes") + ")",
                    "{{instance}} {{pool}}"))));
  }
}
