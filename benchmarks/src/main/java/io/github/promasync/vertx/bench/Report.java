package io.github.promasync.vertx.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns one run's {@code jmh.json} and {@code load.json} into its summary: the figures, the ratios
 * against the baselines of the same run and each target's {@link Verdict}. Writes
 * {@code summary.adoc} (which BENCHMARKS.adoc includes from {@code results/latest/}) and
 * {@code summary.md} next to them. What it reads of JMH's JSON is {@link JmhRuns}'s; the tables
 * and targets are {@link InstrumentTables}' (JMH) and {@link LoadTables}' (the HTTP load).
 *
 * <p>Usage: {@code Report DIR [--compact-jmh FILE]}.
 */
public final class Report {

  private final JmhRuns jmh;
  private final JsonObject load;
  private final Summary summary = new Summary();

  private Report(JsonArray jmhRuns, JsonObject load) {
    this.jmh = new JmhRuns(jmhRuns == null ? new JsonArray() : jmhRuns);
    this.load = load;
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Path compactJmh = null;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--compact-jmh" -> compactJmh = Path.of(args[++i]);
        default -> throw new IllegalArgumentException(args[i] + ": unknown argument");
      }
    }
    Path jmhFile = dir.resolve("jmh.json");
    Path loadFile = dir.resolve("load.json");
    Report report = new Report(
        Files.exists(jmhFile) ? new JsonArray(Files.readString(jmhFile)) : null,
        Files.exists(loadFile) ? new JsonObject(Files.readString(loadFile)) : null);
    report.build();
    if (compactJmh != null && Files.exists(jmhFile)) {
      Files.writeString(compactJmh, JmhRuns.compact(new JsonArray(Files.readString(jmhFile))).encodePrettily());
    }
    report.notes();
    report.summary.write(dir);
    Files.writeString(dir.resolve("summary.md"), report.summary.render(false));
    System.out.print(report.summary.render(false));
  }

  private void build() {
    if (!jmh.isEmpty()) {
      new InstrumentTables(jmh, summary).build();
    }
    if (load != null) {
      new LoadTables(load, summary).build();
    }
  }

  // --- rendering -------------------------------------------------------------------------------

  /** The run's conditions, above the tables. */
  private void notes() {
    if (load != null) {
      JsonObject machine = load.getJsonObject("machine");
      JsonObject config = load.getJsonObject("config");
      summary.note("Run: " + (load.getBoolean("quick") ? "QUICK MODE (smoke test, not for publication); " : "")
          + machine.getString("cpu") + ", " + machine.getInteger("cores") + " cores, "
          + machine.getLong("memoryMb", -1L) / 1024 + " GiB; " + machine.getString("java") + "; "
          + machine.getString("os") + "; load average at start `" + machine.getString("loadAtStart")
          + "`, at end `" + machine.getString("loadAtEnd", "?") + "`.");
      summary.note(config.getString("pinning", "Not pinned to cores."));
      summary.note(config.getBoolean("httpServerNoDelay", false)
          ? "HTTPServer with `-Dsun.net.httpserver.nodelay=true`."
          : "HTTPServer as built by default (the JDK server's Nagle left on).");
    }
    if (jmh.meta() != null) {
      summary.note("JMH: " + jmh.meta() + "; a JMH verdict pairs every measurement iteration of one"
          + " benchmark with every one of the other.");
    }
  }
}
