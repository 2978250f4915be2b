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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Vert.x's HTTP server metrics cost in throughput: {@code wrk -t1 -c32} on
 * {@code GET /users/:id} of five {@link UsersServer} JVMs (one event loop each) started side by
 * side: no metrics, metrics that record nothing (what Vert.x itself spends on having metrics),
 * this library's, vertx-micrometer-metrics' defaults and those plus its route label, in
 * alternating rounds (the order rotates each round), so that background load falls on
 * every contender alike. Reports requests/s per contender (median, min, max) and, per round, the
 * ratio to the no-metrics server of the same round (median, min, max), then checks on each
 * server's {@code /metrics} that its metrics counted the load. Also the server's CPU time per
 * request (utime + stime of its JVM over the round, divided by wrk's request count): on a
 * machine shared with other work, throughput follows the CPU share the server gets, while its
 * CPU time per request stays what the metrics cost.
 *
 * <p>Usage: {@code HttpMetricsLoad [--rounds 5] [--seconds 5] [--warmup 5] [--connections 32]
 * [--out DIR]}
 */
public final class HttpMetricsLoad {

  static final List<String> MODES = List.of("none", "noop", "ours", "micrometer", "micrometerRoute");
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
    Map<String, String> opts = new LinkedHashMap<>(Map.of(
        "rounds", "5", "seconds", "5", "warmup", "5", "connections", "32", "out", "."));
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int rounds = Integer.parseInt(opts.get("rounds"));
    int seconds = Integer.parseInt(opts.get("seconds"));
    int warmup = Integer.parseInt(opts.get("warmup"));
    int connections = Integer.parseInt(opts.get("connections"));
    Path out = Path.of(opts.get("out"));
    Files.createDirectories(out);

    Map<String, Process> servers = new LinkedHashMap<>();
    Map<String, Integer> ports = new LinkedHashMap<>();
    try {
      for (String mode : MODES) {
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-Xms512m", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
            UsersServer.class.getName(), mode).redirectErrorStream(true).start();
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
          log("round %d %-16s %10.0f req/s %7.2f us CPU/request", round + 1, mode, value,
              cpu.get(mode)[round]);
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
            .put("metrics", mode.equals("none") || mode.equals("noop") ? ""
                : check(mode, ports.get(mode))));
        table.append(String.format(Locale.ROOT,
            "%-16s %10.0f %10.0f %10.0f %8.3f %7.3f..%-7.3f %8.1f%% %7d %10.2f %9.3f %7.3f..%-7.3f%n",
            mode, median(values), min(values), max(values), ratio, min(ratios), max(ratios),
            100 * (1 - ratio), SOCKET_ERROR_COUNTS.getOrDefault(ports.get(mode), 0L),
            median(cpus), median(cpuRatios), min(cpuRatios), max(cpuRatios)));
      }
      result.put("contenders", contenders);
      System.out.print(table);
      Files.writeString(out.resolve("http-metrics-load.json"), result.encodePrettily());
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
    Process wrk = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + seconds + "s",
        "http://127.0.0.1:" + port + "/users/42").redirectErrorStream(true).start();
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
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
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
