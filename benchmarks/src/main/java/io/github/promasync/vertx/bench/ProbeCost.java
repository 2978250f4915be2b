package io.github.promasync.vertx.bench;

import io.github.promasync.vertx.metrics.PrometheusMetricsOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The event-loop probe's cost, from {@link EventLoopProbeBenchmark}'s {@code jmh-probe.json}: per
 * interval, the CPU time per loop per second and the cost of one run above the no-probe floor,
 * and the target: the default interval's idle cost on a 32-core host (64 event loops) under 0.1%
 * of one core. Each pairing of a measurement iteration at the longest interval measured (where a
 * run wakes a loop that has been idle the longest, the default's case) with one of the floor gives
 * one per-run cost; the target's figure is {@code 64 x cost x runs per second at the default}.
 *
 * <p>Usage: {@code ProbeCost DIR} writes {@code DIR/summary.adoc} (run by
 * {@code benchmarks/run-client-bus}).
 */
public final class ProbeCost {

  static final String FILE = "jmh-probe.json";
  static final int HOST_LOOPS = 64;
  static final double MAX_PERCENT_OF_A_CORE = 0.1;

  private ProbeCost() {
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Summary summary = new Summary();
    if (Files.exists(dir.resolve("quick"))) {
      summary.note("QUICK MODE (smoke test, not for publication).");
    }
    summary.note("Load average before `" + read(dir.resolve("loadavg-before")) + "`, after `"
        + read(dir.resolve("loadavg-after")) + "`.");
    if (!addTo(summary, dir)) {
      throw new IllegalArgumentException(dir + ": no " + FILE);
    }
    System.out.print(Files.readString(summary.write(dir)));
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file).trim() : "?";
  }

  /** Adds the probe's table and target to {@code summary}; false when {@code dir} has no run. */
  private static boolean addTo(Summary summary, Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return false;
    }
    JsonArray runs = new JsonArray(Files.readString(file));
    // interval (ms) -> {loop CPU us per loop per second, probe runs per loop per second} per iteration
    Map<Long, double[][]> byInterval = new TreeMap<>();
    for (int i = 0; i < runs.size(); i++) {
      JsonObject run = runs.getJsonObject(i);
      JsonObject secondary = run.getJsonObject("secondaryMetrics");
      byInterval.put(Long.parseLong(run.getJsonObject("params").getString("interval")), new double[][] {
          JmhRuns.rawIterations(secondary.getJsonObject("loopCpuMicros")),
          JmhRuns.rawIterations(secondary.getJsonObject("probeRuns"))});
    }
    double[][] floor = byInterval.get(0L);
    if (floor == null || byInterval.size() < 2) {
      summary.unmeasured("Event-loop probe", "the run lacks the no-probe floor or an interval");
      return true;
    }
    Table table = new Table("The event-loop probe on idle loops (`EventLoopProbeBenchmark`, "
        + EventLoopProbeBenchmark.LOOPS + " loops): median (min..max) of the JMH iterations",
        List.of("Interval", "Loop CPU µs per loop per second", "Probe runs per loop per second",
            "µs per run above the no-probe floor"));
    long longest = 0;
    for (Map.Entry<Long, double[][]> entry : byInterval.entrySet()) {
      double[][] figures = entry.getValue();
      boolean probe = entry.getKey() > 0;
      table.add(probe ? entry.getKey() + " ms" : "no probe (the floor)",
          Spread.of("%.1f", figures[0]), Spread.of("%.2f", figures[1]),
          probe ? Spread.of("%.1f", perRun(figures, floor)) : "");
      longest = Math.max(longest, entry.getKey());
    }
    // Read at run time, not inlined at compile time: the default of the library on the class path.
    long interval = new PrometheusMetricsOptions().getEventLoopDelayInterval();
    double runsPerSecond = 1000.0 / interval;
    double[] costs = perRun(byInterval.get(longest), floor);
    double[] percent = new double[costs.length];
    for (int i = 0; i < costs.length; i++) {
      percent[i] = 100 * HOST_LOOPS * costs[i] * runsPerSecond / 1e6;
    }
    summary.target(String.format(Locale.ROOT, "Event-loop probe at its default interval (%d ms), idle,"
            + " %d event loops: under %.1f%% of one core (%d x the cost of a run at %d ms x %.3g runs/s)",
            interval, HOST_LOOPS, MAX_PERCENT_OF_A_CORE, HOST_LOOPS, longest, runsPerSecond),
        Verdict.below(percent, MAX_PERCENT_OF_A_CORE), "%.3f%%",
        String.format(Locale.ROOT, "a run at %d ms: median %.1f µs (%.1f..%.1f)", longest,
            Verdict.median(costs), Spread.min(costs), Spread.max(costs)));
    summary.table(table);
    return true;
  }

  /** Every pairing of an iteration with one of the floor: (CPU - floor's CPU) / runs, in µs. */
  static double[] perRun(double[][] figures, double[][] floor) {
    List<Double> costs = new ArrayList<>();
    for (int i = 0; i < figures[0].length; i++) {
      for (double floorCpu : floor[0]) {
        costs.add((figures[0][i] - floorCpu) / figures[1][i]);
      }
    }
    return costs.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
