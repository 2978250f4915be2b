package io.github.promasync.vertx.metrics;

import io.github.promasync.vertx.impl.OptionsJson;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.annotations.GenIgnore;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonArray;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.spi.observability.HttpRequest;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Options of {@link PrometheusMetricsFactory}, a Vert.x data object: {@code DEFAULT_*}
 * constants, no-arg, copy and {@link JsonObject} constructors, {@link #toJson()} and fluent
 * setters.
 *
 * <pre>{@code
 * Vertx vertx = Vertx.builder()
 *     .with(new VertxOptions().setMetricsOptions(new PrometheusMetricsOptions()
 *         .setEnabled(true)
 *         .setRegistry(registry)))
 *     .withMetrics(new PrometheusMetricsFactory())
 *     .build();
 * }</pre>
 *
 * <p>JSON keys: {@code enabled} (a boolean), {@code naming} (a {@link MetricsNaming} name),
 * {@code disabledDomains} (an array of {@link MetricsDomain} names) and {@code maxLabelValues}
 * (a positive integer, see {@link #setMaxLabelValues(int)}); {@code jvmMetricsEnabled},
 * {@code eventLoopDelayEnabled}, {@code blockedThreadsEnabled} (booleans) and
 * {@code eventLoopDelayInterval} (milliseconds), each named after its property;
 * {@code excludedRoutes} (an array of route templates, see {@link #addExcludedRoute(String)}) and
 * {@code properties} (an object of client_java property keys to values, see
 * {@link #setProperties(PrometheusProperties)}). A missing key, or {@code null}, keeps its
 * default. The registry and the request labels are not part of the JSON form: options read from
 * JSON record into {@link PrometheusRegistry#defaultRegistry}; another registry can only be set
 * with {@link #setRegistry(PrometheusRegistry)}, labels with
 * {@link #addServerRequestLabel(String, Function)} and
 * {@link #addClientRequestLabel(String, Function)}.
 */
@DataObject
// inheritConverter: the converter reads and writes MetricsOptions' "enabled" too.
@JsonGen(publicConverter = false, inheritConverter = true)
public class PrometheusMetricsOptions extends MetricsOptions {

  /** The default naming, {@link MetricsNaming#OPENTELEMETRY}. */
  public static final MetricsNaming DEFAULT_NAMING = MetricsNaming.OPENTELEMETRY;

  /** The domains left out by default: none. */
  public static final Set<MetricsDomain> DEFAULT_DISABLED_DOMAINS =
      Collections.unmodifiableSet(EnumSet.noneOf(MetricsDomain.class));

  /** The most distinct values of a traffic-given label per metric family, by default: 100. */
  public static final int DEFAULT_MAX_LABEL_VALUES = 100;

  /** JVM metrics are off by default, as in vertx-micrometer-metrics. */
  public static final boolean DEFAULT_JVM_METRICS_ENABLED = false;

  /** The event-loop delay probe runs by default. */
  public static final boolean DEFAULT_EVENT_LOOP_DELAY_ENABLED = true;

  /**
   * How often the event-loop delay probe runs on each event loop by default, in milliseconds:
   * every 10 s. Each run on an idle loop costs the loop a wake-up, measured by
   * {@code EventLoopProbeBenchmark} (see BENCHMARKS.adoc, "The event-loop probe"): a median of
   * 79 µs of CPU (52 to 102 µs) on a shared 2-vCPU machine
   * ({@code benchmarks/results/20261206T014626Z-event-loop-probe/}), so 64 event loops (a
   * 32-core host) at 10 s cost 64 x 79 µs / 10 s = 0.51 ms per second, 0.05% of one core (0.065%
   * at 102 µs); at 100 ms they would cost 5%.
   * A shorter interval sees shorter stalls (a stall shows when a run falls due during it) for
   * that much more CPU.
   */
  public static final long DEFAULT_EVENT_LOOP_DELAY_INTERVAL = 10_000;

  /** Blocked-thread reports are counted by default. */
  public static final boolean DEFAULT_BLOCKED_THREADS_ENABLED = true;

  // The keys the generated converter does not handle (see the JSON constructor).
  private static final String DISABLED_DOMAINS = "disabledDomains";
  private static final String EXCLUDED_ROUTES = "excludedRoutes";
  private static final String PROPERTIES = "properties";

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private PrometheusRegistry registry;
  private MetricsNaming naming;
  private final EnumSet<MetricsDomain> disabledDomains;
  private int maxLabelValues;
  private boolean jvmMetricsEnabled = DEFAULT_JVM_METRICS_ENABLED;
  private boolean eventLoopDelayEnabled = DEFAULT_EVENT_LOOP_DELAY_ENABLED;
  private long eventLoopDelayInterval = DEFAULT_EVENT_LOOP_DELAY_INTERVAL;
  private boolean blockedThreadsEnabled = DEFAULT_BLOCKED_THREADS_ENABLED;
  private final Map<String, Function<? super HttpServerRequest, String>> serverRequestLabels;
  private final Map<String, Function<? super HttpRequest, String>> clientRequestLabels;
  private final Set<String> excludedRoutes;
  // null: PrometheusProperties.get(), read when first asked for.
  private PrometheusProperties properties;
  // The JSON "properties" object they were read from, for toJson(); null when set in code.
  private JsonObject propertiesJson;

  /**
   * Creates options with every default: disabled (as every {@link MetricsOptions}), recording
   * into {@link PrometheusRegistry#defaultRegistry} with {@link #DEFAULT_NAMING}, every domain on.
   */
  public PrometheusMetricsOptions() {
    registry = PrometheusRegistry.defaultRegistry;
    naming = DEFAULT_NAMING;
    disabledDomains = EnumSet.noneOf(MetricsDomain.class);
    maxLabelValues = DEFAULT_MAX_LABEL_VALUES;
    serverRequestLabels = new LinkedHashMap<>();
    clientRequestLabels = new LinkedHashMap<>();
    excludedRoutes = new LinkedHashSet<>();
  }

  /**
   * Creates a copy of {@code other}; the registry is shared.
   *
   * @param other the options to copy
   */
  public PrometheusMetricsOptions(PrometheusMetricsOptions other) {
    super(Objects.requireNonNull(other, "other"));
    registry = other.registry;
    naming = other.naming;
    disabledDomains = EnumSet.copyOf(other.disabledDomains);
    maxLabelValues = other.maxLabelValues;
    jvmMetricsEnabled = other.jvmMetricsEnabled;
    eventLoopDelayEnabled = other.eventLoopDelayEnabled;
    eventLoopDelayInterval = other.eventLoopDelayInterval;
    blockedThreadsEnabled = other.blockedThreadsEnabled;
    serverRequestLabels = new LinkedHashMap<>(other.serverRequestLabels);
    clientRequestLabels = new LinkedHashMap<>(other.clientRequestLabels);
    excludedRoutes = new LinkedHashSet<>(other.excludedRoutes);
    properties = other.properties;
    propertiesJson = other.propertiesJson == null ? null : other.propertiesJson.copy();
  }

  /**
   * Reads options from their JSON form (see the class comment); the registry is
   * {@link PrometheusRegistry#defaultRegistry}.
   *
   * @param json the JSON form, e.g. the {@code metricsOptions} object of a Vert.x options file
   * @throws IllegalArgumentException naming the key, if a value has the wrong type, is not one of
   *     an enum's constants or is out of range
   */
  // OptionsJson.read calls the setters on this; javac 21+ flags that as a possible 'this' escape.
  @SuppressWarnings("this-escape")
  public PrometheusMetricsOptions(JsonObject json) {
    this();
    OptionsJson.read(json, this, PrometheusMetricsOptionsConverter::fromJson);
    // JSON the generated converter does not read is read here. That is a collection or map
    // property (the converter's code for those has unchecked casts, which -Xlint:all -Werror
    // refuses) or one of a type without a JSON form of its own (read from a JSON object, say).
    // Such a property's getter, setter and adder are @GenIgnore; toJson() writes its key after the
    // converter; and its value here has been checked against the setter's parameter type by
    // OptionsJson.read where that type is one it knows (else check it with OptionsJson.check).
    // Code-only properties (the registry, the request labels) are @GenIgnore and not read at all.
    Object domains = json.getValue(DISABLED_DOMAINS);
    if (domains != null) {
      for (Object domain : (JsonArray) domains) {
        disabledDomains.add(MetricsDomain.valueOf((String) domain));
      }
    }
    Object routes = json.getValue(EXCLUDED_ROUTES);
    if (routes != null) {
      for (Object route : (JsonArray) routes) {
        addExcludedRoute((String) route);
      }
    }
    Object props = json.getValue(PROPERTIES);
    if (props != null) {
      OptionsJson.check(PROPERTIES, props, JsonObject.class);
      properties = OptionsJson.prometheusProperties(PROPERTIES, (JsonObject) props);
      propertiesJson = ((JsonObject) props).copy();
    }
  }

  /**
   * Turns the metrics on or off; Vert.x reports nothing unless they are on.
   *
   * @param enabled whether Vert.x's metrics are reported
   * @return these options
   */
  @Override
  public PrometheusMetricsOptions setEnabled(boolean enabled) {
    super.setEnabled(enabled);
    return this;
  }

  /**
   * The registry the metrics are registered in and recorded into.
   *
   * @return the registry, {@link PrometheusRegistry#defaultRegistry} by default
   */
  @GenIgnore
  public PrometheusRegistry getRegistry() {
    return registry;
  }

  /**
   * Sets the registry the metrics are registered in. By default it is
   * {@link PrometheusRegistry#defaultRegistry}, where {@code Instrument}'s metrics usually are and
   * that {@code MetricsHandler} serves by default, so that one {@code /metrics} shows both.
   * Programmatic only: not part of the JSON form.
   *
   * @param registry the registry
   * @return these options
   */
  @GenIgnore
  public PrometheusMetricsOptions setRegistry(PrometheusRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    return this;
  }

  /**
   * The names and default labels of the metrics.
   *
   * @return the naming, {@link #DEFAULT_NAMING} by default
   */
  public MetricsNaming getNaming() {
    return naming;
  }

  /**
   * Sets the names and default labels of the metrics (JSON key {@code naming}).
   *
   * @param naming the naming
   * @return these options
   */
  public PrometheusMetricsOptions setNaming(MetricsNaming naming) {
    this.naming = Objects.requireNonNull(naming, "naming");
    return this;
  }

  /**
   * The domains whose metrics are not reported.
   *
   * @return an unmodifiable copy of the set, empty by default
   */
  @GenIgnore
  public Set<MetricsDomain> getDisabledDomains() {
    return Collections.unmodifiableSet(EnumSet.copyOf(disabledDomains));
  }

  /**
   * Sets the domains whose metrics are not reported (JSON key {@code disabledDomains}); Vert.x
   * pays nothing for them.
   *
   * @param domains the domains to leave out, replacing those set before
   * @return these options
   */
  @GenIgnore
  public PrometheusMetricsOptions setDisabledDomains(Set<MetricsDomain> domains) {
    Objects.requireNonNull(domains, "domains");
    EnumSet<MetricsDomain> copy = EnumSet.noneOf(MetricsDomain.class);
    for (MetricsDomain domain : domains) {
      copy.add(Objects.requireNonNull(domain, "domains contains null"));
    }
    disabledDomains.clear();
    disabledDomains.addAll(copy);
    return this;
  }

  /**
   * Leaves out one more domain.
   *
   * @param domain the domain whose metrics are not reported
   * @return these options
   */
  @GenIgnore
  public PrometheusMetricsOptions addDisabledDomain(MetricsDomain domain) {
    disabledDomains.add(Objects.requireNonNull(domain, "domain"));
    return this;
  }

  /**
   * Whether a domain's metrics are reported.
   *
   * @param domain the domain
   * @return {@code true} unless the domain is in {@link #getDisabledDomains()}
   */
  public boolean isDomainEnabled(MetricsDomain domain) {
    return !disabledDomains.contains(Objects.requireNonNull(domain, "domain"));
  }

  /**
   * The most distinct values a label whose values come from traffic or configuration (event bus
   * addresses, remote addresses, client namespaces, pool names) takes in one metric family.
   *
   * @return the limit, {@link #DEFAULT_MAX_LABEL_VALUES} by default
   */
  public int getMaxLabelValues() {
    return maxLabelValues;
  }

  /**
   * Sets the cardinality guard's limit (JSON key {@code maxLabelValues}): a label whose values
   * come from traffic or configuration rather than code (event bus addresses, remote addresses,
   * client namespaces, pool names) keeps its first {@code max} distinct values in each metric
   * family; later values are recorded under {@code _OTHER}, so totals stay exact, and one
   * warning per family is logged (logger {@code io.github.promasync.vertx.metrics}). Every
   * Vert.x instance on one registry shares the limit of the first one.
   *
   * @param max the most distinct values per label and family, at least 1
   * @return these options
   * @throws IllegalArgumentException if {@code max} is less than 1
   */
  public PrometheusMetricsOptions setMaxLabelValues(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxLabelValues must be at least 1, not " + max);
    }
    maxLabelValues = max;
    return this;
  }

  /**
   * Whether client_java's JVM metrics ({@code prometheus-metrics-instrumentation-jvm}:
   * {@code jvm_memory_*}, {@code jvm_gc_*}, {@code jvm_threads_*}, {@code process_*}, ...) are
   * registered into the same registry.
   *
   * @return {@link #DEFAULT_JVM_METRICS_ENABLED} by default
   */
  public boolean isJvmMetricsEnabled() {
    return jvmMetricsEnabled;
  }

  /**
   * Registers client_java's JVM metrics into the registry (JSON key {@code jvmMetricsEnabled}),
   * once per registry however many Vert.x instances record into it.
   *
   * @param enabled whether to register them
   * @return these options
   */
  public PrometheusMetricsOptions setJvmMetricsEnabled(boolean enabled) {
    this.jvmMetricsEnabled = enabled;
    return this;
  }

  /**
   * Whether {@code vertx_eventloop_delay_seconds} is measured: a probe scheduled on each event
   * loop every {@link #getEventLoopDelayInterval()} records how late it runs.
   *
   * @return {@link #DEFAULT_EVENT_LOOP_DELAY_ENABLED} by default
   */
  public boolean isEventLoopDelayEnabled() {
    return eventLoopDelayEnabled;
  }

  /**
   * Turns the event-loop delay probe on or off (JSON key {@code eventLoopDelayEnabled}).
   *
   * @param enabled whether to run it
   * @return these options
   */
  public PrometheusMetricsOptions setEventLoopDelayEnabled(boolean enabled) {
    this.eventLoopDelayEnabled = enabled;
    return this;
  }

  /**
   * How often the event-loop delay probe runs on each event loop.
   *
   * @return the interval in milliseconds, {@link #DEFAULT_EVENT_LOOP_DELAY_INTERVAL} by default
   */
  public long getEventLoopDelayInterval() {
    return eventLoopDelayInterval;
  }

  /**
   * Sets how often the event-loop delay probe runs on each event loop (JSON key
   * {@code eventLoopDelayInterval}). A shorter interval sees shorter stalls and costs more: see
   * {@link #DEFAULT_EVENT_LOOP_DELAY_INTERVAL} for the cost of a run.
   *
   * @param interval the interval in milliseconds, at least 1
   * @return these options
   * @throws IllegalArgumentException if {@code interval} is less than 1
   */
  public PrometheusMetricsOptions setEventLoopDelayInterval(long interval) {
    if (interval < 1) {
      throw new IllegalArgumentException(
          "eventLoopDelayInterval must be at least 1 millisecond, not " + interval);
    }
    this.eventLoopDelayInterval = interval;
    return this;
  }

  /**
   * Adds a label to the HTTP server's request metrics (duration, body sizes, active requests;
   * not the connection metrics), its value computed from each request when it begins, e.g. a
   * tenant from a header:
   * {@code addServerRequestLabel("tenant", request -> request.headers().get("X-Tenant"))}.
   * Programmatic only.
   *
   * <p>The function runs when the request begins, on the event loop, before any handler and
   * before routing: there is no route and there are no path parameters yet. It is given the
   * request's head, on every HTTP version: {@code method()}, {@code uri()}, {@code path()},
   * {@code query()}, {@code headers()} and {@code getHeader(..)}, {@code version()},
   * {@code scheme()}, {@code absoluteURI()}, {@code remoteAddress()}; anything else (body,
   * response, parameters, cookies, connection) throws {@link UnsupportedOperationException},
   * which gives the empty value.
   *
   * <p>Every distinct value is one more series of each of these metrics: take values from a
   * small set (a tenant, a client type; never a user id or a path); beyond
   * {@link #getMaxLabelValues()} distinct values, later ones are recorded as {@code _OTHER}. The
   * function runs for every request, so it must be quick; a {@code null} value, or a function
   * that throws, gives the empty value (the failure is logged, at most once a minute). A request
   * with such labels allocates two small objects more.
   *
   * @param name the label name, a valid Prometheus label name that the naming does not use
   * @param value computes the label's value from the request
   * @return these options
   * @throws IllegalArgumentException if the name is not a valid label name or is already added
   */
  @GenIgnore
  public PrometheusMetricsOptions addServerRequestLabel(String name,
      Function<? super HttpServerRequest, String> value) {
    addLabel(serverRequestLabels, "server", name, value);
    return this;
  }

  /**
   * Adds a label to the HTTP client's request metrics (duration, body sizes, active requests;
   * not the connection metrics), its value computed from each request when it is sent, e.g. a
   * tenant from a header:
   * {@code addClientRequestLabel("tenant", request -> request.headers().get("X-Tenant"))}.
   * Programmatic only. The function is given the request's head as Vert.x's metrics SPI shows
   * it when the request is sent. The rules of {@link #addServerRequestLabel(String, Function)}
   * apply: a valid label name the naming does not use; a quick function; {@code null} or a
   * failure gives the empty value. The server's address and port and these labels' values are
   * one key under the cardinality guard: past {@link #getMaxLabelValues()} distinct keys, these
   * labels are {@code _OTHER}. The MICROMETER naming's client metrics take no such labels.
   *
   * @param name the label name, a valid Prometheus label name that the naming does not use
   * @param value computes the label's value from the request
   * @return these options
   * @throws IllegalArgumentException if the name is not a valid label name or is already added
   */
  @GenIgnore
  public PrometheusMetricsOptions addClientRequestLabel(String name,
      Function<? super HttpRequest, String> value) {
    addLabel(clientRequestLabels, "client", name, value);
    return this;
  }

  /** Adds a request label of one side, refusing an invalid or repeated name. */
  private static <T> void addLabel(Map<String, Function<? super T, String>> labels, String side,
      String name, Function<? super T, String> value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
      throw new IllegalArgumentException(
          "'" + name + "' is not a valid label name: [a-zA-Z_][a-zA-Z0-9_]*, not starting with __");
    }
    if (labels.containsKey(name)) {
      throw new IllegalArgumentException("'" + name + "' is already a " + side + " request label");
    }
    labels.put(name, value);
  }

  /**
   * The labels added with {@link #addClientRequestLabel(String, Function)}, in that order.
   *
   * @return an unmodifiable copy: label name to the function that computes its value
   */
  @GenIgnore
  public Map<String, Function<? super HttpRequest, String>> getClientRequestLabels() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(clientRequestLabels));
  }

  /**
   * Leaves the requests of a route out of the HTTP server's request metrics (JSON key
   * {@code excludedRoutes}): a request whose route template (the {@code http_route} label, e.g.
   * {@code /health} or {@code /users/:id}) is {@code route}, or starts with {@code route}
   * without its last character when {@code route} ends with {@code *} ({@code /internal/*}), is
   * recorded in no request family (counts, durations, body sizes) and adds no series; the
   * active-requests gauge, which has no route label, counts it while it runs. A request that no
   * vertx-web route matched has the empty route and is not excluded.
   *
   * @param route a route template, or a prefix followed by {@code *}
   * @return these options
   * @throws IllegalArgumentException if {@code route} is empty
   */
  @GenIgnore
  public PrometheusMetricsOptions addExcludedRoute(String route) {
    Objects.requireNonNull(route, "route");
    if (route.isEmpty()) {
      throw new IllegalArgumentException(EXCLUDED_ROUTES + " must not contain an empty route");
    }
    excludedRoutes.add(route);
    return this;
  }

  /**
   * Sets the routes left out of the HTTP server's request metrics, replacing those set before;
   * see {@link #addExcludedRoute(String)}.
   *
   * @param routes route templates, or prefixes followed by {@code *}
   * @return these options
   * @throws IllegalArgumentException if a route is empty
   */
  @GenIgnore
  public PrometheusMetricsOptions setExcludedRoutes(Set<String> routes) {
    Objects.requireNonNull(routes, "routes");
    for (String route : routes) {
      if (Objects.requireNonNull(route, "routes contains null").isEmpty()) {
        throw new IllegalArgumentException(EXCLUDED_ROUTES + " must not contain an empty route");
      }
    }
    excludedRoutes.clear();
    excludedRoutes.addAll(routes);
    return this;
  }

  /**
   * The routes left out of the HTTP server's request metrics.
   *
   * @return an unmodifiable copy, in the order they were added; empty by default
   */
  @GenIgnore
  public Set<String> getExcludedRoutes() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(excludedRoutes));
  }

  /**
   * client_java's configuration the histogram and counter families are built with.
   *
   * @return the properties set, or by default {@link PrometheusProperties#get()} (system
   *     properties and {@code prometheus.properties}, as client_java reads them)
   */
  @GenIgnore
  public PrometheusProperties getProperties() {
    PrometheusProperties current = properties;
    return current != null ? current : PrometheusProperties.get();
  }

  /**
   * Sets client_java's configuration that every histogram and counter family honours as a
   * client_java metric does (JSON key {@code properties}, an object of property keys to values,
   * e.g. {@code {"io.prometheus.metrics.http_server_request_duration_seconds.histogram_native_only":
   * "true"}}, read as client_java reads them, over the system properties). For each family, by
   * its name as Prometheus shows it ({@code http_server_request_duration_seconds}; a counter's
   * with {@code _total}): {@code io.prometheus.metrics.<family>.<property>}, else
   * {@code io.prometheus.metrics.<property>}, else this library's default: classic buckets only,
   * with the buckets the documentation lists; exemplars on the HTTP request durations only.
   * Properties: {@code histogram_native_only}, {@code histogram_classic_only},
   * {@code histogram_classic_upper_bounds}, {@code histogram_native_initial_schema},
   * {@code histogram_native_min_zero_threshold}, {@code histogram_native_max_zero_threshold},
   * {@code histogram_native_max_number_of_buckets},
   * {@code histogram_native_reset_duration_seconds}, {@code exemplars_enabled}.
   *
   * <p>Families are built once per registry, by the first Vert.x instance that records into it:
   * its properties are those that count. Properties set here are not part of {@link #toJson()};
   * those read from JSON are.
   *
   * @param properties client_java's properties, e.g. from {@code PrometheusProperties.builder()}
   * @return these options
   */
  @GenIgnore
  public PrometheusMetricsOptions setProperties(PrometheusProperties properties) {
    this.properties = Objects.requireNonNull(properties, "properties");
    this.propertiesJson = null;
    return this;
  }

  /**
   * Whether {@code vertx_blocked_threads_total} counts the reports of Vert.x's blocked-thread
   * checker.
   *
   * @return {@link #DEFAULT_BLOCKED_THREADS_ENABLED} by default
   */
  public boolean isBlockedThreadsEnabled() {
    return blockedThreadsEnabled;
  }

  /**
   * Turns the counting of blocked-thread reports on or off (JSON key
   * {@code blockedThreadsEnabled}). Vert.x logs its reports the same either way.
   *
   * @param enabled whether to count them
   * @return these options
   */
  public PrometheusMetricsOptions setBlockedThreadsEnabled(boolean enabled) {
    this.blockedThreadsEnabled = enabled;
    return this;
  }

  /**
   * The labels added with {@link #addServerRequestLabel(String, Function)}, in that order.
   *
   * @return an unmodifiable copy: label name to the function that computes its value
   */
  @GenIgnore
  public Map<String, Function<? super HttpServerRequest, String>> getServerRequestLabels() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(serverRequestLabels));
  }

  /**
   * The JSON form of these options, without the registry, the request labels and properties set
   * in code ({@link #setProperties(PrometheusProperties)}).
   *
   * @return a new JSON object
   */
  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    PrometheusMetricsOptionsConverter.toJson(this, json);
    // JSON the generated converter does not write (see the JSON constructor).
    JsonArray domains = new JsonArray();
    disabledDomains.forEach(domain -> domains.add(domain.name()));
    json.put(DISABLED_DOMAINS, domains);
    json.put(EXCLUDED_ROUTES, new JsonArray(List.copyOf(excludedRoutes)));
    if (propertiesJson != null) {
      json.put(PROPERTIES, propertiesJson.copy());
    }
    return json;
  }

  @Override
  public String toString() {
    return "PrometheusMetricsOptions" + toJson().encode();
  }
}
