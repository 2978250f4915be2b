package io.github.promasync.vertx.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a summary says of the machine a run had: its CPU, memory, JVM, OS and load. */
final class Machine {

  private Machine() {
  }

  /** The machine's CPU model, cores, memory, this JVM's heap, Java, OS and load average now. */
  static JsonObject describe() {
    String cpu = "unknown";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("model name")).findFirst()
          .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse(cpu);
    } catch (IOException | UncheckedIOException e) {
      // Not Linux: the CPU model stays unknown.
    }
    Runtime runtime = Runtime.getRuntime();
    return new JsonObject()
        .put("cpu", cpu)
        // The machine's CPUs, not this JVM's share of them (the suite pins it to some).
        .put("cores", onlineCpus(runtime.availableProcessors()))
        .put("memoryMb", memoryMb())
        .put("maxHeapMb", runtime.maxMemory() / (1 << 20))
        .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"))
        .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"))
        .put("loadAtStart", loadAverage());
  }

  private static int onlineCpus(int fallback) {
    try {
      int count = (int) Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("processor")).count();
      return count > 0 ? count : fallback;
    } catch (IOException | UncheckedIOException e) {
      return fallback;
    }
  }

  private static long memoryMb() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream()
          .filter(line -> line.startsWith("MemTotal:"))
          .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024)
          .findFirst().orElse(-1);
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }

  /** {@code /proc/loadavg} as it reads now, or {@code "unknown"} where there is none. */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
