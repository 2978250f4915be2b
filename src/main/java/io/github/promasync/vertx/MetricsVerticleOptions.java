package io.github.promasync.vertx;

import io.github.promasync.vertx.impl.OptionsJson;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.annotations.GenIgnore;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * Options for {@link MetricsVerticle} and {@link MetricsServer}, a Vert.x data object:
 * {@code DEFAULT_*} constants, no-arg, copy and {@link JsonObject} constructors, {@link #toJson()}
 * and fluent setters.
 *
 * <pre>{@code
 * MetricsVerticleOptions options = new MetricsVerticleOptions()
 *     .setHost("127.0.0.1")
 *     .setPort(9400)
 *     .setRegistry(registry);
 * }</pre>
 *
 * <p>JSON keys: {@code host}, {@code port}, {@code path}, {@code healthPath} ({@code null}
 * disables the health endpoint), {@code serverOptions} (an {@link HttpServerOptions} object),
 * {@code handlerOptions} (a {@link MetricsHandlerOptions} object: the scrape pool, in-flight cap
 * and timeout of the metrics endpoint) and the discovery keys below, each named after its
 * property. A missing key, or {@code null}, keeps its default, but for {@code healthPath}, where
 * {@code null} disables the health endpoint. Paths are literal: a path with {@code :} (a
 * vertx-web path parameter), {@code *} (a wildcard), {@code ?} or {@code #} is rejected, and the
 * metrics and health paths must differ by more than a trailing slash (checked when the verticle
 * starts). The registry is not part of the JSON form: a verticle configured from JSON serves
 * {@link PrometheusRegistry#defaultRegistry}; another registry can only be set with
 * {@link #setRegistry(PrometheusRegistry)}; the same goes for the exporter properties
 * ({@link #setProperties(PrometheusProperties)}).
 *
 * <p>The host and port set here win over those of {@link #getServerOptions()}, which carries
 * everything else about the HTTP server (TLS, idle timeout, compression, ...).
 *
 * <p>Service discovery: {@code discoveryPath} (default {@code null}: off) turns on a Prometheus
 * HTTP service-discovery endpoint ({@code http_sd_configs}) that lists the metrics endpoint of
 * every node of the Vert.x cluster; {@code advertisedHost} and {@code discoveryTtl} say how this
 * server is listed. See {@link #setDiscoveryPath(String)}.
 */
@DataObject
@JsonGen(publicConverter = false)
public final class MetricsVerticleOptions {

  /**
   * The default host, {@value}: every interface, as Prometheus exporters usually bind so that a
   * Prometheus server on another machine can scrape them. Set {@code "127.0.0.1"} to keep the
   * metrics on this machine.
   */
  public static final String DEFAULT_HOST = "0.0.0.0";

  /** The default port, {@value}, the port of prometheus_async's examples. */
  public static final int DEFAULT_PORT = 8000;

  /** The default path of the metrics endpoint, {@value}. */
  public static final String DEFAULT_PATH = "/metrics";

  /**
   * The default path of the health endpoint, {@value}, as the Prometheus server and client_java's
   * {@code HTTPServer} use; it answers {@code 200 OK} with the plain-text body {@code OK}.
   */
  public static final String DEFAULT_HEALTH_PATH = "/-/healthy";

  // The keys whose null the generated converter can neither write nor read (see toJson()).
  private static final String HEALTH_PATH = "healthPath";
  private static final String DISCOVERY_PATH = "discoveryPath";
  private static final String ADVERTISED_HOST = "advertisedHost";

  /**
   * The default time to live of a node's entry in the cluster, {@value} milliseconds: a node that
   * dies without leaving the cluster is gone from the discovery answer within this time. Each
   * server refreshes its entry every third of it.
   */
  public static final long DEFAULT_DISCOVERY_TTL = 30_000;

  private String host;
  private int port;
  private String path;
  private String healthPath;
  private HttpServerOptions serverOptions;
  private PrometheusRegistry registry;
  private String discoveryPath;
  private String advertisedHost;
  private long discoveryTtl;
  private MetricsHandlerOptions handlerOptions = new MetricsHandlerOptions();
  // null: PrometheusProperties.get() when the verticle starts, as MetricsHandler.create does.
  private PrometheusProperties properties;

  /** Creates options with every default, serving {@link PrometheusRegistry#defaultRegistry}. */
  public MetricsVerticleOptions() {
    host = DEFAULT_HOST;
    port = DEFAULT_PORT;
    path = DEFAULT_PATH;
    healthPath = DEFAULT_HEALTH_PATH;
    serverOptions = new HttpServerOptions();
    registry = PrometheusRegistry.defaultRegistry;
    discoveryTtl = DEFAULT_DISCOVERY_TTL;
  }

  /**
   * Creates a copy of {@code other}; the server options are copied too, the registry is shared.
   *
   * @param other the options to copy
   */
  public MetricsVerticleOptions(MetricsVerticleOptions other) {
    Objects.requireNonNull(other, "other");
    host = other.host;
    port = other.port;
    path = other.path;
    healthPath = other.healthPath;
    serverOptions = new HttpServerOptions(other.serverOptions);
    registry = other.registry;
    discoveryPath = other.discoveryPath;
    advertisedHost = other.advertisedHost;
    discoveryTtl = other.discoveryTtl;
    handlerOptions = new MetricsHandlerOptions(other.handlerOptions);
    properties = other.properties;
  }

  /**
   * Creates options from their JSON form; missing keys keep their defaults and the registry is
   * {@link PrometheusRegistry#defaultRegistry}.
   *
   * @param json the JSON form, as {@link #toJson()} writes it
   * @throws IllegalArgumentException naming the key, if a value has the wrong type or is out of
   *     range
   */
  public MetricsVerticleOptions(JsonObject json) {
    this();
    OptionsJson.read(json, this, MetricsVerticleOptionsConverter::fromJson);
    // JSON the generated converter does not read: it skips null, which here disables the health
    // endpoint. (A property of a type it does not know is @GenIgnore on its accessors, and read
    // here the same way.)
    if (json.containsKey(HEALTH_PATH) && json.getValue(HEALTH_PATH) == null) {
      healthPath = null;
    }
  }

  /**
   * Returns the JSON form of these options, without the registry and the properties.
   *
   * @return a new JSON object with the keys {@code host}, {@code port}, {@code path},
   *     {@code healthPath}, {@code serverOptions}, {@code discoveryPath}, {@code advertisedHost},
   *     {@code discoveryTtl} and {@code handlerOptions}
   */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    MetricsVerticleOptionsConverter.toJson(this, json);
    // JSON the generated converter does not write: it leaves out null values, and every key is
    // written (a null healthPath is no health endpoint, not the default).
    return json.put(HEALTH_PATH, healthPath)
        .put(DISCOVERY_PATH, discoveryPath)
        .put(ADVERTISED_HOST, advertisedHost);
  }

  /**
   * Returns the host the server binds to.
   *
   * @return the host name or IP address, {@link #DEFAULT_HOST} by default
   */
  public String getHost() {
    return host;
  }

  /**
   * Sets the host the server binds to; it wins over the host of {@link #getServerOptions()}.
   *
   * @param host a host name or IP address, {@code "0.0.0.0"} for every interface
   * @return these options
   * @throws IllegalArgumentException if {@code host} is empty
   */
  public MetricsVerticleOptions setHost(String host) {
    this.host = checkHost(Objects.requireNonNull(host, "host"));
    return this;
  }

  /**
   * Returns the port the server listens on.
   *
   * @return the port, {@code 0} for a free port chosen at bind time, {@link #DEFAULT_PORT} by
   *     default
   */
  public int getPort() {
    return port;
  }

  /**
   * Sets the port the server listens on; it wins over the port of {@link #getServerOptions()}.
   *
   * @param port the port, {@code 0} to let the system choose a free one
   * @return these options
   * @throws IllegalArgumentException if {@code port} is outside {@code 0..65535}
   */
  public MetricsVerticleOptions setPort(int port) {
    this.port = checkPort(port);
    return this;
  }

  /**
   * Returns the path of the metrics endpoint.
   *
   * @return the path, {@link #DEFAULT_PATH} by default
   */
  public String getPath() {
    return path;
  }

  /**
   * Sets the path of the metrics endpoint.
   *
   * @param path a literal absolute path such as {@code "/metrics"}; a trailing slash is optional
   *     in requests either way
   * @return these options
   * @throws IllegalArgumentException if {@code path} does not start with {@code "/"} or contains
   *     {@code :}, {@code *}, {@code ?} or {@code #}
   */
  public MetricsVerticleOptions setPath(String path) {
    this.path = checkPath("path", Objects.requireNonNull(path, "path"));
    return this;
  }

  /**
   * Returns the path of the health endpoint.
   *
   * @return the path, or {@code null} when the health endpoint is disabled;
   *     {@link #DEFAULT_HEALTH_PATH} by default
   */
  public String getHealthPath() {
    return healthPath;
  }

  /**
   * Sets the path of the health endpoint, which answers {@code 200} with the plain-text body
   * {@code OK} for as long as the server runs.
   *
   * @param healthPath a literal absolute path, or {@code null} to disable the health endpoint
   * @return these options
   * @throws IllegalArgumentException if {@code healthPath} does not start with {@code "/"} or
   *     contains {@code :}, {@code *}, {@code ?} or {@code #}
   */
  public MetricsVerticleOptions setHealthPath(String healthPath) {
    this.healthPath = healthPath == null ? null : checkPath(HEALTH_PATH, healthPath);
    return this;
  }

  /**
   * Returns the options of the HTTP server; their host and port are ignored in favour of
   * {@link #getHost()} and {@link #getPort()}.
   *
   * @return the server options (not a copy)
   */
  public HttpServerOptions getServerOptions() {
    return serverOptions;
  }

  /**
   * Sets the options of the HTTP server: TLS, timeouts, compression and the rest. Their host and
   * port are ignored in favour of {@link #getHost()} and {@link #getPort()}.
   *
   * @param serverOptions the server options, kept by reference
   * @return these options
   */
  public MetricsVerticleOptions setServerOptions(HttpServerOptions serverOptions) {
    this.serverOptions = Objects.requireNonNull(serverOptions, "serverOptions");
    return this;
  }

  /**
   * Returns the registry to serve.
   *
   * @return the registry, {@link PrometheusRegistry#defaultRegistry} by default
   */
  @GenIgnore
  public PrometheusRegistry getRegistry() {
    return registry;
  }

  /**
   * Sets the registry to serve. The registry has no JSON form, so this setter is the only way to
   * serve another registry than {@link PrometheusRegistry#defaultRegistry}.
   *
   * @param registry the registry
   * @return these options
   */
  @GenIgnore
  public MetricsVerticleOptions setRegistry(PrometheusRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    return this;
  }

  /**
   * Returns the path of the service-discovery endpoint.
   *
   * @return the path, or {@code null} (the default) when the endpoint is off
   */
  public String getDiscoveryPath() {
    return discoveryPath;
  }

  /**
   * Sets the path of the service-discovery endpoint, which answers Prometheus's HTTP service
   * discovery ({@code http_sd_configs}) with the metrics endpoint of every node of the Vert.x
   * cluster: {@code 200}, {@code Content-Type: application/json} and a JSON array with one
   * element per metrics server, such as
   * <pre>{@code
   * [{"targets": ["10.0.0.7:8000"],
   *   "labels": {"__metrics_path__": "/metrics", "__scheme__": "http",
   *              "__meta_vertx_node_id": "c0ffee..."}}]
   * }</pre>
   *
   * <p>On a clustered Vert.x instance, each verticle with a discovery path advertises its metrics
   * endpoint in the cluster's shared data while it is deployed; an undeployed verticle, or a node
   * that leaves the cluster, is gone from the answer at once, and a node that dies without leaving
   * it within {@link #getDiscoveryTtl()}. On a Vert.x instance that is not clustered, the answer
   * lists this server alone. Verticle instances sharing one port are one target. The answer
   * reveals the addresses of the cluster's nodes: protect it as {@code /metrics} is protected.
   *
   * @param discoveryPath a literal absolute path such as {@code "/sd"}, or {@code null} to turn
   *     the endpoint off; it must differ from the metrics and health paths by more than a trailing
   *     slash (checked when the verticle starts)
   * @return these options
   * @throws IllegalArgumentException if {@code discoveryPath} does not start with {@code "/"} or
   *     contains {@code :}, {@code *}, {@code ?} or {@code #}
   */
  public MetricsVerticleOptions setDiscoveryPath(String discoveryPath) {
    this.discoveryPath = discoveryPath == null ? null : checkPath(DISCOVERY_PATH, discoveryPath);
    return this;
  }

  /**
   * Returns the host this server is listed under in the service-discovery answer.
   *
   * @return the host, or {@code null} (the default) for the one chosen as
   *     {@link #setAdvertisedHost(String)} describes
   */
  public String getAdvertisedHost() {
    return advertisedHost;
  }

  /**
   * Sets the host this server is listed under in the service-discovery answer: the host name or
   * address at which Prometheus reaches it. By default ({@code null}) it is the bound
   * {@linkplain #getHost() host} when that is not a wildcard ({@code 0.0.0.0}, {@code ::}); for a
   * wildcard it is the host the cluster knows this node by (the event bus's public host, else its
   * host, as the cluster manager reports them) or, on a Vert.x instance that is not clustered,
   * the host the discovery request was sent to.
   *
   * @param advertisedHost a host name or IP address (an IPv6 address with or without brackets),
   *     or {@code null} for the default
   * @return these options
   * @throws IllegalArgumentException if {@code advertisedHost} is empty, a wildcard address, or
   *     contains a character that cannot appear in a host ({@code /}, {@code ?}, {@code #},
   *     {@code @}, whitespace)
   */
  public MetricsVerticleOptions setAdvertisedHost(String advertisedHost) {
    this.advertisedHost = advertisedHost == null ? null : checkAdvertisedHost(advertisedHost);
    return this;
  }

  /**
   * Returns how long this server's entry in the cluster lives unless refreshed.
   *
   * @return the time to live in milliseconds, {@link #DEFAULT_DISCOVERY_TTL} by default
   */
  public long getDiscoveryTtl() {
    return discoveryTtl;
  }

  /**
   * Sets how long this server's entry in the cluster lives unless refreshed: the bound on how
   * long a node that dies without leaving the cluster (killed, partitioned away) stays in the
   * discovery answer. The server refreshes its entry every third of it, so a shorter time costs
   * more cluster writes.
   *
   * @param discoveryTtl the time to live in milliseconds, at least {@code 100}
   * @return these options
   * @throws IllegalArgumentException if {@code discoveryTtl} is less than {@code 100}
   */
  public MetricsVerticleOptions setDiscoveryTtl(long discoveryTtl) {
    this.discoveryTtl = checkDiscoveryTtl(discoveryTtl);
    return this;
  }

  /**
   * Returns the options of the metrics endpoint's {@link MetricsHandler}.
   *
   * @return the handler options (not a copy)
   */
  public MetricsHandlerOptions getHandlerOptions() {
    return handlerOptions;
  }

  /**
   * Sets the options of the metrics endpoint's {@link MetricsHandler}: its scrape pool, in-flight
   * cap, timeout and {@code Retry-After}.
   *
   * @param handlerOptions the handler options, kept by reference
   * @return these options
   */
  public MetricsVerticleOptions setHandlerOptions(MetricsHandlerOptions handlerOptions) {
    this.handlerOptions = Objects.requireNonNull(handlerOptions, "handlerOptions");
    return this;
  }

  /**
   * Returns the exporter properties the metrics endpoint is configured by.
   *
   * @return the properties, or {@code null} (the default) for {@link PrometheusProperties#get()}
   *     at start
   */
  @GenIgnore
  public PrometheusProperties getProperties() {
    return properties;
  }

  /**
   * Sets the exporter properties of the metrics endpoint (filters, defaults for {@code name[]},
   * ...), as {@link MetricsHandler#create(PrometheusProperties, PrometheusRegistry)} takes them.
   * Like the registry, they have no JSON form.
   *
   * @param properties the properties, or {@code null} for {@link PrometheusProperties#get()}
   * @return these options
   */
  @GenIgnore
  public MetricsVerticleOptions setProperties(PrometheusProperties properties) {
    this.properties = properties;
    return this;
  }

  /**
   * Returns the JSON form, for logs.
   *
   * @return {@link #toJson()} encoded
   */
  @Override
  public String toString() {
    return toJson().encode();
  }

  private static String checkHost(String host) {
    if (host.isEmpty()) {
      throw new IllegalArgumentException("host \"\" is empty");
    }
    return host;
  }

  private static int checkPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not in 0..65535");
    }
    return port;
  }

  private static String checkAdvertisedHost(String host) {
    String bare = host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1)
        : host;
    if (bare.isEmpty()) {
      throw new IllegalArgumentException("advertisedHost \"" + host + "\" is empty");
    }
    if (bare.equals("0.0.0.0") || bare.equals("::") || bare.equals("0:0:0:0:0:0:0:0")) {
      throw new IllegalArgumentException("advertisedHost \"" + host
          + "\" is a wildcard address: Prometheus cannot reach a server there");
    }
    for (int i = 0; i < bare.length(); i++) {
      char c = bare.charAt(i);
      if (c == '/' || c == '?' || c == '#' || c == '@' || c == '[' || c == ']'
          || Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            "advertisedHost \"" + host + "\" contains '" + c + "', which a host cannot contain");
      }
    }
    return host;
  }

  private static long checkDiscoveryTtl(long ttl) {
    if (ttl < 100) {
      throw new IllegalArgumentException(
          "discoveryTtl " + ttl + " is not a whole number of milliseconds of at least 100");
    }
    return ttl;
  }

  private static String checkPath(String name, String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException(name + " \"" + path + "\" does not start with \"/\"");
    }
    // The paths are literal. vertx-web would read ':' as a path parameter and '*' as a wildcard;
    // '?' and '#' end the path part of a URL, so no request could ever match them.
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == ':' || c == '*' || c == '?' || c == '#') {
        throw new IllegalArgumentException(name + " \"" + path + "\" contains '" + c
            + "': paths are literal, without parameters, wildcards, queries or fragments");
      }
    }
    return path;
  }
}
