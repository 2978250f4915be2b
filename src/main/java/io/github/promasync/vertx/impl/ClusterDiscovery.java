package io.github.promasync.vertx.impl;

import io.github.promasync.vertx.MetricsVerticleOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;
import io.vertx.ext.web.RoutingContext;

import java.lang.System.Logger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The service-discovery endpoint of one {@code MetricsVerticle}: it advertises the verticle's
 * metrics endpoint in the cluster and answers Prometheus's HTTP service discovery with every
 * metrics endpoint advertised by the cluster's current members.
 *
 * <p>Each verticle owns one entry of the cluster-wide map {@value #MAP}, under a key of its own,
 * written with a time to live and rewritten every third of it. Undeploying removes the entry; a
 * node that dies stops rewriting it and the cluster manager drops it once the time to live has
 * passed. Answers also leave out entries whose node is no longer a member, so a node that leaves
 * or is seen to fail is gone before its entry expires, and also with a cluster manager that would
 * not expire an entry whose writer has died. Verticle instances that share a
 * port write one entry each, and the answer lists their target once.
 *
 * <p>This is the only place that sees Vert.x's {@link ClusterManager}: it reads the membership
 * ({@link ClusterManager#getNodes()}, its local view) but never registers a node listener, which
 * Vert.x keeps for its own HA failover.
 *
 * <p>Created, started and stopped on the verticle's context; requests are served on the HTTP
 * server's, which is the same for a verticle's own server.
 *
 * <p>Public because {@code MetricsVerticle}, in another package, mounts it.
 */
public final class ClusterDiscovery implements Handler<RoutingContext> {

  /** The name of the cluster-wide map holding one entry per advertising verticle. */
  public static final String MAP = "io.github.promasync.vertx.discovery";

  private static final Logger LOG = System.getLogger("io.github.promasync.vertx.MetricsVerticle");
  private static final long STOP_TIMEOUT_MILLIS = 5_000;
  private static final String TARGET = "target";
  private static final String PATH = "path";
  private static final String SCHEME = "scheme";
  private static final String NODE = "node";

  private final Vertx vertx;
  private final ClusterManager cluster;
  private final String metricsPath;
  private final String scheme;
  private final String configuredHost;
  private final long ttl;
  private final ThrottledLog refreshFailures = new ThrottledLog(LOG);
  private final ThrottledLog readFailures = new ThrottledLog(LOG);

  private volatile String key;
  private volatile JsonObject entry;
  private volatile int port = -1;
  private volatile AsyncMap<String, JsonObject> map;
  private long timer = -1;
  private Future<?> refreshing = Future.succeededFuture();
  private boolean stopped;

  /**
   * Prepares the endpoint of a verticle with {@code options}; nothing is advertised before
   * {@link #start(int)}.
   *
   * @param vertx the verticle's Vert.x instance
   * @param options the verticle's options
   */
  public ClusterDiscovery(Vertx vertx, MetricsVerticleOptions options) {
    this.vertx = vertx;
    this.cluster = VertxInternals.clusterManager(vertx);
    this.metricsPath = options.getPath();
    this.scheme = options.getServerOptions().isSsl() ? "https" : "http";
    String advertised = options.getAdvertisedHost();
    this.configuredHost = advertised != null
        ? bracketed(advertised)
        : isWildcard(options.getHost()) ? null : bracketed(options.getHost());
    this.ttl = options.getDiscoveryTtl();
  }

  /**
   * Advertises the server, now listening on {@code port}, in the cluster; a no-op when Vert.x is
   * not clustered.
   *
   * @param port the server's actual port
   * @return a future completed once the entry is written, failed if there is no host to advertise
   *     or the cluster cannot be written to
   */
  public Future<Void> start(int port) {
    this.port = port;
    if (cluster == null) {
      return Future.succeededFuture();
    }
    NodeInfo info = cluster.getNodeInfo();
    String host = configuredHost != null
        ? configuredHost
        : firstUsableHost(info == null ? null : info.host(), cluster.clusterPublicHost(),
            cluster.clusterHost());
    if (host == null) {
      return Future.failedFuture(new IllegalArgumentException("advertisedHost is not set and the"
          + " cluster manager reports no usable host for this node: set advertisedHost"));
    }
    String nodeId = cluster.getNodeId();
    JsonObject own = new JsonObject()
        .put(TARGET, host + ":" + port)
        .put(PATH, metricsPath)
        .put(SCHEME, scheme)
        .put(NODE, nodeId);
    String ownKey = nodeId + "/" + UUID.randomUUID();
    return vertx.sharedData().<String, JsonObject>getClusterWideMap(MAP)
        .compose(m -> attempt(() -> m.put(ownKey, own, ttl)).map(m))
        .transform(ar -> {
          if (ar.failed()) {
            return Future.failedFuture(new VertxException("Cannot advertise "
                + scheme + "://" + host + ":" + port + metricsPath + " in the cluster: "
                + ar.cause().getMessage(), ar.cause()));
          }
          key = ownKey;
          entry = own;
          map = ar.result();
          timer = vertx.setPeriodic(Math.max(1, ttl / 3), id -> refresh());
          return Future.succeededFuture();
        });
  }

  /**
   * The host to advertise for a wildcard-bound server of a clustered node: the first of
   * {@code candidates} that Prometheus could connect to.
   *
   * @param candidates the host the event bus registered this node under (its public host, else its
   *     host), then the cluster manager's public host and host, each possibly {@code null}
   * @return that host, bracketed if an IPv6 address, or {@code null} if there is none
   */
  static String firstUsableHost(String... candidates) {
    for (String candidate : candidates) {
      if (candidate != null && !candidate.isEmpty() && !isWildcard(candidate)) {
        return bracketed(candidate);
      }
    }
    return null;
  }

  private void refresh() {
    // Writes are not stacked up behind a slow cluster: one at a time, the next tick retries.
    if (stopped || !refreshing.isComplete()) {
      return;
    }
    refreshing = attempt(() -> map.put(key, entry, ttl))
        .onFailure(e -> refreshFailures.failure(
            "Cannot refresh " + MAP + " entry " + key + " in the cluster", e));
  }

  /**
   * Stops advertising and removes this server's entry from the cluster.
   *
   * @return a future completed once the entry is removed, or once removing it failed or took
   *     longer than five seconds (it then expires by itself); never failed
   */
  public Future<Void> stop() {
    stopped = true;
    if (timer != -1) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    AsyncMap<String, JsonObject> m = map;
    if (m == null) {
      return Future.succeededFuture();
    }
    // A write still in flight would re-create the entry after the removal: remove after it.
    return refreshing.transform(ar -> attempt(() -> m.remove(key)))
        .timeout(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .<Void>transform(ar -> {
          if (ar.failed()) {
            refreshFailures.failure("Cannot remove " + MAP + " entry " + key
                + " from the cluster; it expires within " + ttl + " ms", ar.cause());
          }
          return Future.succeededFuture();
        });
  }

  /**
   * Answers a discovery request with the Prometheus HTTP SD list.
   *
   * @param ctx the request
   */
  @Override
  public void handle(RoutingContext ctx) {
    if (cluster == null) {
      int p = port;
      if (p < 0) {
        unavailable(ctx, "Service discovery is starting\n");
        return;
      }
      String host = configuredHost != null ? configuredHost : requestHost(ctx.request().authority());
      TreeMap<String, JsonObject> groups = new TreeMap<>();
      add(groups, host + ":" + p, metricsPath, scheme, null);
      respond(ctx, groups);
      return;
    }
    AsyncMap<String, JsonObject> m = map;
    if (m == null) {
      unavailable(ctx, "Service discovery is starting\n");
      return;
    }
    attempt(m::entries).onComplete(ar -> {
      if (ar.failed()) {
        readFailures.failure("Cannot read " + MAP + " from the cluster", ar.cause());
        unavailable(ctx, "Service discovery unavailable: the cluster cannot be read\n");
        return;
      }
      Set<String> members = new HashSet<>(cluster.getNodes());
      TreeMap<String, JsonObject> groups = new TreeMap<>();
      // This server is alive whatever its entry's fate: it is always listed.
      addEntry(groups, entry, members, true);
      for (Map.Entry<String, JsonObject> e : ar.result().entrySet()) {
        addEntry(groups, e.getValue(), members, false);
      }
      respond(ctx, groups);
    });
  }

  // Some cluster managers throw instead of failing the future, e.g. Hazelcast's once its instance
  // has stopped.
  private static <T> Future<T> attempt(Supplier<Future<T>> operation) {
    try {
      return operation.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static void addEntry(
      TreeMap<String, JsonObject> groups, Object value, Set<String> members, boolean own) {
    if (!(value instanceof JsonObject e)
        || !(e.getValue(TARGET) instanceof String target)
        || !(e.getValue(PATH) instanceof String path)
        || !(e.getValue(SCHEME) instanceof String scheme)
        || !(e.getValue(NODE) instanceof String node)) {
      return; // not written by this class
    }
    if (own || members.contains(node)) {
      add(groups, target, path, scheme, node);
    }
  }

  private static void add(
      TreeMap<String, JsonObject> groups, String target, String path, String scheme, String node) {
    // Keyed by what Prometheus would scrape, so that instances sharing a port are one target.
    String url = scheme + "://" + target + path;
    if (groups.containsKey(url)) {
      return;
    }
    JsonObject labels = new JsonObject()
        .put("__metrics_path__", path)
        .put("__scheme__", scheme);
    if (node != null) {
      labels.put("__meta_vertx_node_id", node);
    }
    groups.put(url, new JsonObject()
        .put("targets", new JsonArray().add(target))
        .put("labels", labels));
  }

  private static void respond(RoutingContext ctx, TreeMap<String, JsonObject> groups) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonArray(new ArrayList<Object>(groups.values())).encode());
  }

  private static void unavailable(RoutingContext ctx, String message) {
    ctx.response()
        .setStatusCode(503)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
        .end(message);
  }

  /**
   * The host to advertise for a wildcard-bound server that is not clustered: the one Prometheus
   * used to reach it, which it can reach again.
   *
   * @param authority the request's authority ({@code Host} header), or {@code null}
   * @return its host, bracketed if an IPv6 address; {@code 127.0.0.1} without one
   */
  static String requestHost(HostAndPort authority) {
    return authority == null || authority.host().isEmpty()
        ? "127.0.0.1"
        : bracketed(authority.host());
  }

  private static boolean isWildcard(String host) {
    String bare = host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1)
        : host;
    return bare.equals("0.0.0.0") || bare.equals("::") || bare.equals("0:0:0:0:0:0:0:0");
  }

  private static String bracketed(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
