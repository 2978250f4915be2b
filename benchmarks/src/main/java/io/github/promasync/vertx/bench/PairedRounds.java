package io.github.promasync.vertx.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The rounds of {@link HttpMetricsLoad} as its JSON holds them: in every round, each contender
 * ran at the same time as {@code none} (a pair), and its figures are compared with those of the
 * {@code none} of the same pair only, since both servers shared the one CPU at the same speed.
 * Reads the JSON's {@code "pairs"} array, one object per pair:
 * {@code {"round": 1, "contender": "ours", "servers": {"ours": SERVER, "none": SERVER}}}, where
 * SERVER is {@code {"requests", "requestsPerSecond", "processCpuNs", "eventLoopCpuNs", "jitCpuNs",
 * "socketErrors"}} (CPU times in ns over the pair; {@code jitCpuNs} is not read here).
 */
final class PairedRounds {

  /** The contender every other one is paired with. */
  static final String BASELINE = "none";

  /** One figure of a server in a pair. */
  enum Figure {
    /** The JVM's CPU time (all its threads) per request, in µs. */
    PROCESS_CPU(server -> server.getLong("processCpuNs") / 1e3 / server.getLong("requests")),
    /** The event-loop thread's CPU time per request, in µs. */
    EVENT_LOOP_CPU(server -> server.getLong("eventLoopCpuNs") / 1e3 / server.getLong("requests")),
    /** Requests per second: the server's share of the CPU it shares with the other of its pair. */
    THROUGHPUT(server -> server.getDouble("requestsPerSecond"));

    private final ToDoubleFunction<JsonObject> read;

    Figure(ToDoubleFunction<JsonObject> read) {
      this.read = read;
    }
  }

  private final int rounds;
  // Per contender other than the baseline, its pair of each round, in round order.
  private final Map<String, JsonObject[]> pairs = new LinkedHashMap<>();

  private PairedRounds(int rounds) {
    this.rounds = rounds;
  }

  /**
   * The pairs of {@code result}, the whole of {@code http-metrics-load.json}.
   *
   * @throws IllegalArgumentException naming the JSON key, when the file holds no pairs (a run from
   *     before the simultaneous pairs) or a round misses a pair
   */
  static PairedRounds of(JsonObject result) {
    Object raw = result.getValue("pairs");
    if (!(raw instanceof JsonArray list) || list.isEmpty()) {
      throw new IllegalArgumentException("http-metrics-load.json: no \"pairs\" array: a run from before"
          + " the simultaneous pairs, which --summarize does not read; rerun benchmarks/run-http-metrics");
    }
    int rounds = 0;
    for (int i = 0; i < list.size(); i++) {
      rounds = Math.max(rounds, list.getJsonObject(i).getInteger("round"));
    }
    PairedRounds paired = new PairedRounds(rounds);
    for (int i = 0; i < list.size(); i++) {
      JsonObject pair = list.getJsonObject(i);
      String contender = pair.getString("contender");
      int round = pair.getInteger("round");
      JsonObject servers = pair.getJsonObject("servers");
      if (contender == null || contender.equals(BASELINE) || round < 1 || servers == null
          || servers.getJsonObject(contender) == null || servers.getJsonObject(BASELINE) == null) {
        throw new IllegalArgumentException("pairs[" + i + "]: needs \"round\" (from 1), \"contender\""
            + " (not " + BASELINE + ") and \"servers\" holding it and " + BASELINE + ": " + pair.encode());
      }
      JsonObject[] byRound = paired.pairs.computeIfAbsent(contender, c -> new JsonObject[paired.rounds]);
      if (byRound[round - 1] != null) {
        throw new IllegalArgumentException("pairs[" + i + "]: a second pair of " + contender + " in round " + round);
      }
      byRound[round - 1] = servers;
    }
    paired.pairs.forEach((contender, byRound) -> {
      for (int r = 0; r < paired.rounds; r++) {
        if (byRound[r] == null) {
          throw new IllegalArgumentException("pairs: no pair of " + contender + " in round " + (r + 1));
        }
      }
    });
    return paired;
  }

  int rounds() {
    return rounds;
  }

  /** The contenders paired with the baseline, in the order of the JSON. */
  List<String> contenders() {
    return new ArrayList<>(pairs.keySet());
  }

  /** {@code contender}'s figure in each round, from its pair. */
  double[] values(String contender, Figure figure) {
    return side(contender, contender, figure);
  }

  /** The baseline's figure in each pair of {@code contender}, round by round. */
  double[] baseline(String contender, Figure figure) {
    return side(contender, BASELINE, figure);
  }

  /** {@code contender} over the baseline of the same pair, round by round. */
  double[] ratios(String contender, Figure figure) {
    return Verdict.roundRatios(values(contender, figure), baseline(contender, figure));
  }

  /**
   * Round by round, {@code a}'s ratio to its pair's baseline over {@code b}'s ratio to its own: how
   * {@code a} compares with {@code b}, each measured against the server it shared the CPU with.
   */
  double[] ratioOfRatios(String a, String b, Figure figure) {
    return Verdict.roundRatios(ratios(a, figure), ratios(b, figure));
  }

  /** The socket errors wrk saw against {@code server} in all pairs of {@code contender}. */
  long socketErrors(String contender, String server) {
    long errors = 0;
    for (JsonObject servers : require(contender)) {
      errors += servers.getJsonObject(server).getLong("socketErrors", 0L);
    }
    return errors;
  }

  private double[] side(String contender, String server, Figure figure) {
    JsonObject[] byRound = require(contender);
    double[] values = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      values[r] = figure.read.applyAsDouble(byRound[r].getJsonObject(server));
    }
    return values;
  }

  private JsonObject[] require(String contender) {
    JsonObject[] byRound = pairs.get(contender);
    if (byRound == null) {
      throw new IllegalArgumentException("contender: no pairs of " + contender + " in this run");
    }
    return byRound;
  }
}
