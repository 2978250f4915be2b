package io.github.promasync.vertx.modulepath;

import io.github.promasync.vertx.Instrument;
import io.github.promasync.vertx.MetricsServer;
import io.github.promasync.vertx.MetricsVerticleOptions;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.util.concurrent.TimeUnit;

/**
 * What {@code ModulePathTest} runs in a JVM of its own, with the library and its dependencies on
 * the module path: instruments a future, serves the registry and scrapes it in each format. Prints
 * one line per check and exits with 1 at the first that fails.
 *
 * <p>Argument {@code protobuf} or {@code no-protobuf}: whether prometheus-metrics-exposition-formats
 * is on the module path. The JVM is started with client_java configuration that leaves out the
 * metrics named {@code hidden_*} (an {@code io.prometheus.*} system property or a
 * {@code prometheus.properties} file), which the server, configured by
 * {@code PrometheusProperties.get()}, must follow.
 */
public final class ModulePathMain {

  private ModulePathMain() {
  }

  public static void main(String[] args) throws Exception {
    boolean protobuf = "protobuf".equals(args[0]);
    Module library = Instrument.class.getModule();
    check("library is the named module io.github.promasync.vertx",
        library.isNamed() && "io.github.promasync.vertx".equals(library.getName()));
    check("impl package not exported", !library.isExported("io.github.promasync.vertx.impl"));

    PrometheusRegistry registry = new PrometheusRegistry();
    Histogram histogram =
        Histogram.builder().name("module_path_seconds").help("op").register(registry);
    Histogram.builder().name("hidden_seconds").help("filtered out").register(registry).observe(1);
    Vertx vertx = Vertx.vertx();
    try {
      Promise<String> promise = Promise.promise();
      Future<String> timed = Instrument.time(histogram, promise.future());
      promise.complete("x");
      check("instrumented future", "x".equals(timed.await()) && histogram.getCount() == 1);

      MetricsServer server = MetricsServer.start(vertx, new MetricsVerticleOptions()
          .setHost("127.0.0.1").setPort(0).setRegistry(registry)).await();
      HttpClient client = vertx.createHttpClient();

      Response text = get(client, server.url(), "text/plain");
      check("text scrape", text.status == 200 && text.body.contains("module_path_seconds_count 1"));
      check("io.prometheus.exporter.filter configuration applied", !text.body.contains("hidden_"));

      Response proto = get(client, server.url(),
          "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited");
      // Without the writer, exporter-common 1.10.0 still picks protobuf for this Accept header and
      // fails the scrape (500), as client_java's HTTPServer does.
      check("protobuf served: " + protobuf, protobuf
          ? proto.status == 200 && proto.contentType.startsWith("application/vnd.google.protobuf")
          : proto.status == 500);

      Response debug = get(client, server.url() + "?debug=prometheus-protobuf", "*/*");
      check("debug=prometheus-protobuf", protobuf
          ? debug.status == 200 && debug.body.contains("module_path_seconds")
          : debug.status == 400
              && debug.body.equals("Unsupported debug parameter: use openmetrics or text\n"));
      System.out.println("OK");
    } finally {
      vertx.close().await();
    }
  }

  private static Response get(HttpClient client, String url, String accept) throws Exception {
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
        .putHeader("Accept", accept);
    return client.request(request)
        .compose(sent -> sent.send()
            .compose(r -> r.body().map(body -> new Response(r, body.toString()))))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static final class Response {
    final int status;
    final String contentType;
    final String body;

    Response(HttpClientResponse response, String body) {
      this.status = response.statusCode();
      String type = response.getHeader("Content-Type");
      this.contentType = type == null ? "" : type;
      this.body = body;
    }
  }

  private static void check(String what, boolean ok) {
    System.out.println((ok ? "ok: " : "FAILED: ") + what);
    if (!ok) {
      System.exit(1);
    }
  }
}
