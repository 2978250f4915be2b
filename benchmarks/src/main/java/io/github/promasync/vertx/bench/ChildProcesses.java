package io.github.promasync.vertx.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes a harness starts (wrk, probes), kept so that every one of them can be killed
 * when the harness ends, however it ends.
 */
final class ChildProcesses {

  private final List<Process> children = new ArrayList<>();

  /** Starts {@code command}, its error output merged into its output. */
  Process start(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    synchronized (children) {
      children.add(process);
    }
    return process;
  }

  /** Kills every process started that is still alive. */
  void killAll() {
    synchronized (children) {
      for (Process process : children) {
        if (process.isAlive()) {
          process.destroyForcibly();
        }
      }
      children.clear();
    }
  }
}
