package io.github.promasync.vertx.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a harness's processes run: servers on some CPUs, their load generators ({@code wrk}, the
 * ping probe) on the others, with {@code taskset} (util-linux), so that a load generator never
 * takes CPU time from the server it measures. The scripts choose the CPUs
 * ({@code -Dbench.serverCpus=0 -Dbench.loadCpus=1} on 2 cores) and pin the JVM that hosts the
 * servers themselves; without those properties nothing is pinned.
 */
final class Pinning {

  static final String SERVER_CPUS = System.getProperty("bench.serverCpus", "");
  static final String LOAD_CPUS = System.getProperty("bench.loadCpus", "");

  /**
   * JVM flags for a pinned JVM: on one CPU the JVM would pick the serial collector, so a pinned
   * server keeps the collector it has unpinned.
   */
  static final List<String> SERVER_JVM_FLAGS = SERVER_CPUS.isEmpty() ? List.of() : List.of("-XX:+UseG1GC");

  private Pinning() {
  }

  /** {@code command}, run on the server CPUs. */
  static List<String> server(List<String> command) {
    return pinned(SERVER_CPUS, command);
  }

  /** {@code command}, run on the load generator CPUs. */
  static List<String> load(List<String> command) {
    return pinned(LOAD_CPUS, command);
  }

  private static List<String> pinned(String cpus, List<String> command) {
    if (cpus.isEmpty()) {
      return command;
    }
    List<String> pinned = new ArrayList<>(List.of("taskset", "-c", cpus));
    pinned.addAll(command);
    return pinned;
  }

  /** One sentence for a summary: where the run's processes ran. */
  static String describe() {
    return SERVER_CPUS.isEmpty() ? "Not pinned to CPUs (taskset missing or a single CPU)."
        : "Servers pinned to CPU " + SERVER_CPUS + ", load generators (wrk, probes) to CPU " + LOAD_CPUS
            + " (taskset); the contenders' order rotates every round.";
  }
}
