package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static io.github.promasync.vertx.metrics.MetricsTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import io.github.promasync.vertx.testing.HazelcastNodes;
import io.github.promasync.vertx.testing.HazelcastNodes.Node;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;

import org.junit.jupiter.api.Test;

/** The remote side and the cluster's message sizes, between two clustered nodes on loopback. */
class ClusteredEventBusMetricsTest {

  private static VertxOptions options(PrometheusRegistry registry) {
    // Found through the ServiceLoader, as the options turn metrics on.
    return new VertxOptions().setMetricsOptions(new PrometheusMetricsOptions()
        .setEnabled(true).setRegistry(registry).setEventLoopDelayEnabled(false));
  }

  @Test
  void aRequestToAConsumerOnAnotherNodeIsCountedOnTheRemoteSideWithItsSize() {
    PrometheusRegistry sender = new PrometheusRegistry();
    PrometheusRegistry receiver = new PrometheusRegistry();
    HazelcastNodes nodes = new HazelcastNodes();
    Node a = await(nodes.start(options(sender)));
    Node b = await(nodes.start(options(receiver)));
    try {
      await(b.vertx().eventBus().<String>consumer("clustered", message -> message.reply("pong"))
          .completion());
      // Until node A's view of the cluster has the consumer, a request finds no handler.
      Message<Object> reply = await(requestUntilDelivered(a.vertx()));
      assertThat(reply.body()).isEqualTo("pong");

      String[] remote = {"address", "clustered", "side", "remote"};
      Exposition sent = Exposition.scrape(sender);
      assertThat(sent.value("vertx_eventbus_sent_total", remote)).isEqualTo(1);
      assertThat(sent.value("vertx_eventbus_bytes_written_count", "address", "clustered"))
          .isEqualTo(1);
      assertThat(sent.value("vertx_eventbus_bytes_written_sum", "address", "clustered"))
          .isPositive();
      eventually(b.vertx(), () -> Exposition.scrape(receiver)
          .value("vertx_eventbus_processed_total", remote) == 1,
          () -> Exposition.scrape(receiver).text());
      Exposition received = Exposition.scrape(receiver);
      assertThat(received.value("vertx_eventbus_received_total", remote)).isEqualTo(1);
      assertThat(received.value("vertx_eventbus_delivered_total", remote)).isEqualTo(1);
      assertThat(received.value("vertx_eventbus_pending", remote)).isZero();
      assertThat(received.value("vertx_eventbus_bytes_read_count", "address", "clustered"))
          .isEqualTo(1);
      // The reply went back on a __vertx.reply address: not a label value on either node.
      for (Exposition scrape : new Exposition[] {Exposition.scrape(sender), received}) {
        assertThat(scrape.samples()).filteredOn(s -> s.name().startsWith("vertx_eventbus_"))
            .allSatisfy(s -> assertThat(s.labels().getOrDefault("address", ""))
                .doesNotStartWith("__vertx"));
      }
    } finally {
      await(a.vertx().close());
      await(b.vertx().close());
    }
    assertThat(Hazelcast.getAllHazelcastInstances()).as("every node stopped").isEmpty();
  }

  private static Future<Message<Object>> requestUntilDelivered(Vertx vertx) {
    Promise<Message<Object>> delivered = Promise.promise();
    attempt(vertx, delivered, 200);
    return delivered.future();
  }

  private static void attempt(Vertx vertx, Promise<Message<Object>> delivered, int left) {
    vertx.eventBus().request("clustered", "ping").onComplete(ar -> {
      if (ar.succeeded()) {
        delivered.complete(ar.result());
      } else if (ar.cause() instanceof ReplyException && left > 0) {
        vertx.setTimer(50, id -> attempt(vertx, delivered, left - 1));
      } else {
        delivered.fail(ar.cause());
      }
    });
  }
}
