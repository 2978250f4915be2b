package io.github.promasync.vertx.bench;

import io.github.promasync.vertx.bench.PairedRounds.Figure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
 * {@link PairedRounds}, and the warm-up's, to show that the servers were warm) and {@code summary.adoc} (with the JMH callbacks of
 * {@code jmh-http-metrics.json}, when the script ran them into the same directory).
 *
 * <p>Usage: {@code HttpMetricsLoad [--rounds 5] [--seconds 5] [--warmup 5] [--connections 32]
 * [--out DIR] [--quick true]}, or {@code HttpMetricsLoad --summarize DIR} to rebuild a run's
 * summary from its JSON (a run of the simultaneous pairs).
 */
public final class HttpMetricsLoad {

  static final List<String> MODES = List.of("none", "noop", "floor", "ours", "micrometer", "micrometerRoute");
  static final String JSON = "http-metrics-load.json";
  // Linux truncates a thread's name to 15 characters in comm.
  private static final String EVENT_LOOP_COMM = "vert.x-eventloo";
  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:.*");
  private static final Pattern SOCKET_ERRORS = Pattern.compile(
      "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

  private HttpMetricsLoad() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--summarize")) {
      // Re-judges a run from its JSON (and jmh-http-metrics.json, if there) by the one rule.
      Path dir = Path.of(args[1]);
      try {
        System.out.print(Files.readString(summary(dir).write(dir)));
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
    String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
    List<String> contenders = MODES.subList(1, MODES.size());

    Map<String, Process> servers = new LinkedHashMap<>();
    Map<String, Integer> ports = new LinkedHashMap<>();
    try {
      for (String mode : MODES) {
        servers.put(mode, start(mode, ports));
      }
      log("servers: %s; warm-up alone in stretches of %d s until compiled, then %d s in a pair with none",
          ports, warmup, warmup);
      JsonObject warmupAlone = new JsonObject();
      for (String mode : MODES) {
        warmupAlone.put(mode, warmUp(mode, servers.get(mode), ports.get(mode), connections, warmup));
      }
      // Kept in the JSON: warm servers give about the figures of the rounds.
      JsonArray warmupPairs = new JsonArray();
      for (String contender : contenders) {
        JsonObject measured = pair(contender, true, servers, ports, connections, warmup);
        warmupPairs.add(new JsonObject().put("contender", contender).put("servers", measured));
        log("warm-up %-16s %s", contender, describe(contender, measured));
      }

      JsonArray pairs = new JsonArray();
      for (int round = 1; round <= rounds; round++) {
        for (int k = 0; k < contenders.size(); k++) {
          String contender = contenders.get((k + round - 1) % contenders.size());
          JsonObject measured = pair(contender, round % 2 == 1, servers, ports, connections, seconds);
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
          .put("loadAverage", Files.readString(Path.of("/proc/loadavg")).trim());
      Files.writeString(out.resolve(JSON), result.encodePrettily());
      Summary summary = summary(out);
      summary.write(out);
      Files.writeString(out.resolve("http-metrics-load.txt"), summary.render(false));
    } finally {
      for (Process server : servers.values()) {
        server.destroy();
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
          server.destroyForcibly();
        }
      }
    }
  }

  /** Starts the server of {@code mode} on the server CPUs and puts its port into {@code ports}. */
  private static Process start(String mode, Map<String, Integer> ports) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms512m", "-Xmx512m"));
    command.addAll(Pinning.SERVER_JVM_FLAGS);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), UsersServer.class.getName(), mode));
    Process server = new ProcessBuilder(Pinning.server(command)).redirectErrorStream(true).start();
    BufferedReader reader = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = reader.readLine()) != null && !line.startsWith("port ")) {
      System.out.println("[" + mode + "] " + line);
    }
    if (line == null) {
      throw new IllegalStateException(mode + " server did not start");
    }
    ports.put(mode, Integer.parseInt(line.substring(5).trim()));
    // Keep draining its output, so that a chatty server never blocks.
    Thread drain = new Thread(() -> reader.lines().forEach(l -> System.out.println("[" + mode + "] " + l)));
    drain.setDaemon(true);
    drain.start();
    return server;
  }

  /**
   * {@code contender} and {@code none} under load at the same time, each from its own wrk, for
   * {@code seconds}: each server's requests, requests/s, socket errors, and CPU time in ns (the
   * JVM's and its event loop's) over the pair. The two wrks start a few milliseconds apart, the
   * contender's first when {@code contenderFirst} (alternated by round).
   */
  private static JsonObject pair(String contender, boolean contenderFirst, Map<String, Process> servers,
      Map<String, Integer> ports, int connections, int seconds) throws Exception {
    List<String> both = contenderFirst ? List.of(contender, PairedRounds.BASELINE)
        : List.of(PairedRounds.BASELINE, contender);
    Map<String, Map<String, Long>> before = new HashMap<>();
    for (String mode : both) {
      before.put(mode, threadCpu(servers.get(mode).pid()));
    }
    Map<String, Process> loads = new LinkedHashMap<>();
    for (String mode : both) {
      loads.put(mode, wrk(ports.get(mode), connections, seconds));
    }
    Map<String, JsonObject> results = new LinkedHashMap<>();
    for (String mode : both) {
      results.put(mode, finish(loads.get(mode), seconds));
    }
    JsonObject measured = new JsonObject();
    for (String mode : both) {
      measured.put(mode, results.get(mode).mergeIn(cpuSince(servers.get(mode).pid(), before.get(mode))));
    }
    return measured;
  }

  /**
   * Warms {@code mode}'s server up alone, in stretches of {@code seconds}, until its JIT compiler
   * threads took less than {@link #WARM_JIT_SHARE} of its CPU in a stretch (or after
   * {@link #MAX_WARMUP_STRETCHES}): a server still compiling would cost more in the first rounds
   * than in the others. Returns each stretch's figures.
   */
  private static JsonArray warmUp(String mode, Process server, int port, int connections, int seconds)
      throws Exception {
    JsonArray stretches = new JsonArray();
    double jitShare = 1;
    while (jitShare >= WARM_JIT_SHARE && stretches.size() < MAX_WARMUP_STRETCHES) {
      Map<String, Long> before = threadCpu(server.pid());
      JsonObject stretch = finish(wrk(port, connections, seconds), seconds).mergeIn(cpuSince(server.pid(), before));
      stretches.add(stretch);
      jitShare = (double) stretch.getLong("jitCpuNs") / Math.max(1, stretch.getLong("processCpuNs"));
      log("warm-up %-16s alone %.0f req/s, JIT %.1f%% of its CPU", mode, stretch.getDouble("requestsPerSecond"),
          100 * jitShare);
    }
    return stretches;
  }

  /** The server is warm when its JIT compiler threads took less than this share of its CPU. */
  private static final double WARM_JIT_SHARE = 0.02;
  private static final int MAX_WARMUP_STRETCHES = 6;

  /**
   * The CPU time a process's threads ran since {@code before} ({@link #threadCpu}), in ns: all of
   * them ({@code processCpuNs}), its event loop ({@code eventLoopCpuNs}) and its JIT compiler
   * threads ({@code jitCpuNs}, to see whether it was still warming up).
   */
  private static JsonObject cpuSince(long pid, Map<String, Long> before) throws IOException {
    long process = 0;
    long eventLoop = 0;
    long jit = 0;
    for (Map.Entry<String, Long> thread : threadCpu(pid).entrySet()) {
      long used = thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
      process += used;
      String comm = comm(pid, thread.getKey());
      if (comm.startsWith(EVENT_LOOP_COMM)) {
        eventLoop += used;
      } else if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
        jit += used;
      }
    }
    return new JsonObject().put("processCpuNs", process).put("eventLoopCpuNs", eventLoop).put("jitCpuNs", jit);
  }

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

  /**
   * The CPU time each thread of a process has run, in ns, by thread id: the first field of its
   * {@code schedstat} (the scheduler's own clock, not sampled ticks). A thread that ends between
   * two readings is missing from the second.
   */
  private static Map<String, Long> threadCpu(long pid) throws IOException {
    Map<String, Long> threads = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(task.resolve("schedstat")).trim();
          threads.put(task.getFileName().toString(), Long.parseLong(stat.substring(0, stat.indexOf(' '))));
        } catch (NoSuchFileException ended) {
          // the thread ended while the list was read
        }
      }
    }
    return threads;
  }

  private static String comm(long pid, String tid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "task", tid, "comm")).trim();
    } catch (NoSuchFileException ended) {
      return "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The most ours may cost over no metrics, in CPU per request and in throughput: issue 17's
   * target for the HTTP server metrics with {@code http_route}.
   */
  static final double MAX_COST = 0.03;
  /**
   * What one request's callbacks (ours) may allocate: their allocation before the per-connection
   * request state (issue 17: "callbacks at most their cost today"), one {@code RequestMetric}.
   */
  static final double MAX_CALLBACK_BYTES = 64;
  /** Ours against vertx-micrometer-metrics' cost with its route label: less than this share. */
  static final double SHARE_OF_MICROMETER = 0.5;
  /** Ours' callbacks against vertx-micrometer-metrics' (default labels): at most this ratio. */
  static final double CALLBACKS_RATIO = 1.0 / 3;

  /**
   * The run's summary: CPU per request first (the JVM's, then the event loop's), throughput beside
   * it, every figure a ratio to the {@code none} that ran at the same time, and the targets decided
   * round by round.
   *
   * @throws IllegalArgumentException if the run's JSON holds no simultaneous pairs
   */
  static Summary summary(Path out) throws IOException {
    JsonObject result = new JsonObject(Files.readString(out.resolve(JSON)));
    PairedRounds rounds = PairedRounds.of(result);
    Summary summary = new Summary();
    if (result.getBoolean("quick", false)) {
      summary.note("QUICK MODE (smoke test, not for publication).");
    }
    summary.note("`wrk " + result.getString("wrk") + "`; load average before `"
        + result.getString("loadAverageBefore", "?") + "`, after `" + result.getString("loadAverage") + "`.");
    summary.note(result.getString("pinning", "Not pinned to CPUs."));
    summary.note("Simultaneous pairs: the speed of this machine's CPU drifts over seconds, so in every round"
        + " each contender runs at the same time as `none` (both on the server CPU, each with its own wrk)"
        + " and each ratio is the contender over the `none` of its own pair, both having seen the same CPU"
        + " speed. CPU per request is the JVM's (all threads) or its event loop's, from `schedstat` (ns);"
        + " requests/s are each server's share of the one server CPU it shares with `none`.");
    summary.note(warmth(result));
    callbacks(out, summary);

    double[] oursCpu = rounds.ratios("ours", Figure.PROCESS_CPU);
    double[] oursLoop = rounds.ratios("ours", Figure.EVENT_LOOP_CPU);
    double[] oursRps = rounds.ratios("ours", Figure.THROUGHPUT);
    double[] routeCpu = rounds.ratios("micrometerRoute", Figure.PROCESS_CPU);
    double[] routeRps = rounds.ratios("micrometerRoute", Figure.THROUGHPUT);
    long percent = Math.round(100 * MAX_COST);
    summary.target("CPU per request with `http_route`: at most " + percent + "% over no metrics (the JVM's CPU,"
        + " all threads; per round, ours over the `none` run at the same time)",
        Verdict.atMost(oursCpu, 1 + MAX_COST), "%.3fx", "");
    summary.target("CPU per request with `http_route`, the event-loop thread's alone: at most " + percent
        + "% over no metrics (per round, ours over the `none` run at the same time)",
        Verdict.atMost(oursLoop, 1 + MAX_COST), "%.3fx", "");
    summary.target("Throughput with `http_route`: at most " + percent + "% below no metrics (per round,"
        + " ours' requests/s over those of the `none` sharing the CPU with it)",
        Verdict.atLeast(oursRps, 1 - MAX_COST), "%.3fx", "");
    double[] cpuShare = new double[rounds.rounds()];
    double[] lossShare = new double[rounds.rounds()];
    for (int i = 0; i < cpuShare.length; i++) {
      cpuShare[i] = share(oursCpu[i] - 1, routeCpu[i] - 1);
      lossShare[i] = share(1 - oursRps[i], 1 - routeRps[i]);
    }
    summary.target("CPU per request: ours adds less than half of what vertx-micrometer-metrics with"
        + " `route` adds (per round, the ratio of the two increases, each over its own pair's `none`)",
        Verdict.below(cpuShare, SHARE_OF_MICROMETER), "%.2f", "");
    summary.target("Throughput: ours loses less than half of what vertx-micrometer-metrics with"
        + " `route` loses (per round, the ratio of the two losses, each to its own pair's `none`)",
        Verdict.below(lossShare, SHARE_OF_MICROMETER), "%.2f", "");

    Table parts = new Table("Without a target: one contender over another, per round (each contender"
        + " over its own pair's `none`; over another contender, the ratio of the two ratios), median"
        + " (min..max) of the rounds",
        List.of("Ratio", "CPU per request (JVM)", "CPU per request (event loop)", "req/s"));
    parts.add("`noop` over `none`: what Vert.x spends on calling the SPI",
        ratioSpread(rounds.ratios("noop", Figure.PROCESS_CPU)),
        ratioSpread(rounds.ratios("noop", Figure.EVENT_LOOP_CPU)),
        ratioSpread(rounds.ratios("noop", Figure.THROUGHPUT)));
    parts.add("`floor` over `none`: client_java's recordings alone",
        ratioSpread(rounds.ratios("floor", Figure.PROCESS_CPU)),
        ratioSpread(rounds.ratios("floor", Figure.EVENT_LOOP_CPU)),
        ratioSpread(rounds.ratios("floor", Figure.THROUGHPUT)));
    parts.add("`ours` over `floor`: the library's own bookkeeping",
        ratioSpread(rounds.ratioOfRatios("ours", "floor", Figure.PROCESS_CPU)),
        ratioSpread(rounds.ratioOfRatios("ours", "floor", Figure.EVENT_LOOP_CPU)),
        ratioSpread(rounds.ratioOfRatios("ours", "floor", Figure.THROUGHPUT)));
    summary.table(parts);

    Table table = new Table("Simultaneous pairs: CPU per request (the primary figure: the JVM's, then its"
        + " event loop's) and requests/s, median (min..max) of the rounds; ratios per round to the `none`"
        + " of the same pair",
        List.of("Contender", "CPU µs/request", "CPU ratio to none", "Event-loop CPU µs/request",
            "Event-loop ratio to none", "req/s", "req/s ratio to none", "Socket errors"));
    List<String> paired = new ArrayList<>();
    for (String contender : rounds.contenders()) {
      table.add(contender, spread("%.3f", rounds.values(contender, Figure.PROCESS_CPU)),
          ratioSpread(rounds.ratios(contender, Figure.PROCESS_CPU)),
          spread("%.3f", rounds.values(contender, Figure.EVENT_LOOP_CPU)),
          ratioSpread(rounds.ratios(contender, Figure.EVENT_LOOP_CPU)),
          spread("%.0f", rounds.values(contender, Figure.THROUGHPUT)),
          ratioSpread(rounds.ratios(contender, Figure.THROUGHPUT)),
          String.valueOf(rounds.socketErrors(contender, contender)));
      paired.add(contender);
    }
    double[] noneCpu = all(rounds, paired, Figure.PROCESS_CPU);
    long noneErrors = paired.stream().mapToLong(c -> rounds.socketErrors(c, PairedRounds.BASELINE)).sum();
    table.add("none (in every pair)", spread("%.3f", noneCpu), "",
        spread("%.3f", all(rounds, paired, Figure.EVENT_LOOP_CPU)), "",
        spread("%.0f", all(rounds, paired, Figure.THROUGHPUT)), "", String.valueOf(noneErrors));
    summary.table(table);
    return summary;
  }

  /** One line on the warm-up alone: how many stretches each server took, and its JIT's last share. */
  private static String warmth(JsonObject result) {
    JsonObject alone = result.getJsonObject("warmupAlone");
    if (alone == null) {
      return "Warm-up: not recorded in this run.";
    }
    List<String> servers = new ArrayList<>();
    for (String mode : alone.fieldNames()) {
      JsonArray stretches = alone.getJsonArray(mode);
      JsonObject last = stretches.getJsonObject(stretches.size() - 1);
      servers.add(String.format(Locale.ROOT, "`%s` %d (%.1f%%)", mode, stretches.size(),
          100.0 * last.getLong("jitCpuNs") / Math.max(1, last.getLong("processCpuNs"))));
    }
    return "Warm-up alone, stretches until the JIT compiler threads took under " + Math.round(100 * WARM_JIT_SHARE)
        + "% of the server's CPU, at most " + MAX_WARMUP_STRETCHES + " (the JIT's share in the last): "
        + String.join(", ", servers) + "; then one pair of each contender with `none`.";
  }

  /** The JMH targets and table, from {@code jmh-http-metrics.json} when the run has one. */
  private static void callbacks(Path out, Summary summary) throws IOException {
    Path jmhFile = out.resolve("jmh-http-metrics.json");
    Table callbacks = new Table("One request's callbacks (JMH): ns/op, B/op",
        List.of("Contender", "ns/op median (min..max) of the iterations", "B/op"));
    Map<String, double[]> iterations = new LinkedHashMap<>();
    Map<String, Double> bytes = new LinkedHashMap<>();
    if (Files.exists(jmhFile)) {
      JsonArray runs = new JsonArray(Files.readString(jmhFile));
      for (int i = 0; i < runs.size(); i++) {
        JsonObject run = runs.getJsonObject(i);
        String impl = run.getJsonObject("params", new JsonObject()).getString("impl", "?");
        double[] values = Report.rawIterations(run.getJsonObject("primaryMetric"));
        iterations.put(impl, values);
        JsonObject norm = run.getJsonObject("secondaryMetrics", new JsonObject())
            .getJsonObject("gc.alloc.rate.norm");
        if (norm != null) {
          // Objects come in 8-byte steps: JMH's 64.001 is 64 B and a bit of its own bookkeeping.
          bytes.put(impl, (double) Math.round(norm.getDouble("score")));
        }
        callbacks.add(impl, String.format(Locale.ROOT, "%.1f (%.1f..%.1f)", Verdict.median(values),
            min(values), max(values)), norm == null ? "" : String.format(Locale.ROOT, "%.0f",
                norm.getDouble("score")));
      }
    }
    if (iterations.containsKey("ours") && iterations.containsKey("micrometer")) {
      summary.target("Callbacks: ours at most a third of vertx-micrometer-metrics' (every iteration"
              + " against every iteration)",
          Verdict.atMost(Verdict.pairedRatios(iterations.get("ours"), iterations.get("micrometer")),
              CALLBACKS_RATIO), "%.3fx", "");
    } else {
      summary.unmeasured("Callbacks: ours at most a third of vertx-micrometer-metrics'",
          "no jmh-http-metrics.json in this run");
    }
    if (bytes.containsKey("ours")) {
      summary.target("Callbacks: ours allocate at most " + Math.round(MAX_CALLBACK_BYTES)
              + " B per request (`gc.alloc.rate.norm`, one measurement)",
          Verdict.atMost(new double[] {bytes.get("ours")}, MAX_CALLBACK_BYTES), "%.0f B", "");
    } else {
      summary.unmeasured("Callbacks: ours allocate at most " + Math.round(MAX_CALLBACK_BYTES)
          + " B per request", "no allocation figure in this run");
    }
    if (!callbacks.rows.isEmpty()) {
      summary.table(callbacks);
    }
  }

  /** The baseline's figure in every pair of {@code contenders}. */
  private static double[] all(PairedRounds rounds, List<String> contenders, Figure figure) {
    return contenders.stream().flatMapToDouble(c -> Arrays.stream(rounds.baseline(c, figure))).toArray();
  }

  static double[] doubles(JsonArray array) {
    return array.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
  }

  /**
   * What share of theirs ours is, for an increase (of CPU, or a loss of throughput) in one round;
   * infinite when theirs shows no increase at all in that round (then ours cannot be shown to be
   * less), zero when ours shows none.
   */
  static double share(double ours, double theirs) {
    if (theirs <= 0) {
      return Double.POSITIVE_INFINITY;
    }
    return Math.max(0, ours) / theirs;
  }

  static String spread(String format, double[] values) {
    return String.format(Locale.ROOT, format + " (" + format + ".." + format + ")", Verdict.median(values),
        min(values), max(values));
  }

  private static String ratioSpread(double[] ratios) {
    return spread("%.3f", ratios);
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
    return new ProcessBuilder(Pinning.load(List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s",
        "http://127.0.0.1:" + port + "/users/42"))).redirectErrorStream(true).start();
  }

  /** Waits for a {@link #wrk} and reads its {@code requests}, {@code requestsPerSecond}, {@code socketErrors}. */
  private static JsonObject finish(Process wrk, int seconds) throws Exception {
    // wrk prints only at its end, a few lines: reading one wrk's output never holds up the other.
    String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!wrk.waitFor(seconds + 30L, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
      throw new IllegalStateException("wrk failed:\n" + output);
    }
    Matcher non2xx = NON_2XX.matcher(output);
    if (non2xx.find()) {
      throw new IllegalStateException("wrk saw errors: " + non2xx.group() + "\n" + output);
    }
    long errors = 0;
    Matcher socket = SOCKET_ERRORS.matcher(output);
    if (socket.find()) {
      for (int g = 1; g <= 4; g++) {
        errors += Long.parseLong(socket.group(g));
      }
    }
    Matcher requests = REQUESTS.matcher(output);
    Matcher rps = RPS.matcher(output);
    if (!requests.find() || !rps.find() || Long.parseLong(requests.group(1)) == 0) {
      throw new IllegalStateException("unreadable wrk output (or no request served):\n" + output);
    }
    return new JsonObject().put("requests", Long.parseLong(requests.group(1)))
        .put("requestsPerSecond", Double.parseDouble(rps.group(1))).put("socketErrors", errors);
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElse(Double.NaN);
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElse(Double.NaN);
  }

  private static void log(String format, Object... args) {
    System.out.printf(Locale.ROOT, format + "%n", args);
  }
}
