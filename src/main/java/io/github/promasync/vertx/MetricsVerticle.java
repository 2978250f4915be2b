package io.github.promasync.vertx;

import io.github.promasync.vertx.impl.ClusterDiscovery;
import io.prometheus.metrics.config.PrometheusProperties;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Objects;

/**
 * A verticle running an HTTP server that serves a registry with {@link MetricsHandler}, a small
 * HTML page at {@code /} linking to it and, unless disabled, a health endpoint.
 *
 * <pre>{@code
 * MetricsVerticle verticle = new MetricsVerticle(new MetricsVerticleOptions()
 *     .setHost("127.0.0.1")
 *     .setPort(0)
 *     .setRegistry(registry));
 * vertx.deployVerticle(verticle)
 *     .onSuccess(id -> System.out.println("Prometheus can scrape " + verticle.url()));
 * }</pre>
 *
 * <p>Constructed without arguments (as {@code vertx.deployVerticle(MetricsVerticle.class.getName(),
 * new DeploymentOptions().setConfig(json))} and the Vert.x launcher do), it reads
 * {@link MetricsVerticleOptions} from {@link #config()} and serves
 * {@link io.prometheus.metrics.model.registry.PrometheusRegistry#defaultRegistry}.
 *
 * <p>Every endpoint answers {@code GET} and {@code HEAD} only; other methods get {@code 405} with
 * {@code Allow: GET, HEAD}. Other paths get {@code 404}, and requests the router refuses outright
 * (no {@code Host} header) {@code 400}, each with a one-line plain-text body and nothing logged. The
 * health endpoint answers {@code 200} with the plain-text body {@code OK}. If the server cannot
 * bind, the deployment fails with an exception naming the host and port, caused by the bind error.
 * The metrics endpoint is a {@link MetricsHandler} configured by
 * {@link MetricsVerticleOptions#getHandlerOptions()} and
 * {@link MetricsVerticleOptions#getProperties()}. Undeploying closes the server and frees the port,
 * then closes the handler's scrape pool. Deployed with several instances, the instances share the
 * port, as Vert.x servers do, and Vert.x hands connections to them in turn (each instance has a
 * handler, a scrape pool and an in-flight cap of its own); with port {@code 0}, though, each
 * instance binds a free port of its own.
 *
 * <p>With a {@linkplain MetricsVerticleOptions#setDiscoveryPath(String) discovery path}, the server
 * also answers Prometheus's HTTP service discovery with the metrics endpoint of every node of the
 * Vert.x cluster that runs such a verticle; the verticle advertises its own endpoint in the
 * cluster from the moment its deployment succeeds until it is undeployed.
 */
public final class MetricsVerticle extends VerticleBase {

  private final MetricsVerticleOptions configured;
  private volatile MetricsVerticleOptions options;
  private volatile HttpServer server;
  private ClusterDiscovery discovery;
  private volatile MetricsHandler handler;

  /**
   * Creates a verticle that reads its {@link MetricsVerticleOptions} from {@link #config()} at
   * start.
   */
  public MetricsVerticle() {
    this.configured = null;
  }

  /**
   * Creates a verticle with the given options, copied now; {@link #config()} is then ignored.
   *
   * @param options the options
   */
  public MetricsVerticle(MetricsVerticleOptions options) {
    this.configured = new MetricsVerticleOptions(Objects.requireNonNull(options, "options"));
  }

  /**
   * Starts the HTTP server.
   *
   * @return a future completed once the server listens, failed if the options are invalid or the
   *     server cannot bind
   */
  @Override
  public Future<?> start() {
    MetricsVerticleOptions opts;
    try {
      JsonObject config = config();
      opts = configured != null
          ? configured
          : new MetricsVerticleOptions(config == null ? new JsonObject() : config);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    String path = opts.getPath();
    String healthPath = opts.getHealthPath();
    // vertx-web serves "/x" for a request of "/x/" too, so paths differing only by a trailing
    // slash would collide: one route would hide the other.
    if (healthPath != null && withoutTrailingSlash(path).equals(withoutTrailingSlash(healthPath))) {
      return Future.failedFuture(new IllegalArgumentException(
          "healthPath \"" + healthPath + "\" is also the metrics path \"" + path + "\""));
    }
    String discoveryPath = opts.getDiscoveryPath();
    if (discoveryPath != null
        && (samePath(discoveryPath, path) || samePath(discoveryPath, healthPath))) {
      boolean metrics = samePath(discoveryPath, path);
      return Future.failedFuture(new IllegalArgumentException("discoveryPath \"" + discoveryPath
          + "\" is also the " + (metrics ? "metrics" : "health") + " path \""
          + (metrics ? path : healthPath) + "\""));
    }

    Router router = Router.router(vertx);
    // Without an error handler, vertx-web logs an error for each request it rejects before any
    // route runs (no Host header: 400; an asterisk-form target: 404), so anyone able to connect
    // could flood the log. Answer those in one plain-text line, without logging; 405 too, so that
    // it reads as MetricsHandler's own (every route here serves GET and HEAD only).
    router.errorHandler(400, ctx -> reject(ctx, 400, "Bad request\n"));
    router.errorHandler(404, ctx -> reject(ctx, 404, "Not found\n"));
    router.errorHandler(405, ctx -> {
      ctx.response().putHeader(HttpHeaders.ALLOW, MetricsHandler.ALLOWED_METHODS);
      reject(ctx, 405, "Method not allowed: use GET or HEAD\n");
    });
    MetricsHandler metrics = MetricsHandler.create(
        opts.getProperties() != null ? opts.getProperties() : PrometheusProperties.get(),
        opts.getHandlerOptions(), opts.getRegistry());
    handler = metrics;
    getOrHead(router.route(path)).handler(metrics);
    if (healthPath != null) {
      getOrHead(router.route(healthPath)).handler(MetricsVerticle::health);
    }
    ClusterDiscovery sd = discoveryPath == null ? null : new ClusterDiscovery(vertx, opts);
    if (sd != null) {
      getOrHead(router.route(discoveryPath)).handler(sd);
    }
    if (!"/".equals(path) && !"/".equals(healthPath) && !"/".equals(discoveryPath)) {
      String page = indexPage(path);
      getOrHead(router.route("/")).handler(ctx -> ctx.response()
          .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
          .end(page));
    }

    String host = opts.getHost();
    int port = opts.getPort();
    HttpServerOptions serverOptions = new HttpServerOptions(opts.getServerOptions())
        .setHost(host)
        .setPort(port);
    return vertx.createHttpServer(serverOptions)
        .requestHandler(router)
        .listen()
        .<HttpServer>transform(ar -> {
          if (ar.failed()) {
            metrics.close();
            Throwable cause = ar.cause();
            return Future.failedFuture(new VertxException(
                "Metrics server cannot listen on " + hostForUrl(host) + ":" + port + ": "
                    + cause.getMessage(),
                cause));
          }
          options = opts;
          server = ar.result();
          return Future.succeededFuture(ar.result());
        })
        .compose(s -> sd == null ? Future.succeededFuture(s) : advertise(sd, s));
  }

  private Future<HttpServer> advertise(ClusterDiscovery sd, HttpServer s) {
    return sd.start(s.actualPort()).transform(ar -> {
      if (ar.succeeded()) {
        discovery = sd;
        return Future.succeededFuture(s);
      }
      server = null;
      MetricsHandler h = handler;
      handler = null;
      if (h != null) {
        h.close();
      }
      return s.close().transform(closed -> Future.failedFuture(ar.cause()));
    });
  }

  /**
   * Closes the HTTP server, then the scrape pool of its {@link MetricsHandler}.
   *
   * @return a future completed once the server is closed and its port free
   */
  @Override
  public Future<?> stop() {
    HttpServer s = server;
    server = null;
    // Withdrawn from discovery first, so that Prometheus stops scraping before the port closes.
    ClusterDiscovery sd = discovery;
    discovery = null;
    Future<Void> withdrawn = sd == null ? Future.succeededFuture() : sd.stop();
    MetricsHandler h = handler;
    handler = null;
    Future<Void> closed =
        withdrawn.compose(v -> s == null ? Future.succeededFuture() : s.close());
    return closed.andThen(ar -> {
      if (h != null) {
        h.close();
      }
    });
  }

  /**
   * Returns the port the server listens on, the chosen one when configured with port {@code 0}.
   *
   * @return the actual port
   * @throws IllegalStateException if the verticle is not deployed
   */
  public int actualPort() {
    return listening().actualPort();
  }

  /**
   * Returns the URL of the metrics endpoint as seen from this machine, such as
   * {@code http://127.0.0.1:8000/metrics}. A wildcard host ({@code 0.0.0.0}, {@code ::}) is
   * written as the loopback address of the same family.
   *
   * @return the URL, {@code https} when the server options enable TLS
   * @throws IllegalStateException if the verticle is not deployed
   */
  public String url() {
    HttpServer s = listening();
    MetricsVerticleOptions opts = options;
    String scheme = opts.getServerOptions().isSsl() ? "https" : "http";
    return scheme + "://" + urlHost(opts.getHost()) + ":" + s.actualPort() + opts.getPath();
  }

  private HttpServer listening() {
    HttpServer s = server;
    if (s == null) {
      throw new IllegalStateException("MetricsVerticle is not deployed");
    }
    return s;
  }

  private static boolean samePath(String a, String b) {
    return b != null && withoutTrailingSlash(a).equals(withoutTrailingSlash(b));
  }

  private static Route getOrHead(Route route) {
    return route.method(HttpMethod.GET).method(HttpMethod.HEAD);
  }

  private static void health(RoutingContext ctx) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
        .end("OK\n");
  }

  private static void reject(RoutingContext ctx, int status, String message) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
        .end(message);
  }

  private static String withoutTrailingSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static String indexPage(String path) {
    // A relative link keeps working behind a reverse proxy that mounts the server under a prefix;
    // "./" stops a first segment containing ':' from reading as a URL scheme.
    String href = escapeHtml("./" + path.substring(1));
    return "<!DOCTYPE html>\n"
        + "<html><head><meta charset=\"utf-8\"><title>Prometheus metrics</title></head>\n"
        + "<body><h1>Prometheus metrics</h1><p><a href=\"" + href + "\">"
        + escapeHtml(path) + "</a></p></body></html>\n";
  }

  private static String escapeHtml(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String urlHost(String host) {
    String bare = host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1)
        : host;
    if (bare.equals("0.0.0.0")) {
      return "127.0.0.1";
    }
    if (bare.equals("::") || bare.equals("0:0:0:0:0:0:0:0")) {
      return "[::1]";
    }
    return hostForUrl(bare);
  }

  private static String hostForUrl(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
