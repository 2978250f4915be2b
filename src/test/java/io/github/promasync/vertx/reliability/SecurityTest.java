package io.github.promasync.vertx.reliability;

import static io.github.promasync.vertx.reliability.ReliabilityTesting.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.promasync.vertx.MetricsHandler;
import io.github.promasync.vertx.MetricsVerticle;
import io.github.promasync.vertx.MetricsVerticleOptions;
import io.github.promasync.vertx.reliability.ReliabilityTesting.RawResponse;
import io.github.promasync.vertx.testing.LocalHttp;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a client can and cannot reach. Covered elsewhere, not repeated here: {@code /metrics}
 * behind {@code BasicAuthHandler} answers 401 without and 200 with credentials
 * ({@code MetricsHandlerCompositionTest.staysBehindBasicAuth}); label values with quotes,
 * backslashes, newlines and UTF-8 come out escaped and pass {@code promtool check metrics}
 * ({@code PromtoolTest.findsNoProblemInAnyMetricTypeNorInEscapedLabelValues}); error bodies carry
 * no class name or stack trace ({@link HostileInputTest}, {@link FaultsTest}).
 */
class SecurityTest {

  private static final String SECRET = "c2VjcmV0LXRva2Vu";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private Vertx vertx;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    Counter.builder().name("requests").help("Requests.").register(registry).inc(3);
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  private MetricsVerticle deploy(String host) {
    MetricsVerticle verticle = new MetricsVerticle(new MetricsVerticleOptions()
        .setHost(host).setPort(0).setRegistry(registry));
    vertx.deployVerticle(verticle).await();
    return verticle;
  }

  private static String get(String host, int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getByName(host), port), 10_000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(bytes("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
      InputStream in = socket.getInputStream();
      RawResponse response = ReliabilityTesting.read(in, false);
      return response.status() + " " + response.bodyText();
    }
  }

  private static void assertRefused(String host, int port) {
    assertThatThrownBy(() -> get(host, port)).as("connecting to %s:%d", host, port)
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void theVerticleListensOnItsConfiguredAddressOnly() throws IOException {
    MetricsVerticle verticle = deploy("127.0.0.1");

    assertThat(get("127.0.0.1", verticle.actualPort())).startsWith("200 ")
        .contains("requests_total 3.0");
    // Linux routes all of 127/8 to the loopback interface: a wildcard bind would answer here.
    assertRefused("127.0.0.2", verticle.actualPort());
  }

  @Test
  void anotherLoopbackAddressIsReachableWhenConfigured() throws IOException {
    // The control for the test above: 127.0.0.2 does reach this machine, so the refusal there
    // comes from the bind, not from an unroutable address.
    MetricsVerticle verticle = deploy("127.0.0.2");

    assertThat(get("127.0.0.2", verticle.actualPort())).startsWith("200 ");
    assertRefused("127.0.0.1", verticle.actualPort());
  }

  @Test
  void nothingAClientSendsIsEchoedBack() {
    Router router = Router.router(vertx);
    router.route("/metrics").handler(MetricsHandler.create(registry));
    int handlerPort = vertx.createHttpServer().requestHandler(router)
        .listen(0, LocalHttp.HOST).await().actualPort();
    int verticlePort = deploy(LocalHttp.HOST).actualPort();
    String markup = "%3Cscript%3Ealert(1)%3C%2Fscript%3E";
    List<String> requests = List.of(
        // TRACE would reflect the request, credentials included (cross-site tracing).
        "TRACE /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Basic " + SECRET
            + "\r\nCookie: session=" + SECRET + "\r\n\r\n",
        "GET /metrics?debug=" + markup + " HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /metrics?name[]=%zz" + markup + " HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /" + markup + " HTTP/1.1\r\nHost: x\r\n\r\n",
        "DELETE /metrics HTTP/1.1\r\nHost: x\r\nX-Token: " + SECRET + "\r\n\r\n");

    for (int port : new int[] {handlerPort, verticlePort}) {
      for (String request : requests) {
        RawResponse response = ReliabilityTesting.exchange(port, bytes(request)).get(0);

        assertThat(response.status()).as(request).isBetween(400, 499);
        String everything = response.headers() + response.bodyText();
        assertThat(everything).as(request)
            .doesNotContain(SECRET, "<script", "script>", "alert(1)", "%3Cscript");
        // No banner naming the server software or its version.
        assertThat(response.headers()).as(request).doesNotContainKeys("server", "x-powered-by");
      }
    }
  }
}
