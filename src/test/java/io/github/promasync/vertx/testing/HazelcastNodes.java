package io.github.promasync.vertx.testing;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Clustered Vert.x nodes on loopback for tests: Hazelcast with TCP join on 127.0.0.1 (no multicast,
 * no auto-detection), members and event bus on ports the system picks, a cluster name of the
 * cluster's own so that concurrent test runs cannot join each other, and failure detection tuned to
 * seconds instead of a minute.
 */
public final class HazelcastNodes {

  // Hazelcast logs every join and partition move at INFO; kept referenced so the level sticks.
  private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

  static {
    HAZELCAST_LOG.setLevel(Level.WARNING);
  }

  private final String clusterName;
  private volatile String seed;

  /** Nodes of a new cluster; the first one started is the one the others join through. */
  public HazelcastNodes() {
    this("promasync-test-" + UUID.randomUUID(), null);
  }

  /**
   * Nodes that join an existing cluster, e.g. from another JVM.
   *
   * @param clusterName the cluster's name, {@link #clusterName()} of its nodes
   * @param seed the {@code host:port} of a member, {@link #seed()} of its nodes
   */
  public HazelcastNodes(String clusterName, String seed) {
    this.clusterName = clusterName;
    this.seed = seed;
  }

  /**
   * Returns the cluster's name.
   *
   * @return the Hazelcast cluster name
   */
  public String clusterName() {
    return clusterName;
  }

  /**
   * Returns the member the nodes join through.
   *
   * @return its {@code host:port}, {@code null} before the first node has started
   */
  public String seed() {
    return seed;
  }

  /**
   * Starts one node; the first one started is the one the others join through.
   *
   * @param options the Vert.x options to start it with (its event bus is put on 127.0.0.1)
   * @return the node
   */
  public Future<Node> start(VertxOptions options) {
    HazelcastClusterManager manager = new HazelcastClusterManager(config(seed));
    options.setEventBusOptions(new EventBusOptions(options.getEventBusOptions())
        .setHost("127.0.0.1")
        .setPort(0));
    return Vertx.builder()
        .with(options)
        .withClusterManager(manager)
        .buildClustered()
        .map(vertx -> {
          HazelcastInstance hazelcast = manager.getHazelcastInstance();
          synchronized (this) {
            if (seed == null) {
              seed = "127.0.0.1:" + hazelcast.getCluster().getLocalMember().getAddress().getPort();
            }
          }
          return new Node(vertx, manager);
        });
  }

  /**
   * Starts one node with default Vert.x options.
   *
   * @return the node
   */
  public Future<Node> start() {
    return start(new VertxOptions());
  }

  private Config config(String seedMember) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
    config.setProperty("hazelcast.socket.bind.any", "false");
    // Defaults meant for data centres: 5 s before joining, a minute to notice a silent member,
    // 271 partitions to migrate on each join, up to ten minutes of graceful shutdown.
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    config.setProperty("hazelcast.partition.count", "17");
    config.setProperty("hazelcast.graceful.shutdown.max.wait", "10");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(0).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true);
    if (seedMember != null) {
      join.getTcpIpConfig().addMember(seedMember);
    }
    return config;
  }

  /**
   * One clustered node.
   *
   * @param vertx its Vert.x instance
   * @param manager its cluster manager
   */
  public record Node(Vertx vertx, HazelcastClusterManager manager) {

    /**
     * Returns the node's id in the cluster.
     *
     * @return the id Vert.x knows the node by
     */
    public String nodeId() {
      return manager.getNodeId();
    }

    /**
     * Kills the node's cluster membership abruptly, as a crash would: Hazelcast stops without
     * telling the others, and the node's Vert.x instance keeps running, cut off.
     */
    public void kill() {
      manager.getHazelcastInstance().getLifecycleService().terminate();
    }
  }
}
