package io.github.promasync.vertx.bench;

import io.github.promasync.vertx.metrics.PrometheusMetricsOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What Vert.x's HTTP client and event bus metrics cost: four {@link ClientBusNode} JVMs (no
 * metrics, Vert.x's metrics enabled with no-op callbacks, this library's, vertx-micrometer-metrics'
 * defaults), each driving 16 concurrent round
 * trips from its own instrumented client to its own instrumented server (HTTP {@code GET /}) or
 * consumer (event bus request/reply), one contender at a time in alternating rounds (the order
 * rotates each round), so that background load falls on every contender alike. Reports, per
 * workload and contender, round trips per second and CPU time per round trip (median, min, max),
 * and their ratios to the no-metrics node of the same round. Then the idle cost of the
 * event-loop delay probe: CPU time of the event-loop threads of {@code ours} (the probe at its
 * default interval on 2 loops) against {@code none} over idle rounds. Writes
 * {@code client-bus-load.json} and {@code summary.adoc} (CPU per round trip first, throughput
 * beside it, the targets decided by {@link Verdict}).
 *
 * <p>The load generator (each node's client) runs inside the node it measures, so there is no
 * separate process to pin to other CPUs: this harness is not pinned.
 *
 * <p>Usage: {@code ClientBusLoad [--rounds 5] [--seconds 4] [--warmup 6] [--idle 20] [--out DIR]
 * [--quick true]}, or {@code ClientBusLoad --summarize DIR} to rebuild a run's summary from its
 * JSON.
 */
public final class ClientBusLoad {

  static final List<String> MODES = List.of("none", "noop", "ours", "micrometer");
  static final List<String> WORKLOADS = List.of("http", "bus");

  private ClientBusLoad() {
  }

  private record Node(Process process, BufferedReader out, PrintWriter in) {
    long[] run(String command) throws IOException {
      in.println(command);
      in.flush();
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("result ")) {
        System.out.println("  | " + line);
      }
      if (line == null) {
        throw new IllegalStateException("node died during " + command);
      }
      return Arrays.stream(line.substring(7).split(" ")).mapToLong(Long::parseLong).toArray();
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--summarize")) {
      // Re-judges a run from its JSON by the one rule.
      Path dir = Path.of(args[1]);
      System.out.print(Files.readString(summary(dir).write(dir)));
      return;
    }
    Map<String, String> opts = new LinkedHashMap<>(Map.of(
        "rounds", "5", "seconds", "4", "warmup", "6", "idle", "20", "out", ".", "quick", "false"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int rounds = Integer.parseInt(opts.get("rounds"));
    int seconds = Integer.parseInt(opts.get("seconds"));
    int warmup = Integer.parseInt(opts.get("warmup"));
    int idle = Integer.parseInt(opts.get("idle"));
    Path out = Path.of(opts.get("out"));
    boolean quick = Boolean.parseBoolean(opts.get("quick"));
    Files.createDirectories(out);
    String loadBefore = Machine.loadAverage();

    Map<String, Node> nodes = new LinkedHashMap<>();
    try {
      for (String mode : MODES) {
        Process process = new ProcessBuilder(JavaCommand.of(List.of("-Xms256m", "-Xmx256m"),
            ClientBusNode.class, mode)).redirectErrorStream(true).start();
        Node node = new Node(process, new BufferedReader(new InputStreamReader(
            process.getInputStream(), StandardCharsets.UTF_8)),
            new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8));
        String line;
        while ((line = node.out.readLine()) != null && !line.equals("ready")) {
          System.out.println("[" + mode + "] " + line);
        }
        nodes.put(mode, node);
      }
      for (String workload : WORKLOADS) {
        for (String mode : MODES) {
          nodes.get(mode).run(workload + " " + warmup);
        }
      }

      // [workload][mode][round] = {ops/s, CPU us per op}
      Map<String, Map<String, double[][]>> results = new LinkedHashMap<>();
      for (String workload : WORKLOADS) {
        Map<String, double[][]> byMode = new LinkedHashMap<>();
        MODES.forEach(mode -> byMode.put(mode, new double[2][rounds]));
        results.put(workload, byMode);
      }
      for (int round = 0; round < rounds; round++) {
        for (String workload : WORKLOADS) {
          for (int k = 0; k < MODES.size(); k++) {
            String mode = MODES.get((k + round) % MODES.size());
            long[] r = nodes.get(mode).run(workload + " " + seconds);
            double[][] cell = results.get(workload).get(mode);
            cell[0][round] = r[0] / (double) seconds;
            cell[1][round] = r[1] / 1e3 / r[0];
            System.out.printf(Locale.ROOT, "round %d %-4s %-10s %9.0f /s %7.2f us CPU/op%n",
                round + 1, workload, mode, cell[0][round], cell[1][round]);
          }
        }
      }

      // The probe's idle cost: event-loop CPU of ours against none, alternating.
      double[][] idleCpu = new double[2][rounds];
      for (int round = 0; round < rounds; round++) {
        for (int k = 0; k < 2; k++) {
          int which = (k + round) % 2;
          long[] r = nodes.get(which == 0 ? "none" : "ours").run("idle " + idle);
          idleCpu[which][round] = r[2] / 1e9 / idle; // event-loop CPU seconds per second
        }
      }
      String loadAfter = Machine.loadAverage();

      StringBuilder text = new StringBuilder();
      JsonObject json = new JsonObject()
          .put("setup", ClientBusNode.IN_FLIGHT + " round trips in flight, " + rounds + " rounds of "
              + seconds + " s, " + warmup + " s warm-up; 2 event loops per node; idle rounds of "
              + idle + " s")
          .put("loadAverageBefore", loadBefore).put("loadAverageAfter", loadAfter).put("quick", quick);
      text.append(String.format(Locale.ROOT, "load average before: %s, after: %s%n", loadBefore,
          loadAfter));
      text.append(String.format(Locale.ROOT, "%-5s %-10s %9s %19s %8s %15s %7s %9s %15s %8s%n",
          "what", "contender", "ops/s", "min..max", "ratio", "min..max", "loss", "CPU us/op",
          "CPU ratio", "CPU +"));
      for (String workload : WORKLOADS) {
        JsonObject byMode = new JsonObject();
        double[][] none = results.get(workload).get("none");
        for (String mode : MODES) {
          double[][] cell = results.get(workload).get(mode);
          double[] ratio = new double[rounds];
          double[] cpuRatio = new double[rounds];
          for (int i = 0; i < rounds; i++) {
            ratio[i] = cell[0][i] / none[0][i];
            cpuRatio[i] = cell[1][i] / none[1][i];
          }
          byMode.put(mode, new JsonObject()
              .put("opsPerSecond", array(cell[0])).put("cpuMicrosPerOp", array(cell[1]))
              .put("ratioToNone", array(ratio)).put("cpuRatioToNone", array(cpuRatio))
              .put("lossMedian", 1 - Verdict.median(ratio))
              .put("cpuIncreaseMedian", Verdict.median(cpuRatio) - 1));
          text.append(String.format(Locale.ROOT,
              "%-5s %-10s %9.0f %9.0f..%-9.0f %8.3f %7.3f..%-7.3f %6.1f%% %9.2f %7.3f..%-7.3f %7.1f%%%n",
              workload, mode, Verdict.median(cell[0]), Spread.min(cell[0]), Spread.max(cell[0]),
              Verdict.median(ratio), Spread.min(ratio), Spread.max(ratio), 100 * (1 - Verdict.median(ratio)),
              Verdict.median(cell[1]), Spread.min(cpuRatio), Spread.max(cpuRatio),
              100 * (Verdict.median(cpuRatio) - 1)));
        }
        // What each contender's own code costs: CPU per round trip above the no-op metrics.
        double[][] noop = results.get(workload).get("noop");
        JsonObject aboveNoop = new JsonObject();
        for (String mode : List.of("ours", "micrometer")) {
          double[][] cell = results.get(workload).get(mode);
          double[] above = new double[rounds];
          for (int i = 0; i < rounds; i++) {
            above[i] = cell[1][i] / noop[1][i] - 1;
          }
          aboveNoop.put(mode, Verdict.median(above));
          text.append(String.format(Locale.ROOT,
              "%s: %s's own CPU per round trip above Vert.x's no-op metrics: %.1f%% (%.1f..%.1f)%n",
              workload, mode, 100 * Verdict.median(above), 100 * Spread.min(above), 100 * Spread.max(above)));
        }
        byMode.put("cpuAboveNoopMedian", aboveNoop);
        json.put(workload, byMode);
      }
      double[] probe = new double[rounds];
      for (int i = 0; i < rounds; i++) {
        probe[i] = idleCpu[1][i] - idleCpu[0][i];
      }
      // Read at run time, not inlined at compile time: the default of the library on the class path.
      long interval = new PrometheusMetricsOptions().getEventLoopDelayInterval();
      double perTickMicros = Verdict.median(probe) * 1e6 / (2 * 1000.0 / interval); // 2 loops
      json.put("probe", new JsonObject().put("idleEventLoopCpuNone", array(idleCpu[0]))
          .put("idleEventLoopCpuOurs", array(idleCpu[1])).put("difference", array(probe))
          .put("perRunMicros", perTickMicros).put("intervalMillis", interval));
      text.append(String.format(Locale.ROOT, "idle event-loop CPU, share of one core: none %.4f%% "
          + "(%.4f..%.4f), ours with the probe %.4f%% (%.4f..%.4f); the probe: %.4f%% of one core "
          + "for 2 loops at the default interval (%.4f..%.4f), %.1f us per run%n",
          100 * Verdict.median(idleCpu[0]), 100 * Spread.min(idleCpu[0]), 100 * Spread.max(idleCpu[0]),
          100 * Verdict.median(idleCpu[1]), 100 * Spread.min(idleCpu[1]), 100 * Spread.max(idleCpu[1]),
          100 * Verdict.median(probe), 100 * Spread.min(probe), 100 * Spread.max(probe), perTickMicros));
      System.out.print(text);
      Files.writeString(out.resolve("client-bus-load.txt"), text);
      Files.writeString(out.resolve("client-bus-load.json"), json.encodePrettily());
      summary(out).write(out);
    } finally {
      nodes.values().forEach(node -> node.process.destroy());
    }
  }

  /**
   * The run's summary from its {@code client-bus-load.json}: CPU per round trip first, round trips/s beside it, the targets decided round by round.
   */
  static Summary summary(Path out) throws IOException {
    JsonObject json = new JsonObject(Files.readString(out.resolve("client-bus-load.json")));
    Summary summary = new Summary();
    if (json.getBoolean("quick", false)) {
      summary.note("QUICK MODE (smoke test, not for publication).");
    }
    summary.note(json.getString("setup") + "; load average before `" + json.getString("loadAverageBefore")
        + "`, after `" + json.getString("loadAverageAfter") + "`.");
    summary.note("Not pinned to CPUs: each node's load generator (its client) runs inside it; the"
        + " contenders' order rotates every round.");
    for (String workload : WORKLOADS) {
      JsonObject byMode = json.getJsonObject(workload);
      Map<String, double[][]> cells = new LinkedHashMap<>();
      for (String mode : MODES) {
        JsonObject cell = byMode.getJsonObject(mode);
        cells.put(mode, new double[][] {Spread.doubles(cell.getJsonArray("opsPerSecond")),
            Spread.doubles(cell.getJsonArray("cpuMicrosPerOp"))});
      }
      double[][] none = cells.get("none");
      Table table = new Table(workload + ": CPU per round trip (the primary figure) and round trips/s,"
          + " median (min..max) of the rounds; ratios per round to `none` of the same round",
          List.of("Contender", "CPU µs/round trip", "CPU ratio to none", "round trips/s",
              "ratio to none"));
      for (String mode : MODES) {
        double[][] cell = cells.get(mode);
        table.add(mode, Spread.of("%.2f", cell[1]),
            Spread.of("%.3f", Verdict.roundRatios(cell[1], none[1])),
            Spread.of("%.0f", cell[0]),
            Spread.of("%.3f", Verdict.roundRatios(cell[0], none[0])));
      }
      summary.table(table);
      double[] oursCpu = Verdict.roundRatios(cells.get("ours")[1], none[1]);
      double[] mmCpu = Verdict.roundRatios(cells.get("micrometer")[1], none[1]);
      double[] oursOps = Verdict.roundRatios(cells.get("ours")[0], none[0]);
      double[] mmOps = Verdict.roundRatios(cells.get("micrometer")[0], none[0]);
      double[] cpuShare = new double[none[0].length];
      double[] lossShare = new double[none[0].length];
      for (int i = 0; i < cpuShare.length; i++) {
        cpuShare[i] = HttpMetricsSummary.share(oursCpu[i] - 1, mmCpu[i] - 1);
        lossShare[i] = HttpMetricsSummary.share(1 - oursOps[i], 1 - mmOps[i]);
      }
      summary.target(workload + ": CPU per round trip, ours adds less than half of what"
          + " vertx-micrometer-metrics adds (per round, the ratio of the two increases)",
          Verdict.below(cpuShare, 0.5), "%.2f", "");
      summary.target(workload + ": round trips/s, ours loses less than half of what"
          + " vertx-micrometer-metrics loses (per round, the ratio of the two losses)",
          Verdict.below(lossShare, 0.5), "%.2f", "");
    }
    JsonObject probe = json.getJsonObject("probe");
    // Runs recorded before "intervalMillis" was written were at the default of the time, 100 ms.
    long measuredInterval = probe.getLong("intervalMillis", 100L);
    // Read at run time, not inlined at compile time: the default of the library on the class path.
    long interval = new PrometheusMetricsOptions().getEventLoopDelayInterval();
    double[] difference = Spread.doubles(probe.getJsonArray("difference"));
    double[] at64 = new double[difference.length];
    double[] perRun = new double[difference.length];
    for (int i = 0; i < difference.length; i++) {
      // CPU share of 2 loops at the measured interval: one run's cost, then 64 loops at the default.
      perRun[i] = difference[i] / (2 * 1000.0 / measuredInterval) * 1e6;
      at64[i] = 100 * 64 * perRun[i] * (1000.0 / interval) / 1e6;
    }
    summary.target("Idle event-loop probe at its default interval (" + interval + " ms), 64 event"
        + " loops: under 0.1% of one core (per idle round, ours' event-loop CPU above `none`'s, per"
        + " run at " + measuredInterval + " ms, times 64 loops and the default's runs per second)",
        Verdict.below(at64, 0.1), "%.4f%%",
        String.format(Locale.ROOT, "a run: median %.1f µs (%.1f..%.1f)", Verdict.median(perRun),
            Spread.min(perRun), Spread.max(perRun)));
    return summary;
  }

  private static JsonArray array(double[] values) {
    JsonArray array = new JsonArray();
    for (double v : values) {
      array.add(v);
    }
    return array;
  }
}
