package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.HOST;
import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static io.github.promasync.vertx.metrics.MetricsTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.github.promasync.vertx.Instrument;
import io.github.promasync.vertx.docs.VertxMetricsDocs;
import io.prometheus.metrics.config.ExemplarsProperties;
import io.prometheus.metrics.config.MetricsProperties;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Exemplars on the HTTP server and client durations, with vertx-opentelemetry's tracer on the
 * Vert.x instance and the OpenTelemetry SDK's in-memory exporter: a request to {@code /front}
 * calls {@code /back} with Vert.x's HTTP client, over HTTP/1.1 or HTTP/2.
 */
class ExemplarsTest {

  private static final String SERVER = "http_server_request_duration_seconds";
  private static final String CLIENT = "http_client_request_duration_seconds";

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
      .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
      .setTracerProvider(tracerProvider)
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
      .build();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private Vertx vertx;

  @AfterEach
  void close() {
    if (vertx != null) {
      await(vertx.close());
    }
    openTelemetry.close();
  }

  /** The documentation's Vert.x: vertx-opentelemetry's tracer, the metrics' defaults. */
  private void startAsDocumented() {
    vertx = VertxMetricsDocs.traced(openTelemetry, registry);
  }

  private void start(PrometheusMetricsOptions options, boolean tracer) {
    VertxOptions vertxOptions = new VertxOptions()
        .setMetricsOptions(options.setEnabled(true).setRegistry(registry));
    VertxBuilder builder = Vertx.builder().withMetrics(new PrometheusMetricsFactory());
    if (tracer) {
      vertxOptions.setTracingOptions(new OpenTelemetryOptions());
      builder.withTracer(new OpenTelemetryTracingFactory(openTelemetry));
    }
    vertx = builder.with(vertxOptions).build();
  }

  /** Serves /front, which calls /back, and sends three requests to /front. */
  private void traffic(HttpVersion version) {
    HttpClientOptions clientOptions = new HttpClientOptions().setProtocolVersion(version)
        .setHttp2ClearTextUpgrade(false);
    HttpClient client = vertx.createHttpClient(clientOptions);
    Router router = Router.router(vertx);
    int[] port = new int[1];
    router.get("/back").handler(ctx -> ctx.response().end("back"));
    router.get("/front").handler(ctx -> client.request(HttpMethod.GET, port[0], HOST, "/back")
        .compose(r -> r.send().compose(HttpClientResponse::body))
        .onComplete(body -> ctx.response().end("front "
            + (body.succeeded() ? body.result() : "failed: " + body.cause()))));
    port[0] = vertx.createHttpServer(new HttpServerOptions()).requestHandler(router)
        .listen(0, HOST).await().actualPort();
    for (int i = 0; i < 3; i++) {
      int[] status = new int[1];
      String body = await(client.request(HttpMethod.GET, port[0], HOST, "/front")
          .compose(r -> r.send().compose(response -> {
            assertThat(response.version()).isEqualTo(version);
            status[0] = response.statusCode();
            return response.body();
          }))).toString();
      assertThat(body).as("/front answered %d", status[0]).isEqualTo("front back");
    }
    eventually(vertx, () -> count(SERVER) == 6 && count(CLIENT) == 6,
        () -> Exposition.scrape(registry).text());
  }

  private long count(String family) {
    return points(family).stream().mapToLong(HistogramSnapshot.HistogramDataPointSnapshot::getCount)
        .sum();
  }

  private List<HistogramSnapshot.HistogramDataPointSnapshot> points(String family) {
    return registry.scrape().stream()
        .filter(s -> s.getMetadata().getPrometheusName().equals(family))
        .map(HistogramSnapshot.class::cast)
        .flatMap(s -> s.getDataPoints().stream()).toList();
  }

  /** The exemplars of a family, as "trace_id/span_id". */
  private Set<String> exemplars(String family) {
    return points(family).stream().flatMap(p -> StreamSupport.stream(p.getExemplars().spliterator(), false))
        .map(ExemplarsTest::ids).collect(Collectors.toSet());
  }

  /** The exemplars of the data points of one route. */
  private Set<String> exemplars(String family, String route) {
    return points(family).stream()
        .filter(p -> route.equals(p.getLabels().get("http_route")))
        .flatMap(p -> StreamSupport.stream(p.getExemplars().spliterator(), false))
        .map(ExemplarsTest::ids).collect(Collectors.toSet());
  }

  private String openMetrics() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ExpositionFormats.init().getOpenMetricsTextFormatWriter().write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String ids(Exemplar exemplar) {
    return exemplar.getLabels().get(Exemplar.TRACE_ID) + "/"
        + exemplar.getLabels().get(Exemplar.SPAN_ID);
  }

  private Set<String> exportedSpans(io.opentelemetry.api.trace.SpanKind kind) {
    return exporter.getFinishedSpanItems().stream().filter(s -> s.getKind() == kind)
        .map(s -> s.getTraceId() + "/" + s.getSpanId()).collect(Collectors.toSet());
  }

  @ParameterizedTest
  @EnumSource(value = HttpVersion.class, names = {"HTTP_1_1", "HTTP_2"})
  void theDurationsCarryTheTraceOfTheirRequest(HttpVersion version) {
    startAsDocumented();
    traffic(version);
    eventually(vertx, () -> exporter.getFinishedSpanItems().size() >= 9,
        () -> exporter.getFinishedSpanItems().size() + " spans exported");
    Set<String> serverSpans = exportedSpans(io.opentelemetry.api.trace.SpanKind.SERVER);
    // One exemplar per route at least (the sampler keeps one per bucket for 7 s at least), and
    // each is the span of a request that route served.
    Set<String> front = exemplars(SERVER, "/front");
    Set<String> back = exemplars(SERVER, "/back");
    assertThat(front).isNotEmpty();
    assertThat(back).isNotEmpty();
    assertThat(serverSpans).containsAll(front).containsAll(back);
    // /front's spans are roots; /back's are children of the client's spans.
    Set<String> clientSpanIds = exporter.getFinishedSpanItems().stream()
        .filter(s -> s.getKind() == io.opentelemetry.api.trace.SpanKind.CLIENT)
        .map(SpanData::getSpanId).collect(Collectors.toSet());
    for (SpanData span : exporter.getFinishedSpanItems()) {
      String ids = span.getTraceId() + "/" + span.getSpanId();
      if (front.contains(ids)) {
        assertThat(span.getParentSpanContext().isValid()).as("parent of " + ids).isFalse();
      }
      if (back.contains(ids)) {
        assertThat(clientSpanIds).contains(span.getParentSpanId());
      }
    }
    // The client's: the span current when /front's handler sent the request, /front's own.
    Set<String> client = exemplars(CLIENT);
    assertThat(client).isNotEmpty();
    assertThat(serverSpans).containsAll(client);
    Set<String> clientTraces = exporter.getFinishedSpanItems().stream()
        .filter(s -> s.getKind() == io.opentelemetry.api.trace.SpanKind.CLIENT)
        .map(SpanData::getTraceId).collect(Collectors.toSet());
    assertThat(client).allSatisfy(ids -> assertThat(clientTraces).contains(ids.split("/")[0]));
    // OpenMetrics text carries them (protobuf too: see ExemplarsPrometheusTest).
    String openMetrics = openMetrics();
    for (String ids : front) {
      assertThat(openMetrics).contains("# {span_id=\"" + ids.split("/")[1] + "\",trace_id=\""
          + ids.split("/")[0] + "\"}");
    }
    // The body sizes keep none by default.
    assertThat(exemplars("http_server_response_body_size_bytes")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = HttpVersion.class, names = {"HTTP_1_1", "HTTP_2"})
  void aSlowRequestGetsItsExemplarThoughFasterOnesOfItsSeriesTookTurnsMeanwhile(
      HttpVersion version) {
    // On HTTP/2 the server span is gone when the response ends, so the exemplar is the one read
    // at responseBegin, through the series' gate.
    // A 1 ms sample interval: the gate opens again 1 ms after each fast request took it.
    start(new PrometheusMetricsOptions().setProperties(PrometheusProperties.builder()
        .exemplarProperties(ExemplarsProperties.builder().sampleIntervalMilliseconds(1).build())
        .build()), true);
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(version)
        .setHttp2ClearTextUpgrade(false));
    Promise<Void> entered = Promise.promise();
    Promise<Void> release = Promise.promise();
    Router router = Router.router(vertx);
    // One route, so one series (method, route, status) and one gate for slow and fast requests.
    router.get("/work").handler(ctx -> {
      if (ctx.request().getParam("slow") != null) {
        entered.tryComplete();
        // Answered on the request's own context, where its span is current.
        Context request = vertx.getOrCreateContext();
        release.future().onComplete(done -> request.runOnContext(v -> ctx.response().end("slow")));
      } else {
        ctx.response().end("fast");
      }
    });
    int port = vertx.createHttpServer().requestHandler(router).listen(0, HOST).await()
        .actualPort();
    Future<String> slow = client.request(HttpMethod.GET, port, HOST, "/work?slow=1")
        .compose(r -> r.send().compose(HttpClientResponse::body)).map(Object::toString);
    await(entered.future());
    // Requests that start after the slow one and take the gate's turns while it runs.
    for (int i = 0; i < 3; i++) {
      assertThat(await(client.request(HttpMethod.GET, port, HOST, "/work")
          .compose(r -> r.send().compose(HttpClientResponse::body))).toString()).isEqualTo("fast");
    }
    // Past the last turn's interval, the slow request answers.
    await(vertx.timer(20).onComplete(done -> release.complete()));
    assertThat(await(slow)).isEqualTo("slow");
    eventually(vertx, () -> count(SERVER) == 4, () -> Exposition.scrape(registry).text());
    eventually(vertx, () -> exporter.getFinishedSpanItems().stream()
        .filter(span -> span.getKind() == io.opentelemetry.api.trace.SpanKind.SERVER).count() == 4,
        () -> exporter.getFinishedSpanItems().size() + " spans exported");

    String slowSpan = exporter.getFinishedSpanItems().stream()
        .filter(span -> span.getKind() == io.opentelemetry.api.trace.SpanKind.SERVER)
        .max(java.util.Comparator.comparingLong(span -> span.getEndEpochNanos()
            - span.getStartEpochNanos()))
        .map(span -> span.getTraceId() + "/" + span.getSpanId()).orElseThrow();
    assertThat(exemplars(SERVER, "/work")).contains(slowSpan);
  }

  @ParameterizedTest
  @EnumSource(value = HttpVersion.class, names = {"HTTP_1_1", "HTTP_2"})
  void noExemplarsWhenThePropertiesTurnThemOff(HttpVersion version) {
    start(new PrometheusMetricsOptions().setProperties(PrometheusProperties.builder()
        .defaultMetricsProperties(MetricsProperties.builder().exemplarsEnabled(false).build())
        .build()), true);
    traffic(version);
    eventually(vertx, () -> exporter.getFinishedSpanItems().size() >= 9,
        () -> exporter.getFinishedSpanItems().size() + " spans exported");
    assertThat(exemplars(SERVER)).isEmpty();
    assertThat(exemplars(CLIENT)).isEmpty();
  }

  @Test
  void aFamilyCanTurnThemOffAlone() {
    start(new PrometheusMetricsOptions().setProperties(PrometheusProperties.builder()
        .defaultMetricsProperties(MetricsProperties.builder().build())
        .putMetricProperty(CLIENT, MetricsProperties.builder().exemplarsEnabled(false).build())
        .build()), true);
    traffic(HttpVersion.HTTP_1_1);
    assertThat(exemplars(SERVER)).isNotEmpty();
    assertThat(exemplars(CLIENT)).isEmpty();
  }

  @Test
  void instrumentTimeInATracedHandlerGetsTheRequestsTrace() {
    start(new PrometheusMetricsOptions(), true);
    Histogram work = Histogram.builder().name("work_seconds").help("Work.").register(registry);
    Router router = Router.router(vertx);
    router.get("/work").handler(ctx -> Instrument.time(work.labelValues(),
        Future.succeededFuture("done")).onSuccess(done -> ctx.response().end(done)));
    int port = vertx.createHttpServer().requestHandler(router).listen(0, HOST).await()
        .actualPort();
    assertThat(await(vertx.createHttpClient().request(HttpMethod.GET, port, HOST, "/work")
        .compose(r -> r.send().compose(HttpClientResponse::body))).toString()).isEqualTo("done");
    eventually(vertx, () -> exporter.getFinishedSpanItems().size() == 1 && count(SERVER) == 1,
        () -> exporter.getFinishedSpanItems().size() + " spans exported");
    SpanData span = exporter.getFinishedSpanItems().get(0);
    Set<String> timed = StreamSupport.stream(work.collect().getDataPoints().get(0).getExemplars()
        .spliterator(), false).map(ExemplarsTest::ids).collect(Collectors.toSet());
    assertThat(timed).containsExactly(span.getTraceId() + "/" + span.getSpanId());
    assertThat(exemplars(SERVER)).containsExactly(span.getTraceId() + "/" + span.getSpanId());
  }

  @Test
  void noTracerNoExemplarsAndNoError() {
    start(new PrometheusMetricsOptions(), false);
    traffic(HttpVersion.HTTP_1_1);
    assertThat(exemplars(SERVER)).isEmpty();
    assertThat(exemplars(CLIENT)).isEmpty();
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
  }
}
