package io.github.promasync.vertx.testing;

import io.github.promasync.vertx.MetricsVerticle;
import io.github.promasync.vertx.MetricsVerticleOptions;
import io.github.promasync.vertx.testing.HazelcastNodes.Node;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A cluster node in a JVM of its own, so that a test can kill it as a crash would
 * ({@link Process#destroyForcibly()}, SIGKILL on Linux): nothing of it gets to say goodbye.
 */
public final class ForkedNode {

  private final Process process;
  private final int port;
  private final String nodeId;

  private ForkedNode(Process process, int port, String nodeId) {
    this.process = process;
    this.port = port;
    this.nodeId = nodeId;
  }

  /**
   * Starts a JVM that joins the cluster of {@code nodes} and deploys a {@link MetricsVerticle} on
   * 127.0.0.1, port 0, with the discovery path and time to live given.
   *
   * @param nodes the cluster to join (its seed must be up)
   * @param discoveryPath the discovery path
   * @param ttl the discovery time to live in milliseconds
   * @param log where the JVM's own log goes
   * @return the node, once its verticle is deployed
   * @throws Exception if the JVM cannot start, or does not report its node within 60 s
   */
  public static ForkedNode start(HazelcastNodes nodes, String discoveryPath, long ttl, Path log)
      throws Exception {
    // Surefire's class path (a manifest-only jar by default) serves the child as it serves us.
    Process process = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        ForkedNode.class.getName(),
        nodes.clusterName(), nodes.seed(), discoveryPath, Long.toString(ttl)))
        .redirectError(log.toFile())
        .start();
    CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith("READY ")) {
            return line;
          }
        }
        throw new IllegalStateException("the forked node exited; see " + log);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      String[] fields = ready.get(60, TimeUnit.SECONDS).split(" ");
      return new ForkedNode(process, Integer.parseInt(fields[1]), fields[2]);
    } catch (Exception e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /**
   * Returns the port of the node's metrics server.
   *
   * @return the actual port
   */
  public int port() {
    return port;
  }

  /**
   * Returns the node's id in the cluster.
   *
   * @return the Vert.x node id
   */
  public String nodeId() {
    return nodeId;
  }

  /**
   * Kills the JVM at once and waits for it to be gone.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  /**
   * The child JVM: joins, deploys, prints {@code READY <port> <nodeId>} and runs until killed.
   *
   * @param args cluster name, seed member, discovery path, time to live
   */
  public static void main(String[] args) {
    Node node = new HazelcastNodes(args[0], args[1]).start()
        .toCompletionStage().toCompletableFuture().join();
    MetricsVerticle verticle = new MetricsVerticle(new MetricsVerticleOptions()
        .setHost("127.0.0.1")
        .setPort(0)
        .setRegistry(new PrometheusRegistry())
        .setDiscoveryPath(args[2])
        .setDiscoveryTtl(Long.parseLong(args[3])));
    node.vertx().deployVerticle(verticle).toCompletionStage().toCompletableFuture().join();
    System.out.println("READY " + verticle.actualPort() + " " + node.nodeId());
    System.out.flush();
  }
}
