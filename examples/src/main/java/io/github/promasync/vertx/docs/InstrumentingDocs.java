package io.github.promasync.vertx.docs;

import io.github.promasync.vertx.Instrument;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * The snippets of docs/instrumenting.adoc (and of the README's "In ten lines each"), in the
 * tagged regions the pages include; {@code InstrumentUsageTest} runs each one.
 */
public final class InstrumentingDocs {

  public final Histogram latency;
  public final Counter failures;
  public final Gauge inFlight;

  /** The metrics every snippet records into, registered into {@code registry}. */
  public InstrumentingDocs(PrometheusRegistry registry) {
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
    this.latency = latency;
    this.failures = failures;
    this.inFlight = inFlight;
  }

  public Future<String> future(Vertx vertx) {
    // tag::future[]
    Future<String> answer = Instrument.time(latency.labelValues("cache"), vertx.timer(10).map("42"));
    // end::future[]
    return answer;
  }

  public Future<String> stacked(Vertx vertx) {
    // tag::stacked[]
    Future<String> lookup = Instrument.time(latency.labelValues("db"),
        Instrument.countExceptions(failures,
            Instrument.trackInProgress(inFlight, vertx.timer(10).map("row"))));
    // end::stacked[]
    return lookup;
  }

  public Future<String> handler(Vertx vertx) {
    // tag::handler[]
    Future<String> viaHandler = Future.future(Instrument.time(latency.labelValues("handler"),
        promise -> vertx.setTimer(10, id -> promise.complete("done"))));
    // end::handler[]
    return viaHandler;
  }

  /** The two suppliers of the snippet: a lookup that fails with a counted exception, a parse. */
  public record Suppliers(Supplier<Future<String>> fetch, Supplier<Integer> parse) {
  }

  public Suppliers suppliers(Vertx vertx) {
    // tag::supplier[]
    Supplier<Future<String>> fetch = Instrument.countExceptions(failures, IllegalStateException.class,
        () -> vertx.timer(10).map("fetched"));
    Supplier<Integer> parse = Instrument.time(latency.labelValues("parse"), () -> Integer.parseInt("42"));
    // end::supplier[]
    return new Suppliers(fetch, parse);
  }

  public Promise<String> promise(Vertx vertx) {
    // tag::promise[]
    Promise<String> reply = Instrument.trackInProgress(inFlight, Promise.promise());
    vertx.setTimer(10, id -> reply.complete("pong"));
    // end::promise[]
    return reply;
  }
}
