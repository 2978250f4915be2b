package io.github.promasync.vertx.bench;

import io.github.promasync.vertx.bench.PairedRounds.Figure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The simultaneous pairs of {@link HttpMetricsLoad} as {@link HttpMetricsSummary} judges them, on a
 * fabricated run of two rounds in which the CPU's speed drifts: {@code none} costs 10 µs per
 * request in one pair and 6 or 8 µs in others, so only a contender compared with the {@code none}
 * of its own pair comes out right.
 */
class HttpMetricsLoadTest {

  private static final double PRECISION = 1e-9;

  @TempDir
  Path dir;

  @Test
  void comparesEachContenderWithTheNoneOfItsOwnPair() {
    PairedRounds rounds = PairedRounds.of(run());

    assertThat(rounds.rounds()).isEqualTo(2);
    assertThat(rounds.contenders()).containsExactly("noop", "floor", "ours", "micrometer", "micrometerRoute");
    assertThat(rounds.values("ours", Figure.PROCESS_CPU)).containsExactly(new double[] {10.2, 6.06}, within(PRECISION));
    assertThat(rounds.baseline("ours", Figure.PROCESS_CPU)).containsExactly(new double[] {10, 6}, within(PRECISION));
    assertThat(rounds.ratios("ours", Figure.PROCESS_CPU)).containsExactly(new double[] {1.02, 1.01}, within(PRECISION));
    assertThat(rounds.ratios("ours", Figure.EVENT_LOOP_CPU)).containsExactly(new double[] {1.05, 1.01}, within(PRECISION));
    assertThat(rounds.ratios("ours", Figure.THROUGHPUT)).containsExactly(new double[] {0.98, 0.99}, within(PRECISION));
  }

  @Test
  void comparesTwoContendersByTheRatioOfTheirRatios() {
    PairedRounds rounds = PairedRounds.of(run());

    // floor: 1.01 and 1.005 over its pairs' none; ours: 1.02 and 1.01.
    assertThat(rounds.ratioOfRatios("ours", "floor", Figure.PROCESS_CPU))
        .containsExactly(new double[] {1.02 / 1.01, 1.01 / 1.005}, within(PRECISION));
  }

  @Test
  void judgesEveryTargetOnThePairedRatios() throws IOException {
    Files.writeString(dir.resolve(HttpMetricsLoad.JSON), run().encode());

    String summary = HttpMetricsSummary.summary(dir).render(true);

    assertThat(summary)
        .contains("all threads; per round, ours over the `none` run at the same time) |met"
            + " |median 1.015x (1.010x..1.020x), 2 of 2 meet")
        .contains("the event-loop thread's alone: at most 3% over no metrics (per round, ours over the"
            + " `none` run at the same time) |within noise |median 1.030x (1.010x..1.050x), 1 of 2 meet")
        .contains("sharing the CPU with it) |met |median 0.985x (0.980x..0.990x), 2 of 2 meet")
        // micrometerRoute adds 10% and 25% over its none: ours' increases are 0.20 and 0.04 of those.
        .contains("each over its own pair's `none`) |met |median 0.12 (0.04..0.20), 2 of 2 meet")
        .contains("|`ours` over `floor`: the library's own bookkeeping |1.007 (1.005..1.010)")
        .contains("|`noop` over `none`: what Vert.x spends on calling the SPI |1.000 (1.000..1.000)")
        .contains("Simultaneous pairs:")
        .contains("(the JIT's share in the last): `none` 2 (1.0%), `ours` 1 (1.5%);")
        .contains("|Callbacks: ours at most a third of vertx-micrometer-metrics' |n/a");
  }

  @Test
  void refusesARunFromBeforeThePairsSayingSo() throws IOException {
    Files.writeString(dir.resolve(HttpMetricsLoad.JSON),
        new JsonObject().put("contenders", new JsonObject().put("none", new JsonObject())).encode());

    assertThatThrownBy(() -> HttpMetricsSummary.summary(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no \"pairs\"")
        .hasMessageContaining("rerun benchmarks/run-http-metrics");
  }

  @Test
  void refusesARoundWithoutAPairOfEveryContender() {
    JsonObject run = run();
    run.getJsonArray("pairs").remove(0); // round 1's noop

    assertThatThrownBy(() -> PairedRounds.of(run))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pairs: no pair of noop in round 1");
  }

  /**
   * Two rounds; each contender's figures and those of the none beside it, CPU in µs per request
   * (process, event loop) and requests/s. The none of each pair differs, as a drifting CPU would
   * make it.
   */
  private static JsonObject run() {
    JsonArray pairs = new JsonArray();
    pair(pairs, 1, "noop", 8, 4, 50000, 8, 4, 50000);
    pair(pairs, 1, "floor", 8.08, 4, 50000, 8, 4, 50000);
    pair(pairs, 1, "ours", 10.2, 5.25, 49000, 10, 5, 50000);
    pair(pairs, 1, "micrometer", 6.6, 3.3, 40000, 6, 3, 50000);
    pair(pairs, 1, "micrometerRoute", 6.6, 3.3, 40000, 6, 3, 50000);
    pair(pairs, 2, "ours", 6.06, 3.03, 49500, 6, 3, 50000);
    pair(pairs, 2, "floor", 10.05, 5, 50000, 10, 5, 50000);
    pair(pairs, 2, "noop", 8, 4, 50000, 8, 4, 50000);
    pair(pairs, 2, "micrometer", 9.6, 4.8, 40000, 8, 4, 50000);
    pair(pairs, 2, "micrometerRoute", 10, 5, 40000, 8, 4, 50000);
    return new JsonObject().put("method", "simultaneous pairs").put("wrk", "-t1 -c32 -d5s per server")
        .put("rounds", 2).put("pairs", pairs).put("pinning", "Servers pinned to CPU 0.")
        .put("loadAverageBefore", "0.5").put("loadAverage", "0.6")
        .put("warmupAlone", new JsonObject()
            .put("none", new JsonArray().add(stretch(20)).add(stretch(1)))
            .put("ours", new JsonArray().add(stretch(1.5))));
  }

  private static void pair(JsonArray pairs, int round, String contender, double cpu, double loop, double rps,
      double noneCpu, double noneLoop, double noneRps) {
    pairs.add(new JsonObject().put("round", round).put("contender", contender).put("servers", new JsonObject()
        .put(contender, server(cpu, loop, rps)).put("none", server(noneCpu, noneLoop, noneRps))));
  }

  /** A stretch of the warm-up alone whose JIT compiler threads took {@code jitPercent} of the CPU. */
  private static JsonObject stretch(double jitPercent) {
    return server(10, 5, 50000).put("jitCpuNs", Math.round(jitPercent / 100 * 10e6));
  }

  private static JsonObject server(double cpuMicros, double loopMicros, double rps) {
    long requests = 1000;
    return new JsonObject().put("requests", requests).put("requestsPerSecond", rps)
        .put("processCpuNs", Math.round(cpuMicros * 1e3 * requests))
        .put("eventLoopCpuNs", Math.round(loopMicros * 1e3 * requests)).put("socketErrors", 0);
  }
}
