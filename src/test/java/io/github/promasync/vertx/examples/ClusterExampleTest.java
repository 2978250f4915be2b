package io.github.promasync.vertx.examples;

import static io.github.promasync.vertx.testing.VerticleTestSupport.TIMEOUT;
import static io.github.promasync.vertx.testing.VerticleTestSupport.await;
import static io.github.promasync.vertx.testing.VerticleTestSupport.get;
import static io.github.promasync.vertx.testing.VerticleTestSupport.poll;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import io.github.promasync.vertx.MetricsVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two nodes of the clustered example, on free ports, find each other's metrics endpoints. */
class ClusterExampleTest {

  // The example keeps Hazelcast's defaults but for the network; these two only make its nodes
  // join at once instead of after 5 s each (Hazelcast reads them from system properties).
  private static final List<String> FAST_JOIN =
      List.of("hazelcast.wait.seconds.before.join", "hazelcast.max.wait.seconds.before.join");

  @BeforeAll
  static void joinAtOnce() {
    FAST_JOIN.forEach(property -> System.setProperty(property, "0"));
  }

  @AfterAll
  static void restoreJoinDelays() {
    FAST_JOIN.forEach(System::clearProperty);
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void eachNodeListsTheMetricsEndpointsOfBoth() {
    Vertx client = Vertx.vertx();
    WebClient web = WebClient.create(client);
    HazelcastClusterManager firstManager = ClusterExample.clusterManager(0, List.of());
    Vertx first = await(Vertx.builder().withClusterManager(firstManager).buildClustered());
    Vertx second = null;
    try {
      int seed = firstManager.getHazelcastInstance().getCluster().getLocalMember().getAddress()
          .getPort();
      second = await(Vertx.builder()
          .withClusterManager(ClusterExample.clusterManager(0, List.of("127.0.0.1:" + seed)))
          .buildClustered());
      MetricsVerticle one = await(ClusterExample.startNode(first, 0));
      MetricsVerticle two = await(ClusterExample.startNode(second, 0));
      Set<String> expected = Set.of("127.0.0.1:" + one.actualPort(), "127.0.0.1:" + two.actualPort());

      for (MetricsVerticle node : List.of(one, two)) {
        String sd = "http://127.0.0.1:" + node.actualPort() + "/sd";
        await(poll(client, TIMEOUT.minusSeconds(5), "both targets at " + sd, () ->
            web.getAbs(sd).send().map(response -> targets(response.bodyAsJsonArray())
                .equals(expected))));
      }
      assertThat(get(web, one.url()).bodyAsString()).contains("demo_jobs_total");
    } finally {
      List<Future<Void>> closed = new ArrayList<>();
      closed.add(first.close());
      if (second != null) {
        closed.add(second.close());
      }
      Future.join(closed).await();
      client.close().await();
    }
    assertThat(Hazelcast.getAllHazelcastInstances()).as("every node stopped").isEmpty();
  }

  private static Set<String> targets(JsonArray groups) {
    Set<String> targets = new HashSet<>();
    groups.forEach(group -> targets.add(((JsonObject) group).getJsonArray("targets").getString(0)));
    return targets;
  }
}
