package io.github.promasync.vertx.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Vert.x's HTTP server metrics cost: {@code wrk -t1 -c32} on {@code GET /users/:id} of five
 * {@link UsersServer} JVMs (one event loop each) started side by side: no metrics, metrics that
 * record nothing (what Vert.x itself spends on having metrics), this library's,
 * vertx-micrometer-metrics' defaults and those plus its route label, in rounds whose order
 * rotates, so that background load falls on every contender alike. The servers run on the server
 * CPUs and wrk on the load CPUs ({@link Pinning}). The primary figure is each server's CPU time
 * per request (utime + stime of its JVM over the round, divided by wrk's request count): on a
 * machine shared with other work, throughput follows the CPU share a server gets, while its CPU
 * time per request stays what the metrics cost; requests/s stand beside it. Both are compared
 * round by round with the no-metrics server of the same round, and each target is decided by
 * {@link Verdict}. Checks on each server's {@code /metrics} that its metrics counted the load.
 * Writes {@code http-metrics-load.json} and {@code summary.adoc} (with the JMH callbacks of
 * {@code jmh-http-metrics.json}, when the script ran them into the same directory).
 *
 * <p>Usage: {@code HttpMetricsLoad [--rounds 5] [--seconds 5] [--warmup 5] [--connections 32]
 * [--out DIR] [--quick true]}, or {@code HttpMetricsLoad --summarize DIR} to rebuild a run's
 * summary from its JSON.
 */
public final class HttpMetricsLoad {

  static final List<String> MODES = List.of("none", "noop", "floor", "ours", "micrometer", "micrometerRoute");
  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:.*");
  private static final Pattern SOCKET_ERRORS = Pattern.compile(
      "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
  // Socket errors (wrk's 2 s timeouts on a loaded machine) seen per contender: reported, and
  // only a warm-up may have them without saying so.
  private static final Map<Integer, Long> SOCKET_ERROR_COUNTS = new java.util.concurrent.ConcurrentHashMap<>();

  private HttpMetricsLoad() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--summarize")) {
      // Re-judges a run from its JSON (and jmh-http-metrics.json, if there) by the one rule.
      Path dir = Path.of(args[1]);
      System.out.print(Files.readString(summary(dir).write(dir)));
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

    Map<String, Process> servers = new LinkedHashMap<>();
    Map<String, Integer> ports = new LinkedHashMap<>();
    try {
      for (String mode : MODES) {
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms512m", "-Xmx512m"));
        command.addAll(Pinning.SERVER_JVM_FLAGS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), UsersServer.class.getName(),
            mode));
        Process server = new ProcessBuilder(Pinning.server(command)).redirectErrorStream(true).start();
        servers.put(mode, server);
        BufferedReader reader = new BufferedReader(
            new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
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
      }
      log("servers: %s; warm-up %d s each", ports, warmup);
      for (String mode : MODES) {
        wrk(ports.get(mode), connections, warmup);
      }
      SOCKET_ERROR_COUNTS.clear();

      Map<String, double[]> rps = new LinkedHashMap<>();
      Map<String, double[]> cpu = new LinkedHashMap<>();
      MODES.forEach(mode -> rps.put(mode, new double[rounds]));
      MODES.forEach(mode -> cpu.put(mode, new double[rounds]));
      for (int round = 0; round < rounds; round++) {
        for (int k = 0; k < MODES.size(); k++) {
          String mode = MODES.get((k + round) % MODES.size());
          long pid = servers.get(mode).pid();
          long ticksBefore = cpuTicks(pid);
          double value = wrk(ports.get(mode), connections, seconds);
          long ticks = cpuTicks(pid) - ticksBefore;
          rps.get(mode)[round] = value;
          // The server's CPU time (all its threads: event loop, GC, JIT) per request.
          cpu.get(mode)[round] = ticks * 1e6 / TICKS_PER_SECOND / lastRequests;
          log("round %d %-16s %7.2f us CPU/request %10.0f req/s", round + 1, mode,
              cpu.get(mode)[round], value);
        }
      }

      JsonObject result = new JsonObject()
          .put("wrk", "-t1 -c" + connections + " -d" + seconds + "s, " + rounds + " rounds, "
              + warmup + " s warm-up; GET /users/:id, one event loop per server")
          .put("loadAverage", Files.readString(Path.of("/proc/loadavg")).trim());
      JsonObject contenders = new JsonObject();
      StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
          "%-16s %10s %10s %10s %8s %16s %9s %7s %10s %9s %16s%n", "contender", "median", "min",
          "max", "ratio", "ratio min..max", "loss", "errors", "CPU us/req", "CPU ratio",
          "CPU min..max"));
      double[] none = rps.get("none");
      for (String mode : MODES) {
        double[] values = rps.get(mode);
        double[] ratios = new double[rounds];
        for (int i = 0; i < rounds; i++) {
          ratios[i] = values[i] / none[i];
        }
        double ratio = median(ratios);
        double[] cpus = cpu.get(mode);
        double[] cpuRatios = new double[rounds];
        for (int i = 0; i < rounds; i++) {
          cpuRatios[i] = cpus[i] / cpu.get("none")[i];
        }
        contenders.put(mode, new JsonObject()
            .put("requestsPerSecond", toJson(values))
            .put("median", median(values)).put("min", min(values)).put("max", max(values))
            .put("ratioToNone", toJson(ratios))
            .put("ratioMedian", ratio).put("ratioMin", min(ratios)).put("ratioMax", max(ratios))
            .put("lossMedian", 1 - ratio)
            .put("socketErrors", SOCKET_ERROR_COUNTS.getOrDefault(ports.get(mode), 0L))
            .put("cpuMicrosPerRequest", toJson(cpus))
            .put("cpuMicrosPerRequestMedian", median(cpus))
            .put("cpuRatioToNone", toJson(cpuRatios))
            .put("cpuRatioMedian", median(cpuRatios))
            .put("metrics", mode.equals("none") || mode.equals("noop") || mode.equals("floor") ? ""
                : check(mode, ports.get(mode))));
        table.append(String.format(Locale.ROOT,
            "%-16s %10.0f %10.0f %10.0f %8.3f %7.3f..%-7.3f %8.1f%% %7d %10.2f %9.3f %7.3f..%-7.3f%n",
            mode, median(values), min(values), max(values), ratio, min(ratios), max(ratios),
            100 * (1 - ratio), SOCKET_ERROR_COUNTS.getOrDefault(ports.get(mode), 0L),
            median(cpus), median(cpuRatios), min(cpuRatios), max(cpuRatios)));
      }
      result.put("contenders", contenders);
      System.out.print(table);
      result.put("pinning", Pinning.describe()).put("quick", quick).put("loadAverageBefore", loadBefore);
      Files.writeString(out.resolve("http-metrics-load.json"), result.encodePrettily());
      summary(out).write(out);
      Files.writeString(out.resolve("http-metrics-load.txt"), result.getString("wrk") + "\n"
          + "load average before the summary: " + result.getString("loadAverage") + "\n" + table);
    } finally {
      for (Process server : servers.values()) {
        server.destroy();
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
          server.destroyForcibly();
        }
      }
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
   * The run's summary: CPU per request first (what the metrics cost, steady while the CPU share a
   * server gets varies), throughput beside it, and the targets decided round by round.
   */
  static Summary summary(Path out) throws IOException {
    JsonObject result = new JsonObject(Files.readString(out.resolve("http-metrics-load.json")));
    Map<String, double[]> rps = new LinkedHashMap<>();
    Map<String, double[]> cpu = new LinkedHashMap<>();
    for (String mode : MODES) {
      JsonObject contender = result.getJsonObject("contenders").getJsonObject(mode);
      if (contender == null) {
        continue; // a run from before that contender existed
      }
      rps.put(mode, doubles(contender.getJsonArray("requestsPerSecond")));
      cpu.put(mode, doubles(contender.getJsonArray("cpuMicrosPerRequest")));
    }
    Summary summary = new Summary();
    if (result.getBoolean("quick", false)) {
      summary.note("QUICK MODE (smoke test, not for publication).");
    }
    summary.note("`wrk " + result.getString("wrk") + "`; load average before `"
        + result.getString("loadAverageBefore", "?") + "`, after `" + result.getString("loadAverage")
        + "`.");
    summary.note(result.getString("pinning", "Not pinned to CPUs."));
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
    double[] none = cpu.get("none");
    double[] noneRps = rps.get("none");
    double[] oursCpu = Verdict.roundRatios(cpu.get("ours"), none);
    double[] oursRps = Verdict.roundRatios(rps.get("ours"), noneRps);
    double[] routeCpu = Verdict.roundRatios(cpu.get("micrometerRoute"), none);
    double[] routeRps = Verdict.roundRatios(rps.get("micrometerRoute"), noneRps);
    summary.target("CPU per request with `http_route`: at most " + Math.round(100 * MAX_COST)
        + "% over no metrics (per round, to `none` of the round)",
        Verdict.atMost(oursCpu, 1 + MAX_COST), "%.3fx", "");
    summary.target("Throughput with `http_route`: at most " + Math.round(100 * MAX_COST)
        + "% below no metrics (per round)", Verdict.atLeast(oursRps, 1 - MAX_COST), "%.3fx", "");
    double[] cpuShare = new double[none.length];
    double[] lossShare = new double[none.length];
    for (int i = 0; i < none.length; i++) {
      cpuShare[i] = share(oursCpu[i] - 1, routeCpu[i] - 1);
      lossShare[i] = share(1 - oursRps[i], 1 - routeRps[i]);
    }
    summary.target("CPU per request: ours adds less than half of what vertx-micrometer-metrics with"
        + " `route` adds (per round, the ratio of the two increases)",
        Verdict.below(cpuShare, SHARE_OF_MICROMETER), "%.2f", "");
    summary.target("Throughput: ours loses less than half of what vertx-micrometer-metrics with"
        + " `route` loses (per round, the ratio of the two losses)",
        Verdict.below(lossShare, SHARE_OF_MICROMETER), "%.2f", "");
    Table table = new Table("Throughput harness: CPU per request (the primary figure) and requests/s,"
        + " median (min..max) of the rounds; ratios per round to `none` of the same round",
        List.of("Contender", "CPU µs/request", "CPU ratio to none", "req/s", "req/s ratio to none",
            "Socket errors"));
    for (String mode : MODES) {
      double[] cpus = cpu.get(mode);
      double[] values = rps.get(mode);
      double[] cpuRatios = Verdict.roundRatios(cpus, none);
      double[] ratios = Verdict.roundRatios(values, noneRps);
      table.add(mode, spread("%.2f", cpus), spread("%.3f", cpuRatios), spread("%.0f", values),
          spread("%.3f", ratios), String.valueOf(result.getJsonObject("contenders")
              .getJsonObject(mode).getLong("socketErrors")));
    }
    summary.table(table);
    if (!callbacks.rows.isEmpty()) {
      summary.table(callbacks);
    }
    return summary;
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

  private static double wrk(int port, int connections, int seconds) throws Exception {
    Process wrk = new ProcessBuilder(Pinning.load(List.of("wrk", "-t1", "-c" + connections,
        "-d" + seconds + "s", "http://127.0.0.1:" + port + "/users/42"))).redirectErrorStream(true).start();
    String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!wrk.waitFor(seconds + 30L, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
      throw new IllegalStateException("wrk failed:\n" + output);
    }
    Matcher non2xx = NON_2XX.matcher(output);
    if (non2xx.find()) {
      throw new IllegalStateException("wrk saw errors: " + non2xx.group() + "\n" + output);
    }
    Matcher socket = SOCKET_ERRORS.matcher(output);
    if (socket.find()) {
      long errors = 0;
      for (int g = 1; g <= 4; g++) {
        errors += Long.parseLong(socket.group(g));
      }
      SOCKET_ERROR_COUNTS.merge(port, errors, Long::sum);
    }
    Matcher requests = REQUESTS.matcher(output);
    lastRequests = requests.find() ? Long.parseLong(requests.group(1)) : 1;
    Matcher rps = RPS.matcher(output);
    if (!rps.find()) {
      throw new IllegalStateException("unreadable wrk output:\n" + output);
    }
    return Double.parseDouble(rps.group(1));
  }

  // Linux's USER_HZ, the unit of utime and stime in /proc/<pid>/stat.
  private static final double TICKS_PER_SECOND = 100;
  private static long lastRequests = 1;

  /** utime + stime of a process, in clock ticks. */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // The command may contain spaces: fields are counted after its closing parenthesis.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private static JsonArray toJson(double[] values) {
    JsonArray array = new JsonArray();
    for (double value : values) {
      array.add(Math.round(value * 1000) / 1000.0);
    }
    return array;
  }

  static double median(double[] values) {
    return Verdict.median(values);
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
