package io.github.promasync.vertx.reliability;

import static io.github.promasync.vertx.testing.LocalHttp.HOST;
import static io.github.promasync.vertx.testing.LocalHttp.gunzip;
import static io.github.promasync.vertx.reliability.ReliabilityTesting.bytes;
import static io.github.promasync.vertx.reliability.ReliabilityTesting.exchange;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.MetricsHandler;
import io.github.promasync.vertx.MetricsVerticle;
import io.github.promasync.vertx.MetricsVerticleOptions;
import io.github.promasync.vertx.reliability.ReliabilityTesting.BlockedThreadWarnings;
import io.github.promasync.vertx.testing.CapturedLog;
import io.github.promasync.vertx.reliability.ReliabilityTesting.RawResponse;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and odd requests, written byte for byte on a raw socket, against {@link MetricsHandler}
 * on a router and against {@link MetricsVerticle}. Each gets a clear status and, when it is an
 * error, a one-line body without a stack trace or a class name; after each, a normal scrape of the
 * same server succeeds. The servers live for the whole class on purpose: one server has to survive
 * every case in turn. Nothing writes to the registry, so sharing it is safe.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {

  /** The servers under attack. */
  enum Target {
    /** {@code MetricsHandler} on a router, default server options. */
    HANDLER,
    /** {@code MetricsVerticle}, default server options. */
    VERTICLE,
    /**
     * {@code MetricsHandler} on a server that admits 2 MB request lines and headers, so that huge
     * input reaches the handler instead of being refused by Vert.x's HTTP decoder.
     */
    ROOMY
  }

  private static final int ROOMY_LIMIT = 2 * 1024 * 1024;
  private static final String OK_BODY = "requests_total 3.0\n";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Map<Target, Integer> ports = new EnumMap<>(Target.class);
  private Vertx vertx;
  private BlockedThreadWarnings warnings;
  private CapturedLog handlerLog;
  private CapturedLog routerLog;

  @BeforeAll
  void startServers() {
    ReliabilityTesting.warmUp();
    warnings = new BlockedThreadWarnings();
    // Bad input is the client's mistake: nothing may be logged at SEVERE for it.
    handlerLog = new CapturedLog(MetricsHandler.class.getName(), true);
    routerLog = new CapturedLog("io.vertx.ext.web.RoutingContext", true);
    vertx = Vertx.vertx(ReliabilityTesting.strictOptions());
    Counter.builder().name("requests").help("Requests.").register(registry).inc(3);
    Histogram.builder().name("latency_seconds").help("Latency.").labelNames("path")
        .register(registry).labelValues("/a").observe(0.25);

    Router router = Router.router(vertx);
    router.route("/metrics").handler(MetricsHandler.create(registry));
    ports.put(Target.HANDLER, listen(new HttpServerOptions(), router));
    ports.put(Target.ROOMY, listen(new HttpServerOptions()
        .setMaxInitialLineLength(ROOMY_LIMIT)
        .setMaxHeaderSize(ROOMY_LIMIT), router));
    MetricsVerticle verticle = new MetricsVerticle(new MetricsVerticleOptions()
        .setHost(HOST).setPort(0).setRegistry(registry));
    vertx.deployVerticle(verticle).await();
    ports.put(Target.VERTICLE, verticle.actualPort());
  }

  private int listen(HttpServerOptions options, Router router) {
    HttpServer server = vertx.createHttpServer(options).requestHandler(router);
    return server.listen(0, HOST).await().actualPort();
  }

  @AfterAll
  void stopServers() {
    try {
      vertx.close().await();
      warnings.assertNone();
      assertThat(handlerLog.atLeast(Level.WARNING)).extracting(r -> r.getMessage()).isEmpty();
    } finally {
      warnings.close();
      handlerLog.close();
      routerLog.close();
    }
  }

  // --- the cases --------------------------------------------------------------------------------

  /** One hostile request and the statuses each target must answer it with. */
  static final class Case {
    final String name;
    final byte[] request;
    final boolean[] heads;
    final Map<Target, int[]> expected = new EnumMap<>(Target.class);
    boolean filtered;
    boolean anyOf;

    Case(String name, byte[] request, boolean... heads) {
      this.name = name;
      this.request = request;
      this.heads = heads.length == 0 ? new boolean[] {false} : heads;
    }

    /** Expects {@code statuses} (one per response) from {@code target}. */
    Case on(Target target, int... statuses) {
      expected.put(target, statuses);
      return this;
    }

    /**
     * Expects one response, with any of {@code statuses}, from both the handler and the verticle:
     * for what the Netty of Vert.x 5.0 and that of 5.1 answer differently, both correctly.
     */
    Case eitherOf(int... statuses) {
      anyOf = true;
      return both(statuses);
    }

    /** Expects {@code statuses} from both the handler and the verticle. */
    Case both(int... statuses) {
      return on(Target.HANDLER, statuses).on(Target.VERTICLE, statuses);
    }

    /** The request filters by name, so a 200 need not contain the usual counter. */
    Case filtered() {
      filtered = true;
      return this;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static Case get(String name, String uri, String... headers) {
    return new Case(name, bytes(head("GET", uri, "HTTP/1.1", headers)));
  }

  private static Case raw(String name, String request, boolean... heads) {
    return new Case(name, bytes(request), heads);
  }

  private static String head(String method, String uri, String version, String... headers) {
    StringBuilder s = new StringBuilder(method).append(' ').append(uri).append(' ')
        .append(version).append("\r\nHost: 127.0.0.1\r\n");
    for (String header : headers) {
      s.append(header).append("\r\n");
    }
    return s.append("\r\n").toString();
  }

  static List<Case> cases() {
    String thousandNames = "/metrics?" + "name[]=requests_total&".repeat(1_000) + "x=1";
    String tenThousandNames = "/metrics?" + "name[]=requests_total&".repeat(10_000) + "x=1";
    String megabyteQuery = "/metrics?pad=" + "a".repeat(1024 * 1024);
    String hugeAccept = "Accept: " + "text/plain;q=0.1, ".repeat(6_000); // ~100 kB
    String hugeEncoding = "Accept-Encoding: " + "deflate, ".repeat(11_000); // ~100 kB
    List<Case> cases = new ArrayList<>(List.of(
        // Accept: exporter-common negotiates by substring; anything it does not recognise is text.
        get("Accept empty", "/metrics", "Accept: ").both(200),
        get("Accept garbage", "/metrics", "Accept: ;;;,,,===").both(200),
        get("Accept unknown format", "/metrics", "Accept: application/xml").both(200),
        get("Accept OpenMetrics version 9.9.9", "/metrics",
            "Accept: application/openmetrics-text; version=9.9.9").both(200),
        get("Accept OpenMetrics q=0", "/metrics",
            "Accept: application/openmetrics-text;q=0, text/plain;q=1").both(200),
        get("Accept q-value not a number", "/metrics", "Accept: text/plain;q=abc").both(200),
        get("Accept unknown escaping", "/metrics",
            "Accept: text/plain; version=1.0.0; escaping=bogus").both(200),
        get("Accept empty escaping", "/metrics", "Accept: text/plain; escaping=").both(200),
        get("Accept 500 media ranges", "/metrics",
            "Accept: " + "a/b;q=0.1, ".repeat(500) + "text/plain").both(200),
        get("Accept 100 kB", "/metrics", hugeAccept).both(431).on(Target.ROOMY, 200),
        get("Accept Latin-1 bytes", "/metrics", "Accept: \u00e9\u00ff\u00a0/\u00b5").both(200),
        get("Accept twice", "/metrics", "Accept: application/openmetrics-text",
            "Accept: application/vnd.google.protobuf").both(200),
        get("Accept */*", "/metrics", "Accept: */*").both(200),
        // Accept-Encoding
        get("Accept-Encoding gzip;q=0", "/metrics", "Accept-Encoding: gzip;q=0").both(200),
        get("Accept-Encoding GZIP", "/metrics", "Accept-Encoding: GZIP").both(200),
        get("Accept-Encoding unknown", "/metrics", "Accept-Encoding: br, zstd").both(200),
        get("Accept-Encoding *", "/metrics", "Accept-Encoding: *").both(200),
        get("Accept-Encoding garbage", "/metrics", "Accept-Encoding: ,,;;==").both(200),
        get("Accept-Encoding 600 codings", "/metrics",
            "Accept-Encoding: " + "x-y, ".repeat(600) + "gzip").both(200),
        get("Accept-Encoding 100 kB", "/metrics", hugeEncoding).both(431).on(Target.ROOMY, 200),
        // Query string
        get("unknown format parameter", "/metrics?format=xml").both(200),
        get("debug=yaml", "/metrics?debug=yaml").both(400),
        get("debug empty", "/metrics?debug=").both(400),
        get("debug=TEXT", "/metrics?debug=TEXT").both(400),
        get("debug=text", "/metrics?debug=text").both(200),
        get("debug=openmetrics", "/metrics?debug=openmetrics").both(200),
        get("debug=prometheus-protobuf", "/metrics?debug=prometheus-protobuf").both(200),
        get("debug twice, second unknown", "/metrics?debug=text&debug=yaml").both(200),
        get("debug bad percent-encoding", "/metrics?debug=%zz").both(400),
        get("name[] bad percent-encoding", "/metrics?name[]=%zz").both(400),
        get("name[] lone percent", "/metrics?name[]=%").both(400),
        get("name[] truncated UTF-8", "/metrics?name[]=%E0%A4").both(200).filtered(),
        get("name[] with encoded brackets", "/metrics?name%5B%5D=requests_total").both(200),
        get("name[] empty", "/metrics?name[]=").both(200).filtered(),
        // exporter-common admits at most 1,024 parameters and 65,536 characters.
        get("name[] x1000", thousandNames).both(414).on(Target.ROOMY, 200),
        get("name[] x10000", tenThousandNames).both(414).on(Target.ROOMY, 400),
        get("1 MB query string", megabyteQuery).both(414).on(Target.ROOMY, 400),
        get("query of separators", "/metrics?&&&==&").both(200),
        // Paths
        get("trailing slash", "/metrics/").both(200),
        get("upper case", "/METRICS").both(404),
        get("dot segments", "/x/../metrics").both(200),
        get("encoded traversal", "/%2e%2e/%2e%2e/etc/passwd").both(404),
        get("NUL in path", "/metrics%00").both(404),
        get("markup in path", "/%3Cscript%3Ealert(1)%3C/script%3E").both(404),
        get("absolute-form target", "http://127.0.0.1/metrics").both(200),
        raw("asterisk-form OPTIONS", head("OPTIONS", "*", "HTTP/1.1")).both(404),
        // Methods
        raw("HEAD", head("HEAD", "/metrics", "HTTP/1.1"), true).both(200),
        raw("POST", head("POST", "/metrics", "HTTP/1.1", "Content-Length: 4") + "body")
            .both(405),
        raw("PUT", head("PUT", "/metrics", "HTTP/1.1", "Content-Length: 0")).both(405),
        raw("DELETE", head("DELETE", "/metrics", "HTTP/1.1")).both(405),
        raw("PATCH", head("PATCH", "/metrics", "HTTP/1.1", "Content-Length: 0")).both(405),
        raw("OPTIONS", head("OPTIONS", "/metrics", "HTTP/1.1")).both(405),
        raw("TRACE", head("TRACE", "/metrics", "HTTP/1.1", "Authorization: Basic c2VjcmV0"))
            .both(405),
        raw("CONNECT", head("CONNECT", "/metrics", "HTTP/1.1")).both(405),
        raw("custom method", head("SCRAPE", "/metrics", "HTTP/1.1")).both(405),
        // Protocol
        raw("HTTP/1.0", "GET /metrics HTTP/1.0\r\n\r\n").both(200),
        raw("HTTP/1.0 keep-alive", "GET /metrics HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            .both(200),
        raw("HTTP/1.1 without Host", "GET /metrics HTTP/1.1\r\n\r\n").both(400),
        raw("HTTP/2.0 request line", head("GET", "/metrics", "HTTP/2.0")).both(501),
        raw("HTTP/9.9 request line", head("GET", "/metrics", "HTTP/9.9")).both(501),
        raw("binary garbage", "\u0000\u0001\u0002\u00ff\r\n\r\n").both(400),
        raw("header without colon", "GET /metrics HTTP/1.1\r\nAccept gzip\r\n\r\n").both(400),
        raw("space before colon", "GET /metrics HTTP/1.1\r\nAccept : text/plain\r\n\r\n")
            .both(400),
        raw("Content-Length not a number",
            "GET /metrics HTTP/1.1\r\nContent-Length: abc\r\n\r\n").both(400),
        raw("GET with a body", head("GET", "/metrics", "HTTP/1.1", "Content-Length: 5") + "hello")
            .both(200),
        raw("GET with a chunked body", head("GET", "/metrics", "HTTP/1.1",
            "Transfer-Encoding: chunked") + "5\r\nhello\r\n0\r\n\r\n").both(200),
        // RFC 9112 6.1: either ignore Content-Length (5.0) or reject the request (5.1).
        raw("Content-Length and chunked", head("GET", "/metrics", "HTTP/1.1",
            "Content-Length: 3", "Transfer-Encoding: chunked") + "0\r\n\r\n").eitherOf(200, 400),
        raw("Expect 100-continue", head("GET", "/metrics", "HTTP/1.1",
            "Expect: 100-continue", "Content-Length: 0")).both(200),
        get("200 small headers", "/metrics", "X-Pad: 0123456789\r\n".repeat(199) + "X-Pad: 0")
            .both(200),
        get("headers over 8 kB", "/metrics", "X-Pad: 0123456789abcdef\r\n".repeat(399)
            + "X-Pad: 0").both(431),
        // Pipelining: both answers, in order, on one connection.
        raw("two pipelined GETs", head("GET", "/metrics?name[]=requests_total", "HTTP/1.1")
            + head("GET", "/metrics?debug=yaml", "HTTP/1.1"), false, false).both(200, 400),
        raw("GET, HEAD, POST pipelined", head("GET", "/metrics", "HTTP/1.1")
            + head("HEAD", "/metrics", "HTTP/1.1") + head("POST", "/metrics", "HTTP/1.1",
            "Content-Length: 0"), false, true, false).both(200, 200, 405)));
    return cases;
  }

  Stream<Arguments> attacks() {
    return cases().stream().flatMap(c -> c.expected.keySet().stream()
        .map(target -> Arguments.of(target, c)));
  }

  @Test
  void theWholeTableBackToBackLeavesTheHandlerServingAsBefore() {
    int port = ports.get(Target.HANDLER);
    java.util.Set<Integer> answered = new java.util.TreeSet<>();

    for (Case attack : cases()) {
      if (attack.expected.containsKey(Target.HANDLER)) {
        exchange(port, attack.request, attack.heads).forEach(r -> answered.add(r.status()));
      }
    }
    RawResponse after = exchange(port,
        "GET /metrics?name[]=requests_total HTTP/1.1\r\nHost: x\r\n\r\n"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII)).get(0);

    // The table reaches every kind of answer, not one rejection forty times over.
    assertThat(answered).contains(200, 400, 405);
    assertThat(answered.size()).isGreaterThanOrEqualTo(4);
    assertThat(after.status()).isEqualTo(200);
    assertThat(after.bodyText()).contains(OK_BODY);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("attacks")
  void answersClearlyAndKeepsServing(Target target, Case attack) {
    int port = ports.get(target);
    int[] statuses = attack.expected.get(target);

    int logged = routerLog.atLeast(Level.WARNING).size();
    List<RawResponse> responses = exchange(port, attack.request, attack.heads);
    if (attack.anyOf) {
      assertThat(responses.get(0).status()).as("%s %s: %s", target, attack,
          responses.get(0).statusLine()).isIn(Arrays.stream(statuses).boxed().toList());
      statuses = new int[] {responses.get(0).status()};
    }

    for (int i = 0; i < responses.size(); i++) {
      RawResponse response = responses.get(i);
      assertThat(response.status())
          .as("%s %s, response %d: %s, body %.200s", target, attack, i, response.statusLine(),
              response.bodyText())
          .isEqualTo(statuses[i]);
      if (response.status() == 405) {
        assertThat(response.header("Allow")).as("Allow").contains("GET", "HEAD");
      }
      if (response.status() >= 400) {
        assertOneLineWithoutInternals(response.bodyText());
      } else if (!attack.heads[i]) {
        assertExposition(response, attack.filtered && i == 0);
      }
    }
    if (target == Target.VERTICLE) {
      // The verticle owns its router: a request anyone can send must not log an error there
      // (the router of a MetricsHandler belongs to the application, and so does its logging).
      List<LogRecord> routerErrors = routerLog.atLeast(Level.WARNING);
      assertThat(routerErrors.subList(logged, routerErrors.size()))
          .extracting(r -> r.getMessage() + " " + r.getThrown()).as("router log, %s", attack)
          .isEmpty();
    }
    assertNormalScrape(port);
  }

  private static void assertOneLineWithoutInternals(String body) {
    String withoutFinalNewline = body.endsWith("\n") ? body.substring(0, body.length() - 1) : body;
    assertThat(withoutFinalNewline).as("error body").doesNotContain("\n", "\r")
        .doesNotContainIgnoringCase("exception")
        .doesNotContain("\tat ", "at io.", "at java.", "io.vertx.", "io.netty.", "io.prometheus.",
            "java.lang.", "io.github.promasync");
  }

  private static void assertExposition(RawResponse response, boolean filtered) {
    String type = response.header("Content-Type");
    assertThat(type).as("Content-Type").matches(
        "text/plain;.*|application/openmetrics-text;.*|application/vnd\\.google\\.protobuf;.*");
    byte[] body = "gzip".equals(response.header("Content-Encoding"))
        ? gunzip(response.body())
        : response.body();
    if (!filtered && !type.startsWith("application/vnd.google.protobuf")) {
      assertThat(new String(body, StandardCharsets.UTF_8)).contains("requests_total");
    }
  }

  private static void assertNormalScrape(int port) {
    RawResponse next = exchange(port, bytes(head("GET", "/metrics", "HTTP/1.1"))).get(0);
    assertThat(next.status()).as("the next normal scrape").isEqualTo(200);
    assertThat(next.bodyText()).contains(OK_BODY);
  }
}
