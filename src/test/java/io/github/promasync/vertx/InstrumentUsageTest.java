package io.github.promasync.vertx;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's Instrument snippets, compiled and run: the docs cannot rot. */
@ExtendWith(VertxExtension.class)
class InstrumentUsageTest {

  @Test
  void readmeQuickStart(Vertx vertx) {
    PrometheusRegistry registry = new PrometheusRegistry();
    // tag::metrics[]
    Histogram latency = Histogram.builder()
        .name("lookup_seconds").help("Time spent in lookups").labelNames("source")
        .register(registry);
    Counter failures = Counter.builder()
        .name("lookup_failures_total").help("Failed lookups")
        .register(registry);
    Gauge inFlight = Gauge.builder()
        .name("lookups_in_progress").help("Lookups in progress")
        .register(registry);
    // end::metrics[]

    // tag::future[]
    Future<String> answer = Instrument.time(latency.labelValues("cache"), vertx.timer(10).map("42"));
    // end::future[]

    // tag::stacked[]
    Future<String> lookup = Instrument.time(latency.labelValues("db"),
        Instrument.countExceptions(failures,
            Instrument.trackInProgress(inFlight, vertx.timer(10).map("row"))));
    // end::stacked[]

    // tag::handler[]
    Future<String> viaHandler = Future.future(Instrument.time(latency.labelValues("handler"),
        promise -> vertx.setTimer(10, id -> promise.complete("done"))));
    // end::handler[]

    // tag::supplier[]
    Supplier<Future<String>> fetch = Instrument.countExceptions(failures, IllegalStateException.class,
        () -> vertx.timer(10).map("fetched"));
    Supplier<Integer> parse = Instrument.time(latency.labelValues("parse"), () -> Integer.parseInt("42"));
    // end::supplier[]

    // tag::promise[]
    Promise<String> reply = Instrument.trackInProgress(inFlight, Promise.promise());
    vertx.setTimer(10, id -> reply.complete("pong"));
    // end::promise[]

    assertThat(answer.await()).isEqualTo("42");
    assertThat(lookup.await()).isEqualTo("row");
    assertThat(viaHandler.await()).isEqualTo("done");
    assertThat(fetch.get().await()).isEqualTo("fetched");
    assertThat(parse.get()).isEqualTo(42);
    assertThat(reply.future().await()).isEqualTo("pong");
    assertThat(latency.labelValues("cache").getCount()).isEqualTo(1);
    assertThat(latency.labelValues("db").getSum()).isPositive();
    assertThat(latency.labelValues("handler").getCount()).isEqualTo(1);
    assertThat(latency.labelValues("parse").getCount()).isEqualTo(1);
    assertThat(failures.get()).isZero();
    assertThat(inFlight.get()).isZero();
  }
}
