package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static io.github.promasync.vertx.metrics.MetricsTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.testing.CapturedLog;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.MessageConsumerOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** vertx-micrometer-metrics' event bus scenarios, with exact values, in both namings. */
class EventBusMetricsTest {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private Vertx vertx;

  @AfterEach
  void close() {
    if (vertx != null) {
      await(vertx.close());
    }
  }

  @ParameterizedTest
  @EnumSource(MetricsNaming.class)
  void twoConsumersEightPublishesTwoOfThemThrowingAndTwoRequestsWithoutHandler(
      MetricsNaming naming) {
    vertx = MetricsTesting.vertx(registry, naming);
    AtomicInteger unexpected = new AtomicInteger();
    vertx.exceptionHandler(e -> {
      if (!"expected failure".equals(e.getMessage())) {
        unexpected.incrementAndGet();
      }
    });
    await(vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        return vertx.eventBus().<JsonObject>consumer("testSubject", message -> {
          if (message.body().getBoolean("fail")) {
            throw new IllegalStateException("expected failure");
          }
        }).completion();
      }
    }, new DeploymentOptions().setInstances(2)));
    EventBus bus = vertx.eventBus();
    for (int i = 0; i < 8; i++) {
      bus.publish("testSubject", new JsonObject().put("fail", i == 3 || i == 5));
    }
    List<Future<?>> requests = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      requests.add(bus.request("no handler", "hello").transform(ar -> {
        assertThat(ar.cause()).isInstanceOf(ReplyException.class);
        assertThat(((ReplyException) ar.cause()).failureType()).isEqualTo(ReplyFailure.NO_HANDLERS);
        return Future.succeededFuture();
      }));
    }
    await(Future.all(requests));
    eventually(vertx, () -> processed() == 16, () -> Exposition.scrape(registry).text());

    Exposition scrape = Exposition.scrape(registry);
    String[] subject = {"address", "testSubject", "side", "local"};
    String[] noHandler = {"address", "no handler", "side", "local"};
    assertThat(scrape.value("vertx_eventbus_handlers", "address", "testSubject")).isEqualTo(2);
    assertThat(scrape.value("vertx_eventbus_pending", subject)).isZero();
    assertThat(scrape.value("vertx_eventbus_published_total", subject)).isEqualTo(8);
    assertThat(scrape.value("vertx_eventbus_received_total", subject)).isEqualTo(8);
    assertThat(scrape.value("vertx_eventbus_delivered_total", subject)).isEqualTo(16);
    assertThat(scrape.value("vertx_eventbus_processed_total", subject)).isEqualTo(16);
    assertThat(scrape.value("vertx_eventbus_discarded_total", subject)).isZero();
    assertThat(scrape.value("vertx_eventbus_sent_total", subject)).isZero();
    assertThat(scrape.value("vertx_eventbus_sent_total", noHandler)).isEqualTo(2);
    assertThat(scrape.value("vertx_eventbus_received_total", noHandler)).isEqualTo(2);
    assertThat(scrape.value("vertx_eventbus_reply_failures_total",
        "address", "no handler", "failure", "NO_HANDLERS")).isEqualTo(2);
    assertThat(scrape.named("vertx_eventbus_reply_failures_total")).hasSize(1);
    // Nothing of Vert.x's own addresses, and no remote side on a Vert.x that is not clustered.
    assertThat(scrape.samples()).filteredOn(s -> s.name().startsWith("vertx_eventbus_"))
        .allSatisfy(s -> {
          assertThat(s.labels().getOrDefault("address", "")).doesNotStartWith("__vertx");
          assertThat(s.labels().getOrDefault("side", "local")).isEqualTo("local");
        });
    assertThat(unexpected).hasValue(0);
  }

  private double processed() {
    Exposition scrape = Exposition.scrape(registry);
    return scrape.has("vertx_eventbus_processed_total")
        ? scrape.value("vertx_eventbus_processed_total", "address", "testSubject", "side", "local")
        : 0;
  }

  @Test
  void aPausedConsumerWithTenBufferedMessagesDiscardsTheEleventhThenTheRestWhenUnregistered() {
    vertx = MetricsTesting.vertx(registry, MetricsNaming.OPENTELEMETRY);
    EventBus bus = vertx.eventBus();
    try (CapturedLog discards = new CapturedLog(
        "io.vertx.core.eventbus.impl.MessageConsumerImpl", true)) {
      MessageConsumer<String> consumer = bus.<String>consumer(new MessageConsumerOptions()
          .setAddress("foo").setMaxBufferedMessages(10));
      consumer.handler(message -> {
        throw new AssertionError("a paused consumer got " + message.body());
      });
      consumer.pause();
      await(consumer.completion());
      for (int i = 0; i < 10; i++) {
        bus.send("foo", "message " + i);
      }
      bus.send("foo", "the eleventh");
      String[] foo = {"address", "foo", "side", "local"};
      eventually(vertx, () -> Exposition.scrape(registry)
          .value("vertx_eventbus_discarded_total", foo) == 1, () -> Exposition.scrape(registry).text());
      Exposition scrape = Exposition.scrape(registry);
      assertThat(scrape.value("vertx_eventbus_pending", foo)).isEqualTo(10);
      assertThat(scrape.value("vertx_eventbus_sent_total", foo)).isEqualTo(11);
      assertThat(scrape.value("vertx_eventbus_received_total", foo)).isEqualTo(11);
      assertThat(scrape.value("vertx_eventbus_delivered_total", foo)).isZero();

      Promise<Void> unregistered = Promise.promise();
      consumer.unregister().onComplete(unregistered);
      await(unregistered.future());
      eventually(vertx, () -> Exposition.scrape(registry)
          .value("vertx_eventbus_discarded_total", foo) == 11, () -> Exposition.scrape(registry).text());
      scrape = Exposition.scrape(registry);
      assertThat(scrape.value("vertx_eventbus_pending", foo)).isZero();
      assertThat(scrape.value("vertx_eventbus_handlers", "address", "foo")).isZero();
      assertThat(discards.records()).isNotEmpty();
    }
  }

  @Test
  void fiveHundredAddressesKeepTheFirstHundredAndCountTheRestUnderOtherExactly() {
    vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new PrometheusMetricsOptions()
            .setEnabled(true).setRegistry(registry)))
        .withMetrics(new PrometheusMetricsFactory())
        .build();
    try (CapturedLog log = new CapturedLog("io.github.promasync.vertx.metrics", true)) {
      EventBus bus = vertx.eventBus();
      MessageConsumer<String> consumer = bus.consumer("kept", message -> { });
      await(consumer.completion());
      for (int i = 0; i < 500; i++) {
        bus.send("kept", "hello");
        bus.publish("topic-" + i, "hello");
      }
      eventually(vertx, () -> Exposition.scrape(registry).value("vertx_eventbus_delivered_total",
          "address", "kept", "side", "local") == 500, () -> Exposition.scrape(registry).text());
      Exposition scrape = Exposition.scrape(registry);
      List<Exposition.Sample> published = scrape.named("vertx_eventbus_published_total");
      // "kept" and 99 topics, then _OTHER.
      assertThat(published).hasSize(101);
      assertThat(published.stream().mapToDouble(Exposition.Sample::value).sum()).isEqualTo(500);
      assertThat(scrape.value("vertx_eventbus_published_total",
          "address", "_OTHER", "side", "local")).isEqualTo(401);
      assertThat(scrape.value("vertx_eventbus_sent_total", "address", "kept", "side", "local"))
          .isEqualTo(500);
      assertThat(scrape.named("vertx_eventbus_received_total")).hasSize(101);
      assertThat(log.atLeast(Level.WARNING)).hasSize(1);
    }
  }
}
