package io.github.promasync.vertx.bench;

import io.github.promasync.vertx.bench.PairedRounds.Figure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The summary of a run of {@link HttpMetricsLoad} and its targets, from the run's
 * {@code http-metrics-load.json} (read by {@link PairedRounds}) and, when the script ran them into
 * the same directory, the JMH callbacks of {@code jmh-http-metrics.json}: CPU per request first
 * (the JVM's, then the event loop's), throughput beside it, every figure a ratio to the
 * {@code none} that ran at the same time, and every target decided round by round by
 * {@link Verdict}.
 */
final class HttpMetricsSummary {

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

  private HttpMetricsSummary() {
  }

  /**
   * The run's summary: CPU per request first (the JVM's, then the event loop's), throughput beside
   * it, every figure a ratio to the {@code none} that ran at the same time, and the targets decided
   * round by round.
   *
   * @throws IllegalArgumentException if the run's JSON holds no simultaneous pairs
   */
  static Summary summary(Path out) throws IOException {
    JsonObject result = new JsonObject(Files.readString(out.resolve(HttpMetricsLoad.JSON)));
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
      table.add(contender, Spread.of("%.3f", rounds.values(contender, Figure.PROCESS_CPU)),
          ratioSpread(rounds.ratios(contender, Figure.PROCESS_CPU)),
          Spread.of("%.3f", rounds.values(contender, Figure.EVENT_LOOP_CPU)),
          ratioSpread(rounds.ratios(contender, Figure.EVENT_LOOP_CPU)),
          Spread.of("%.0f", rounds.values(contender, Figure.THROUGHPUT)),
          ratioSpread(rounds.ratios(contender, Figure.THROUGHPUT)),
          String.valueOf(rounds.socketErrors(contender, contender)));
      paired.add(contender);
    }
    double[] noneCpu = all(rounds, paired, Figure.PROCESS_CPU);
    long noneErrors = paired.stream().mapToLong(c -> rounds.socketErrors(c, PairedRounds.BASELINE)).sum();
    table.add("none (in every pair)", Spread.of("%.3f", noneCpu), "",
        Spread.of("%.3f", all(rounds, paired, Figure.EVENT_LOOP_CPU)), "",
        Spread.of("%.0f", all(rounds, paired, Figure.THROUGHPUT)), "", String.valueOf(noneErrors));
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
    return "Warm-up alone, stretches until the JIT compiler threads took under "
        + Math.round(100 * HttpMetricsLoad.WARM_JIT_SHARE) + "% of the server's CPU, at most "
        + HttpMetricsLoad.MAX_WARMUP_STRETCHES + " (the JIT's share in the last): " + String.join(", ", servers)
        + "; then one pair of each contender with `none`.";
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
        double[] values = JmhRuns.rawIterations(run.getJsonObject("primaryMetric"));
        iterations.put(impl, values);
        JsonObject norm = run.getJsonObject("secondaryMetrics", new JsonObject())
            .getJsonObject("gc.alloc.rate.norm");
        if (norm != null) {
          // Objects come in 8-byte steps: JMH's 64.001 is 64 B and a bit of its own bookkeeping.
          bytes.put(impl, (double) Math.round(norm.getDouble("score")));
        }
        callbacks.add(impl, String.format(Locale.ROOT, "%.1f (%.1f..%.1f)", Verdict.median(values),
            Spread.min(values), Spread.max(values)), norm == null ? "" : String.format(Locale.ROOT, "%.0f",
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

  private static String ratioSpread(double[] ratios) {
    return Spread.of("%.3f", ratios);
  }
}
