package io.github.promasync.vertx.examples;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.github.promasync.vertx.MetricsVerticle;
import io.github.promasync.vertx.MetricsVerticleOptions;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Vert.x cluster that Prometheus finds by itself: three nodes clustered with Hazelcast on
 * loopback, each with a {@link MetricsVerticle} whose discovery endpoint lists the metrics endpoint
 * of every node. {@code examples/prometheus-cluster.yml} points Prometheus's {@code http_sd_configs}
 * at one of them.
 *
 * <p>Run it with
 * {@code mvn -q test-compile exec:java -Dexec.mainClass=io.github.promasync.vertx.examples.ClusterExample},
 * then {@code curl localhost:8000/sd} and
 * {@code prometheus --config.file=examples/prometheus-cluster.yml}. The three nodes run in one JVM
 * only to keep the demo to one command; each is a Vert.x instance and a Hazelcast member of its
 * own, as it would be on three machines.
 */
public final class ClusterExample {

  /** The Hazelcast ports of the demo's nodes, every one of them a member to join through. */
  static final List<String> MEMBERS = List.of("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703");

  private ClusterExample() {
  }

  /**
   * Starts three nodes, with metrics on ports 8000, 8001 and 8002 of 127.0.0.1.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    for (int i = 0; i < MEMBERS.size(); i++) {
      int metricsPort = 8000 + i;
      Vertx.builder()
          .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1")))
          .withClusterManager(clusterManager(5701 + i, MEMBERS))
          .buildClustered()
          .compose(vertx -> startNode(vertx, metricsPort))
          .onSuccess(verticle -> System.out.println("Node up: " + verticle.url()
              + "; service discovery at http://127.0.0.1:" + verticle.actualPort() + "/sd"))
          .onFailure(Throwable::printStackTrace);
    }
  }

  /**
   * A Hazelcast cluster manager on 127.0.0.1 that joins over TCP, multicast off.
   *
   * @param port the Hazelcast port of this node, {@code 0} for a free one
   * @param members the {@code host:port} of members to join through
   * @return the cluster manager, for {@code Vertx.builder().withClusterManager(...)}
   */
  public static HazelcastClusterManager clusterManager(int port, List<String> members) {
    // ConfigUtil.loadConfig() is vertx-hazelcast's default configuration, with the maps Vert.x
    // needs; only the network is changed here.
    Config config = ConfigUtil.loadConfig();
    config.setClusterName("vertx-prometheus-async-demo");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(members);
    return new HazelcastClusterManager(config);
  }

  /**
   * Deploys a node's metrics server, with a discovery endpoint at {@code /sd}, and a job that
   * counts into {@code demo_jobs_total}, so that {@code sum(demo_jobs_total)} adds the nodes up.
   *
   * @param vertx a clustered Vert.x instance
   * @param port the metrics port, {@code 0} for a free one
   * @return a future of the deployed verticle
   */
  public static Future<MetricsVerticle> startNode(Vertx vertx, int port) {
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter jobs = Counter.builder().name("demo_jobs_total").help("Jobs done by this node.")
        .register(registry);
    vertx.setPeriodic(1000, id -> jobs.inc(ThreadLocalRandom.current().nextInt(1, 4)));
    // tag::discovery[]
    MetricsVerticle verticle = new MetricsVerticle(new MetricsVerticleOptions()
        .setHost("127.0.0.1")
        .setPort(port)
        .setRegistry(registry)
        .setDiscoveryPath("/sd"));
    Future<String> deployed = vertx.deployVerticle(verticle);
    // end::discovery[]
    return deployed.map(id -> verticle);
  }
}
