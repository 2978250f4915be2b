package io.github.promasync.vertx.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time of another process's threads, from Linux's {@code /proc/<pid>/task/<tid>/schedstat}
 * (the scheduler's own clock, not sampled ticks): all of them, its Vert.x event loop's, and its
 * JIT compiler threads'.
 */
final class ThreadCpu {

  // Linux truncates a thread's name to 15 characters in comm.
  private static final String EVENT_LOOP_COMM = "vert.x-eventloo";

  private ThreadCpu() {
  }

  /**
   * The CPU time each thread of a process has run, in ns, by thread id: the first field of its
   * {@code schedstat}. A thread that ends between two readings is missing from the second.
   */
  static Map<String, Long> read(long pid) throws IOException {
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

  /**
   * The CPU time a process's threads ran since {@code before} ({@link #read}), in ns: all of
   * them ({@code processCpuNs}), its event loop ({@code eventLoopCpuNs}) and its JIT compiler
   * threads ({@code jitCpuNs}, to see whether it was still warming up). A thread alive now counts
   * from its value in {@code before}, or from 0 if it started since.
   */
  static JsonObject since(long pid, Map<String, Long> before) throws IOException {
    long process = 0;
    long eventLoop = 0;
    long jit = 0;
    for (Map.Entry<String, Long> thread : read(pid).entrySet()) {
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

  private static String comm(long pid, String tid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "task", tid, "comm")).trim();
    } catch (NoSuchFileException ended) {
      return "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
