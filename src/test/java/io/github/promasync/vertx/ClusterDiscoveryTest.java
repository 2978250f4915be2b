package io.github.promasync.vertx;

import static io.github.promasync.vertx.testing.VerticleTestSupport.await;
import static io.github.promasync.vertx.testing.VerticleTestSupport.poll;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import io.github.promasync.vertx.testing.ForkedNode;
import io.github.promasync.vertx.testing.HazelcastNodes;
import io.github.promasync.vertx.testing.HazelcastNodes.Node;
import io.github.promasync.vertx.testing.PrometheusServer;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.github.promasync.vertx.impl.ClusterDiscovery;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Service discovery on a real cluster: three Vert.x nodes clustered with Hazelcast on loopback, each
 * with a {@link MetricsVerticle} on port 0 and a discovery path, shared by the tests of this class
 * (Hazelcast is slow to start). Tests that need more nodes start and stop their own; the last test
 * closes and kills two of the three.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterDiscoveryTest {

  /** Short, so that the tests wait seconds; refreshed every second. */
  private static final long TTL = 3_000;
  private static final String SD = "/sd";
  /** Shorter than the test support's await bound, so that a poll fails first, with its message. */
  private static final Duration DEADLINE = Duration.ofSeconds(25);

  private static final HazelcastNodes nodes = new HazelcastNodes();
  private static final List<Node> started = new ArrayList<>();
  private static Vertx client;
  private static WebClient web;
  private static Node a;
  private static Node b;
  private static Node c;
  private static MetricsVerticle va;
  private static MetricsVerticle vb;
  private static MetricsVerticle vc;

  @BeforeAll
  static void startCluster() {
    client = Vertx.vertx();
    web = WebClient.create(client);
    a = startNode(new VertxOptions());
    List<Node> others = await(Future.all(nodes.start(), nodes.start())).list();
    b = others.get(0);
    c = others.get(1);
    started.addAll(others);
    va = deploy(a, 1);
    vb = deploy(b, 2);
    vc = deploy(c, 4);
  }

  @AfterAll
  static void stopCluster() {
    List<Future<Void>> closed = new ArrayList<>();
    for (Node node : started) {
      closed.add(node.vertx().close().otherwise((Void) null));
    }
    Future.join(closed).timeout(30, TimeUnit.SECONDS).recover(e -> Future.succeededFuture()).await();
    if (client != null) {
      client.close().await();
    }
    // Nothing of the cluster outlives the class, to load the tests that follow.
    assertThat(Hazelcast.getAllHazelcastInstances()).isEmpty();
  }

  private static Node startNode(VertxOptions options) {
    Node node = await(nodes.start(options));
    started.add(node);
    return node;
  }

  private static MetricsVerticle deploy(Node node, int jobs) {
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter.builder().name("jobs").help("Jobs done.").register(registry).inc(jobs);
    return deploy(node, new MetricsVerticleOptions().setRegistry(registry));
  }

  private static MetricsVerticle deploy(Node node, MetricsVerticleOptions options) {
    MetricsVerticle verticle = new MetricsVerticle(options
        .setHost("127.0.0.1")
        .setPort(options.getPort() == MetricsVerticleOptions.DEFAULT_PORT ? 0 : options.getPort())
        .setDiscoveryPath(SD)
        .setDiscoveryTtl(TTL));
    await(node.vertx().deployVerticle(verticle));
    return verticle;
  }

  /** What Prometheus is to be told of a node's verticle: one target group. */
  private static JsonObject group(Node node, MetricsVerticle verticle) {
    return new JsonObject()
        .put("targets", new JsonArray().add("127.0.0.1:" + verticle.actualPort()))
        .put("labels", new JsonObject()
            .put("__metrics_path__", "/metrics")
            .put("__scheme__", "http")
            .put("__meta_vertx_node_id", node.nodeId()));
  }

  private static Future<Set<JsonObject>> answer(MetricsVerticle verticle) {
    return web.get(verticle.actualPort(), "127.0.0.1", SD).send().map(response -> {
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
      assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
      JsonArray groups = response.bodyAsJsonArray();
      Set<JsonObject> set = new HashSet<>();
      groups.forEach(g -> set.add((JsonObject) g));
      assertThat(set).as("no duplicates in " + groups).hasSize(groups.size());
      return set;
    });
  }

  private static void awaitAnswer(MetricsVerticle verticle, Set<JsonObject> expected, String what) {
    await(poll(client, DEADLINE, what, () -> answer(verticle).map(expected::equals)));
  }

  private static Set<JsonObject> base() {
    return Set.of(group(a, va), group(b, vb), group(c, vc));
  }

  @Test
  @Order(1)
  void everyNodeListsExactlyTheMetricsEndpointsOfAllThree() {
    // Membership reaches every node shortly after a join: the first answers may lag.
    for (MetricsVerticle verticle : List.of(va, vb, vc)) {
      awaitAnswer(verticle, base(), "the three endpoints at " + verticle.actualPort());
    }

    HttpResponse<Buffer> head =
        await(web.head(va.actualPort(), "127.0.0.1", SD).send());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.getHeader("Content-Type")).isEqualTo("application/json");
    HttpResponse<Buffer> post =
        await(web.post(va.actualPort(), "127.0.0.1", SD).send());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  @Order(2)
  void severalInstancesOfOneNodeAreListedAndAnUndeployedOneIsGoneAtOnce() {
    awaitAnswer(va, base(), "the three endpoints");
    List<MetricsVerticle> instances = new ArrayList<>();
    String id = await(a.vertx().deployVerticle(() -> {
      MetricsVerticle verticle = new MetricsVerticle(new MetricsVerticleOptions()
          .setHost("127.0.0.1").setPort(0).setDiscoveryPath(SD).setDiscoveryTtl(TTL));
      instances.add(verticle);
      return verticle;
    }, new DeploymentOptions().setInstances(2)));
    // With port 0 each instance binds a port of its own: two targets.
    Set<JsonObject> more = new HashSet<>(base());
    instances.forEach(verticle -> more.add(group(a, verticle)));
    assertThat(more).hasSize(5);
    for (MetricsVerticle verticle : List.of(va, vb, vc)) {
      awaitAnswer(verticle, more, "the two instances at " + verticle.actualPort());
    }

    await(a.vertx().undeploy(id));

    // At once: no waiting, no polling.
    for (MetricsVerticle verticle : List.of(va, vb, vc)) {
      assertThat(await(answer(verticle))).isEqualTo(base());
    }
  }

  @Test
  @Order(2)
  void instancesSharingAPortAreOneTarget() {
    awaitAnswer(va, base(), "the three endpoints");
    // Instances sharing a port (deployed with a fixed port) each write an entry of their own;
    // a port cannot be shared in a test without choosing it ahead, so the second instance's entry
    // is written here as MetricsVerticle writes it, under a key of its own.
    AsyncMap<String, JsonObject> map =
        await(b.vertx().sharedData().<String, JsonObject>getClusterWideMap(ClusterDiscovery.MAP));
    String key = b.nodeId() + "/second-instance";
    await(map.put(key, new JsonObject()
        .put("target", "127.0.0.1:" + vb.actualPort())
        .put("path", "/metrics")
        .put("scheme", "http")
        .put("node", b.nodeId()), TTL));
    try {
      assertThat(await(map.size())).isEqualTo(4);
      for (MetricsVerticle verticle : List.of(va, vb, vc)) {
        assertThat(await(answer(verticle))).isEqualTo(base());
      }
    } finally {
      await(map.remove(key));
    }
  }

  @Test
  @Order(3)
  void aNodeThatLeavesTheClusterCleanlyIsGoneAtOnce() {
    Node d = startNode(new VertxOptions());
    MetricsVerticle vd = deploy(d, 8);
    Set<JsonObject> withD = new HashSet<>(base());
    withD.add(group(d, vd));
    awaitAnswer(va, withD, "the fourth node");

    await(d.vertx().close());

    for (MetricsVerticle verticle : List.of(va, vb, vc)) {
      assertThat(await(answer(verticle))).isEqualTo(base());
    }
  }

  @Test
  @Order(4)
  void aNodeWhoseClusterManagerStopsAbruptlyIsGoneWithinTheTimeToLive() {
    Node e = startNode(new VertxOptions());
    MetricsVerticle ve = deploy(e, 8);
    Set<JsonObject> withE = new HashSet<>(base());
    withE.add(group(e, ve));
    awaitAnswer(va, withE, "the fourth node");

    long killed = System.nanoTime();
    e.kill();
    awaitAnswer(va, base(), "the killed node to be gone");
    long gone = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);

    // The bound, with room for a loaded machine.
    assertThat(gone).isLessThan(TTL + 3_000);
    assertThat(await(answer(vb))).isEqualTo(base());
    // Cut off from the cluster, its Vert.x instance closes all the same.
    await(e.vertx().close().recover(ex -> Future.succeededFuture()));
  }

  @Test
  @Order(4)
  void aNodeWhoseJvmIsKilledIsGoneWithinTheTimeToLive(@TempDir Path dir) throws Exception {
    ForkedNode f = ForkedNode.start(nodes, SD, TTL, dir.resolve("forked-node.log"));
    JsonObject forked = new JsonObject()
        .put("targets", new JsonArray().add("127.0.0.1:" + f.port()))
        .put("labels", new JsonObject()
            .put("__metrics_path__", "/metrics")
            .put("__scheme__", "http")
            .put("__meta_vertx_node_id", f.nodeId()));
    Set<JsonObject> withF = new HashSet<>(base());
    withF.add(forked);
    awaitAnswer(va, withF, "the forked node");

    long killed = System.nanoTime();
    f.kill();
    awaitAnswer(va, base(), "the killed node to be gone");
    long gone = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);

    assertThat(gone).isLessThan(TTL + 3_000);
    assertThat(await(answer(vc))).isEqualTo(base());
  }

  @Test
  @Order(5)
  void aHungNodeStillInTheClusterIsGoneOnceItsEntryExpiresAndBackOnceItRecovers()
      throws InterruptedException {
    // One event loop and no blocked-thread warnings: blocking it stops the node's refreshes while
    // Hazelcast, on threads of its own, keeps the node a member.
    Node h = startNode(new VertxOptions().setEventLoopPoolSize(1)
        .setMaxEventLoopExecuteTime(1).setMaxEventLoopExecuteTimeUnit(TimeUnit.MINUTES));
    MetricsVerticle vh = deploy(h, 8);
    Set<JsonObject> withH = new HashSet<>(base());
    withH.add(group(h, vh));
    awaitAnswer(va, withH, "the fourth node");

    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocked = new CountDownLatch(1);
    h.vertx().runOnContext(v -> {
      blocked.countDown();
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    });
    try {
      assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
      long hung = System.nanoTime();
      awaitAnswer(va, base(), "the hung node's entry to expire");
      long gone = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - hung);

      assertThat(a.manager().getNodes()).as("still a member").contains(h.nodeId());
      // Its last refresh was at most a third of the time to live before it hung.
      assertThat(gone).isBetween(TTL / 2, TTL + 3_000);
    } finally {
      release.countDown();
    }
    awaitAnswer(va, withH, "the recovered node to be back");

    await(h.vertx().close());
    assertThat(await(answer(va))).isEqualTo(base());
  }

  @Test
  @Order(6)
  @Tag("external")
  void prometheusScrapesEveryNodeItIsToldOfAndForgetsNodesThatLeaveOrDie(@TempDir Path dir)
      throws Exception {
    awaitAnswer(va, base(), "the three endpoints");
    PrometheusServer prometheus = PrometheusServer.start(dir, String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "  scrape_timeout: 1s",
        "scrape_configs:",
        "  - job_name: vertx",
        "    http_sd_configs:",
        "      - url: http://127.0.0.1:" + va.actualPort() + SD,
        "        refresh_interval: 1s",
        ""));
    try {
      await(diagnosed(prometheus, poll(client, DEADLINE, "three targets up, their jobs summed", () ->
          prometheus.query(web, "count(up == 1)").compose(up ->
              prometheus.query(web, "sum(jobs_total)").map(sum ->
                  PrometheusServer.scalar(up) == 3 && PrometheusServer.scalar(sum) == 7)))));
      assertThat(await(scrapeUrls(prometheus))).containsExactlyInAnyOrder(
          va.url(), vb.url(), vc.url());
      JsonArray targets = await(prometheus.activeTargets(web));
      Set<String> nodeIds = new HashSet<>();
      targets.forEach(t -> nodeIds.add(((JsonObject) t).getJsonObject("discoveredLabels")
          .getString("__meta_vertx_node_id")));
      assertThat(nodeIds).containsExactlyInAnyOrder(a.nodeId(), b.nodeId(), c.nodeId());

      await(c.vertx().close());
      await(poll(client, DEADLINE, "the closed node dropped", () ->
          scrapeUrls(prometheus).map(Set.of(va.url(), vb.url())::equals)));

      b.kill();
      await(poll(client, DEADLINE, "the killed node dropped", () ->
          scrapeUrls(prometheus).map(Set.of(va.url())::equals)));
      await(poll(client, DEADLINE, "one target up", () ->
          prometheus.query(web, "count(up == 1)").map(up -> PrometheusServer.scalar(up) == 1)));
    } finally {
      prometheus.stop();
    }
  }

  /** Adds what Prometheus saw to a failed wait. */
  private static Future<Void> diagnosed(PrometheusServer prometheus, Future<Void> wait) {
    return wait.recover(e -> prometheus.activeTargets(web).transform(targets -> Future.failedFuture(
        new AssertionError(e.getMessage() + "; targets: "
            + (targets.succeeded() ? targets.result().encode() : targets.cause())
            + "\n" + prometheus.logTail(), e))));
  }

  private static Future<Set<String>> scrapeUrls(PrometheusServer prometheus) {
    return prometheus.activeTargets(web).map(targets -> {
      Set<String> urls = new HashSet<>();
      targets.forEach(t -> urls.add(((JsonObject) t).getString("scrapeUrl")));
      return urls;
    });
  }
}
