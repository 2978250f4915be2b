package io.github.promasync.vertx;

import static io.github.promasync.vertx.testing.LocalHttp.HOST;
import static io.github.promasync.vertx.testing.LocalHttp.listen;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How a metric name that is not a legacy Prometheus name ({@code http.requests}) is served for
 * each negotiation. client_java 1.10.0 changed the default escaping in one case only: when
 * OpenMetrics 2.0 is enabled and the scraper asks for {@code version=2.0.0}, names are served in
 * UTF-8 unless the scraper asks for an escaping; every other negotiation keeps underscores.
 */
@ExtendWith(VertxExtension.class)
class MetricsHandlerEscapingTest {

  private static final String OPENMETRICS_1 =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";
  private static final String OPENMETRICS_2 =
      "application/openmetrics-text; version=2.0.0; charset=utf-8";
  private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private Vertx vertx;
  private WebClient client;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx);
    Counter.builder().name("http.requests").help("Requests.").register(registry).inc();
  }

  private HttpResponse<Buffer> scrape(MetricsHandler handler, String accept) {
    Router router = Router.router(vertx);
    router.route("/metrics").handler(handler);
    HttpRequest<Buffer> request = client.get(listen(vertx, router), HOST, "/metrics");
    if (accept != null) {
      request.putHeader("Accept", accept);
    }
    return request.send().await();
  }

  private static MetricsHandler openMetrics2(PrometheusRegistry registry, boolean negotiation) {
    return MetricsHandler.create(PrometheusProperties.builder()
        .enableOpenMetrics2(openMetrics2 -> openMetrics2.contentNegotiation(negotiation))
        .build(), registry);
  }

  /** The response has {@code contentType} and serves the counter as {@code sample}, once. */
  private static void assertServed(HttpResponse<Buffer> response, String contentType,
      String sample) {
    assertThat(response.getHeader("Content-Type")).isEqualTo(contentType);
    String other = sample.startsWith("{") ? "http_requests" : "http.requests";
    assertThat(response.bodyAsString()).contains("\n" + sample).doesNotContain(other);
  }

  @Test
  void keepsUnderscoresForEveryNegotiationByDefault() {
    MetricsHandler handler = MetricsHandler.create(registry);

    assertServed(scrape(handler, null), TEXT, "http_requests_total 1.0\n");
    assertServed(scrape(handler, OPENMETRICS_1), OPENMETRICS_1, "http_requests_total 1.0\n");
    // OpenMetrics 2.0 is off unless enabled: the scraper gets 1.0.0, with underscores.
    assertServed(scrape(handler, OPENMETRICS_2), OPENMETRICS_1, "http_requests_total 1.0\n");
  }

  @Test
  void servesUtf8NamesWhenOpenMetrics2IsNegotiated() {
    HttpResponse<Buffer> response = scrape(openMetrics2(registry, true), OPENMETRICS_2);

    assertServed(response, OPENMETRICS_2, "{\"http.requests\"} 1.0");
    assertThat(response.bodyAsString()).contains("# TYPE \"http.requests\" counter\n");
  }

  @Test
  void anEscapingTheScraperAsksForWinsOverTheOpenMetrics2Default() {
    assertServed(scrape(openMetrics2(registry, true), OPENMETRICS_2 + "; escaping=underscores"),
        OPENMETRICS_2, "http_requests 1.0");
  }

  @Test
  void keepsUnderscoresForOpenMetrics1AndTextWhenOpenMetrics2IsEnabled() {
    MetricsHandler handler = openMetrics2(registry, true);

    assertServed(scrape(handler, null), TEXT, "http_requests_total 1.0\n");
    assertServed(scrape(handler, OPENMETRICS_1), OPENMETRICS_1, "http_requests_total 1.0\n");
  }

  @Test
  void withoutContentNegotiationOnlyAVersion2RequestGetsUtf8Names() {
    // OpenMetrics 2.0 enabled without content negotiation: exporter-common writes the 2.0 format
    // for every OpenMetrics request and labels it 1.0.0; the default escaping still follows the
    // version the scraper asked for.
    MetricsHandler handler = openMetrics2(registry, false);

    assertServed(scrape(handler, OPENMETRICS_1), OPENMETRICS_1, "http_requests 1.0");
    assertServed(scrape(handler, OPENMETRICS_2), OPENMETRICS_1, "{\"http.requests\"} 1.0");
  }

  @Test
  void servesUtf8NamesInTextWhenTheScraperAsks() {
    assertServed(scrape(MetricsHandler.create(registry),
        "text/plain; version=0.0.4; escaping=allow-utf-8"),
        TEXT, "{\"http.requests_total\"} 1.0\n");
  }
}
