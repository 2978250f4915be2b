package io.github.promasync.vertx.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What Vert.x's HTTP server metrics cost: {@code wrk -t1 -c32} on {@code GET /users/:id} of six
 * {@link UsersServer} JVMs (one event loop each) started side by side: no metrics ({@code none}),
 * metrics that record nothing ({@code noop}: what Vert.x itself spends on having metrics),
 * client_java's recordings alone ({@code floor}, {@link ClientJavaFloor}), this library's
 * ({@code ours}), vertx-micrometer-metrics' defaults ({@code micrometer}) and those plus its route
 * label ({@code micrometerRoute}). The servers run on the server CPUs and each wrk on the load
 * CPUs ({@link Pinning}).
 *
 * <p>Simultaneous pairs: the speed of a shared or virtual CPU drifts over seconds, so two
 * servers measured one after the other differ by more than the costs to judge. So in every round
 * each contender runs <em>at the same time</em> as {@code none}, each server with its own wrk,
 * for the same seconds (the contenders' order rotating from round to round), and is compared with
 * that {@code none} only: both saw the same CPU speed. The primary figure is each server's CPU
 * time per request: the JVM's (all its threads, the first field of
 * {@code /proc/<pid>/task/<tid>/schedstat}, in ns, summed over the threads alive at the end of
 * the pair, each from its value at the start or from 0 if it started within), and beside it the
 * event-loop thread's alone (the thread whose name starts with {@code vert.x-eventloo}), each
 * divided by wrk's request count. Requests/s stand beside them: under a pair each server's
 * throughput is its share of the one server CPU, so its ratio to {@code none} is the throughput
 * target's figure. Each round's ratio is the contender's figure over its pair's {@code none};
 * every target is decided on those ratios by {@link Verdict}. Before the rounds each server is
 * warmed up alone until its JIT compiler threads are nearly idle, then once in a pair with
 * {@code none}, so that the first round is no outlier. At the end each server's
 * {@code /metrics} must show that its metrics counted the load.
 *
 * <p>Writes {@code http-metrics-load.json} (every pair's raw figures, read back by
 * {@link PairedRounds}, and the warm-up's, to show that the servers were warm) and
 * {@code summary.adoc} ({@link HttpMetricsSummary}, with the JMH callbacks of
 * {@code jmh-http-metrics.json}, when the script ran them into the same directory).
 *
 * <p>Usage: {@code HttpMetricsLoad [--rounds 5] [--seconds 5] [--warmup 5] [--connections 32]
 * [--out DIR] [--quick true]}, or {@code HttpMetricsLoad --summarize DIR} to rebuild a run's
 * summary from its JSON (a run of the simultaneous pairs).
 */
public final class HttpMetricsLoad {

  static final List<String> MODES = List.of("none", "noop", "floor", "ours", "micrometer", "micrometerRoute");
  static final String JSON = "http-metrics-load.json";

  private HttpMetricsLoad() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--summarize")) {
      // Re-judges a run from its JSON (and jmh-http-metrics.json, if there) by the one rule.
      Path dir = Path.of(args[1]);
      try {
        System.out.print(Files.readString(HttpMetricsSummary.summary(dir).write(dir)));
      } catch (NoSuchFileException e) {
        System.err.println("HttpMetricsLoad --summarize " + dir + ": no such file: " + e.getMessage());
        System.exit(1);
      } catch (IllegalArgumentException e) {
        System.err.println("HttpMetricsLoad --summarize " + dir + ": " + e.getMessage());
        System.exit(1);
      }
      return;
    }
    Map<String, String> opts = new LinkedHashMap<>(Map.of(
        "rounds", "5", "seconds", "5", "warmup", "5", "connections", "32", "out", ".", "quick", "false"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int rounds = Integer.parseInt(opts.get("rounds"));
    int seconds = Integer.parseInt(opts.get("seconds"));
    int warmup = Integer.parseInt(opts.get("warmup"));
    int connections = Integer.parseInt(opts.get("connections"));
    Path out = Path.of(opts.get("out"));
    boolean quick = Boolean.parseBoolean(opts.get("quick"));
    Files.createDirectories(out);
    String loadBefore = Machine.loadAverage();
    List<String> contenders = MODES.subList(1, MODES.size());

    Map<String, ServerJvm> servers = new LinkedHashMap<>();
    Map<String, Integer> ports = new LinkedHashMap<>();
    try {
      for (String mode : MODES) {
        ServerJvm server = ServerJvm.start(mode, List.of("-Xms512m", "-Xmx512m"));
        servers.put(mode, server);
        ports.put(mode, server.port());
      }
      log("servers: %s; warm-up alone in stretches of %d s until compiled, then %d s in a pair with none",
          ports, warmup, warmup);
      JsonObject warmupAlone = new JsonObject();
      for (String mode : MODES) {
        warmupAlone.put(mode, warmUp(mode, servers.get(mode), connections, warmup));
      }
      // Kept in the JSON: warm servers give about the figures of the rounds.
      JsonArray warmupPairs = new JsonArray();
      for (String contender : contenders) {
        JsonObject measured = pair(contender, true, servers, connections, warmup);
        warmupPairs.add(new JsonObject().put("contender", contender).put("servers", measured));
        log("warm-up %-16s %s", contender, describe(contender, measured));
      }

      JsonArray pairs = new JsonArray();
      for (int round = 1; round <= rounds; round++) {
        for (int k = 0; k < contenders.size(); k++) {
          String contender = contenders.get((k + round - 1) % contenders.size());
          JsonObject measured = pair(contender, round % 2 == 1, servers, connections, seconds);
          pairs.add(new JsonObject().put("round", round).put("contender", contender).put("servers", measured));
          log("round %d %-16s %s", round, contender, describe(contender, measured));
        }
      }
      JsonObject metrics = new JsonObject();
      for (String mode : List.of("ours", "micrometer", "micrometerRoute")) {
        metrics.put(mode, check(mode, ports.get(mode)));
      }
      JsonObject result = new JsonObject()
          .put("method", "simultaneous pairs")
          .put("wrk", "-t1 -c" + connections + " -d" + seconds + "s per server, " + rounds + " rounds of "
              + contenders.size() + " pairs (each contender at the same time as none); warm-up alone in "
              + warmup + " s stretches until the JIT took under " + Math.round(100 * WARM_JIT_SHARE)
              + "% of the CPU, then " + warmup + " s in a pair; GET /users/:id, one event loop per server")
          .put("rounds", rounds)
          .put("seconds", seconds)
          .put("pairs", pairs)
          .put("warmupAlone", warmupAlone)
          .put("warmupPairs", warmupPairs)
          .put("metrics", metrics)
          .put("pinning", Pinning.describe())
          .put("quick", quick)
          .put("loadAverageBefore", loadBefore)
          .put("loadAverage", Machine.loadAverage());
      Files.writeString(out.resolve(JSON), result.encodePrettily());
      Summary summary = HttpMetricsSummary.summary(out);
      summary.write(out);
      Files.writeString(out.resolve("http-metrics-load.txt"), summary.render(false));
    } finally {
      for (ServerJvm server : servers.values()) {
        server.stop();
      }
    }
  }

  /**
   * {@code contender} and {@code none} under load at the same time, each from its own wrk, for
   * {@code seconds}: each server's requests, requests/s, socket errors, and CPU time in ns (the
   * JVM's and its event loop's) over the pair. The two wrks start a few milliseconds apart, the
   * contender's first when {@code contenderFirst} (alternated by round).
   */
  private static JsonObject pair(String contender, boolean contenderFirst, Map<String, ServerJvm> servers,
      int connections, int seconds) throws Exception {
    List<String> both = contenderFirst ? List.of(contender, PairedRounds.BASELINE)
        : List.of(PairedRounds.BASELINE, contender);
    Map<String, Map<String, Long>> before = new HashMap<>();
    for (String mode : both) {
      before.put(mode, ThreadCpu.read(servers.get(mode).process().pid()));
    }
    Map<String, Process> loads = new LinkedHashMap<>();
    for (String mode : both) {
      loads.put(mode, wrk(servers.get(mode).port(), connections, seconds));
    }
    Map<String, JsonObject> results = new LinkedHashMap<>();
    for (String mode : both) {
      results.put(mode, finish(loads.get(mode), seconds));
    }
    JsonObject measured = new JsonObject();
    for (String mode : both) {
      measured.put(mode, results.get(mode).mergeIn(
          ThreadCpu.since(servers.get(mode).process().pid(), before.get(mode))));
    }
    return measured;
  }

  /**
   * Warms {@code mode}'s server up alone, in stretches of {@code seconds}, until its JIT compiler
   * threads took less than {@link #WARM_JIT_SHARE} of its CPU in a stretch (or after
   * {@link #MAX_WARMUP_STRETCHES}): a server still compiling would cost more in the first rounds
   * than in the others. Returns each stretch's figures.
   */
  private static JsonArray warmUp(String mode, ServerJvm server, int connections, int seconds)
      throws Exception {
    JsonArray stretches = new JsonArray();
    double jitShare = 1;
    while (jitShare >= WARM_JIT_SHARE && stretches.size() < MAX_WARMUP_STRETCHES) {
      Map<String, Long> before = ThreadCpu.read(server.process().pid());
      JsonObject stretch = finish(wrk(server.port(), connections, seconds), seconds)
          .mergeIn(ThreadCpu.since(server.process().pid(), before));
      stretches.add(stretch);
      jitShare = (double) stretch.getLong("jitCpuNs") / Math.max(1, stretch.getLong("processCpuNs"));
      log("warm-up %-16s alone %.0f req/s, JIT %.1f%% of its CPU", mode, stretch.getDouble("requestsPerSecond"),
          100 * jitShare);
    }
    return stretches;
  }

  /** The server is warm when its JIT compiler threads took less than this share of its CPU. */
  static final double WARM_JIT_SHARE = 0.02;
  static final int MAX_WARMUP_STRETCHES = 6;

  private static String describe(String contender, JsonObject measured) {
    StringBuilder line = new StringBuilder();
    for (String mode : List.of(contender, PairedRounds.BASELINE)) {
      JsonObject server = measured.getJsonObject(mode);
      long requests = server.getLong("requests");
      line.append(String.format(Locale.ROOT, " %s %.3f us CPU/request (loop %.3f) %.0f req/s;", mode,
          server.getLong("processCpuNs") / 1e3 / requests, server.getLong("eventLoopCpuNs") / 1e3 / requests,
          server.getDouble("requestsPerSecond")));
    }
    return line.toString();
  }

  /** The request count the server's own metrics show for the route, to prove they were on. */
  private static String check(String mode, int port) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    String name = mode.equals("ours") ? "http_server_request_duration_seconds_count"
        : "vertx_http_server_requests_total";
    return Arrays.stream(response.body().split("\n"))
        .filter(l -> l.startsWith(name) && l.contains("GET") && l.contains("200"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(mode + ": no " + name + " in /metrics"));
  }

  /** Starts {@code wrk} against {@code port} on the load CPUs. */
  private static Process wrk(int port, int connections, int seconds) throws IOException {
    return Wrk.start(Wrk.command(connections, seconds, "http://127.0.0.1:" + port + "/users/42"));
  }

  /** Waits for a {@link #wrk} and reads its {@code requests}, {@code requestsPerSecond}, {@code socketErrors}. */
  private static JsonObject finish(Process wrk, int seconds) throws Exception {
    String output = Wrk.output(wrk, seconds);
    WrkOutput result = WrkOutput.parse(output);
    if (result.non2xx() > 0) {
      throw new IllegalStateException(
          "wrk saw errors: Non-2xx or 3xx responses: " + result.non2xx() + "\n" + output);
    }
    if (!result.readable() || result.requests() == 0) {
      throw new IllegalStateException("unreadable wrk output (or no request served):\n" + output);
    }
    return new JsonObject().put("requests", result.requests())
        .put("requestsPerSecond", result.requestsPerSecond()).put("socketErrors", result.socketErrors());
  }

  private static void log(String format, Object... args) {
    System.out.printf(Locale.ROOT, format + "%n", args);
  }
}
