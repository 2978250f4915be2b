package io.github.promasync.vertx;

import io.github.promasync.vertx.docs.InstrumentingDocs;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The Instrument snippets of the README and docs/instrumenting.adoc ({@link InstrumentingDocs}), run. */
@ExtendWith(VertxExtension.class)
class InstrumentUsageTest {

  @Test
  void theGuidesSnippetsRecordWhatTheySay(Vertx vertx) {
    InstrumentingDocs docs = new InstrumentingDocs(new PrometheusRegistry());

    Future<String> answer = docs.future(vertx);
    Future<String> lookup = docs.stacked(vertx);
    Future<String> viaHandler = docs.handler(vertx);
    InstrumentingDocs.Suppliers suppliers = docs.suppliers(vertx);
    Promise<String> reply = docs.promise(vertx);

    assertThat(answer.await()).isEqualTo("42");
    assertThat(lookup.await()).isEqualTo("row");
    assertThat(viaHandler.await()).isEqualTo("done");
    assertThat(suppliers.fetch().get().await()).isEqualTo("fetched");
    assertThat(suppliers.parse().get()).isEqualTo(42);
    assertThat(reply.future().await()).isEqualTo("pong");
    assertThat(docs.latency.labelValues("cache").getCount()).isEqualTo(1);
    assertThat(docs.latency.labelValues("db").getSum()).isPositive();
    assertThat(docs.latency.labelValues("handler").getCount()).isEqualTo(1);
    assertThat(docs.latency.labelValues("parse").getCount()).isEqualTo(1);
    assertThat(docs.failures.get()).isZero();
    assertThat(docs.inFlight.get()).isZero();
  }
}
