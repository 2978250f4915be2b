package io.github.promasync.vertx.examples;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

import java.util.function.Function;

/** The start-up scaffolding every example shares. */
final class Examples {

  /** Where the examples listen when run: loopback only, the port of the original examples. */
  static final String HOST = "127.0.0.1";

  /** The port of prometheus_async's examples, {@value}. */
  static final int PORT = 8000;

  private Examples() {
  }

  /** Serves {@code router} on {@code host:port}; port {@code 0} picks a free one. */
  static Future<HttpServer> listen(Vertx vertx, Router router, String host, int port) {
    return vertx.createHttpServer().requestHandler(router).listen(port, host);
  }

  /**
   * An example's {@code main}: starts it on a new Vert.x instance, then prints what to try, or
   * reports the failure and ends the program with status 1.
   *
   * @param start starts the example
   * @param whatToTry what to print once it runs
   * @param <T> what the start yields
   */
  static <T> void run(Function<Vertx, Future<T>> start, Function<T, String> whatToTry) {
    run(new VertxOptions(), start, whatToTry);
  }

  /** The same with a Vert.x built from {@code options}. */
  static <T> void run(VertxOptions options, Function<Vertx, Future<T>> start,
      Function<T, String> whatToTry) {
    Vertx vertx = Vertx.vertx(options);
    start.apply(vertx)
        .onSuccess(started -> System.out.println(whatToTry.apply(started)))
        .onFailure(err -> {
          System.err.println("Cannot start: " + err.getMessage());
          vertx.close().onComplete(closed -> System.exit(1));
        });
  }

  /** What to try against a server serving {@code /metrics}. */
  static String curlMetrics(HttpServer server) {
    return "curl localhost:" + server.actualPort() + "/metrics";
  }
}
