package io.github.promasync.vertx.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the HTTP server metrics spend their time in a live server: one {@link UsersServer} with
 * this library's metrics ({@code ours}) under the load of {@link HttpMetricsLoad} ({@code wrk -t1
 * -c32} on {@code GET /users/:id}, server and wrk pinned apart), profiled by JFR (Java execution
 * samples every millisecond, after a warm-up), and each sample put into the part of the metrics
 * it falls in: the connection table, the series look-up, the histograms, the gauge, exemplars,
 * the transport's byte counters, the event-loop probe, or the callbacks' own code. Writes
 * {@code profile.adoc} (and keeps {@code profile.jfr}).
 *
 * <p>JFR samples threads running Java code only (not the kernel's socket work), so the shares are
 * of the server's Java samples; a sample is attributed to the innermost frame JFR resolves, which
 * on a busy path can be a neighbour of the instruction that cost (an atomic instruction's wait
 * shows on the next line): the parts are a guide to where the time goes, not a measure of it,
 * which is what {@link HttpMetricsLoad}'s CPU per request is.
 *
 * <p>Usage: {@code ProfileParts [--seconds 30] [--warmup 10] [--out DIR]}, or
 * {@code ProfileParts --summarize DIR} to rebuild {@code profile.adoc} from {@code profile.jfr}.
 */
public final class ProfileParts {

  private static final String IMPL = "io.github.promasync.vertx.metrics.impl.";

  /** The parts, in the order a sample's frames are tested (innermost frame first within each). */
  private static final List<String[]> PARTS = List.of(
      new String[] {"Event-loop probe (`EventLoopHealth`)", IMPL + "EventLoopHealth"},
      new String[] {"Transport: connections and byte counters (`ServerTransportMetrics`)",
          IMPL + "ServerTransportMetrics"},
      new String[] {"Connection table (`ServerConnections`: the event loop's table, identity look-up,"
          + " slot)",
          IMPL + "ServerConnections"},
      new String[] {"Span reads for exemplars (OpenTelemetry's `Span.current()`, at `responseBegin`"
          + " and in client_java's sampler)", IMPL + "SpanExemplars", "io.prometheus.metrics.tracer.",
          "io.opentelemetry."},
      // The exemplar sampler is part of client_java's observe, and the wait of the observation's
      // last atomic instruction is often sampled on the sampler's first line.
      new String[] {"Histograms: duration and body sizes (client_java `observe`, its exemplar"
          + " sampler included)", "io.prometheus.metrics.core.metrics.Histogram",
          "io.prometheus.metrics.core.metrics.Buffer", "io.prometheus.metrics.core.exemplars."},
      new String[] {"Active-requests gauge (client_java `inc`/`dec`)",
          "io.prometheus.metrics.core.metrics.Gauge"},
      new String[] {"Counters (client_java `inc`)", "io.prometheus.metrics.core.metrics.Counter"},
      new String[] {"Series look-up (route, method, status: `Series`, `ServerSeries`, `IntCache`,"
          + " `RouteNames`)", IMPL + "Series", IMPL + "ServerSeries", IMPL + "IntCache",
          IMPL + "RouteNames"});
  private static final String OWN = "The callbacks' own code (`RequestMetric`: state word, clock"
      + " reads, the request's object)";

  private ProfileParts() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--summarize")) {
      Path dir = Path.of(args[1]);
      System.out.print(summarize(dir.resolve("profile.jfr"), dir.resolve("profile.adoc"), ""));
      return;
    }
    Map<String, String> opts = new LinkedHashMap<>(Map.of("seconds", "30", "warmup", "10", "out", "."));
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int seconds = Integer.parseInt(opts.get("seconds"));
    int warmup = Integer.parseInt(opts.get("warmup"));
    Path out = Path.of(opts.get("out"));
    Files.createDirectories(out);
    Path jfr = out.resolve("profile.jfr").toAbsolutePath();
    String loadBefore = Machine.loadAverage();
    ServerJvm server = ServerJvm.start("ours", List.of("-Xms512m", "-Xmx512m",
        "-XX:FlightRecorderOptions:stackdepth=256",
        // Recording starts after the warm-up (the delay counts from the JVM's start, which comes
        // before the warm-up's wrk by a second or two) and stops before the measured wrk does.
        "-XX:StartFlightRecording=settings=profile,method-profiling=max,delay=" + (warmup + 3)
            + "s,duration=" + seconds + "s,filename=" + jfr));
    try {
      wrk(server.port(), warmup);
      // Outlasts the recording, which JFR writes when its duration ends.
      wrk(server.port(), seconds + 8);
    } finally {
      server.stop();
    }
    if (!readable(jfr)) {
      throw new IllegalStateException("no JFR recording in " + jfr);
    }
    String context = "`wrk -t1 -c32` on `GET /users/:id` of `UsersServer ours`, " + warmup
        + " s warm-up, then JFR for " + seconds + " s (`settings=profile,method-profiling=max`); "
        + Pinning.describe() + " Load average before `" + loadBefore + "`, after `"
        + Machine.loadAverage() + "`.";
    Files.writeString(out.resolve("profile-context.txt"), context);
    System.out.print(summarize(jfr, out.resolve("profile.adoc"), context));
  }

  private static boolean readable(Path jfr) {
    try (RecordingFile file = new RecordingFile(jfr)) {
      return file.hasMoreEvents();
    } catch (IOException e) {
      return false;
    }
  }

  private static void wrk(int port, int seconds) throws IOException, InterruptedException {
    Wrk.output(Wrk.start(Wrk.command(32, seconds, "http://127.0.0.1:" + port + "/users/42")), seconds);
  }

  /** Reads the recording's Java samples, writes the table of parts, and returns it. */
  static String summarize(Path jfr, Path adoc, String context) throws IOException {
    if (context.isEmpty() && Files.exists(adoc.resolveSibling("profile-context.txt"))) {
      context = Files.readString(adoc.resolveSibling("profile-context.txt"));
    }
    Map<String, Long> parts = new LinkedHashMap<>();
    PARTS.forEach(part -> parts.put(part[0], 0L));
    parts.put(OWN, 0L);
    Map<String, Long> callbacks = new LinkedHashMap<>();
    long total = 0;
    long ours = 0;
    try (RecordingFile file = new RecordingFile(jfr)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        if (!event.getEventType().getName().equals("jdk.ExecutionSample")
            || event.getStackTrace() == null) {
          continue;
        }
        total++;
        List<RecordedFrame> frames = event.getStackTrace().getFrames();
        String entry = null;
        for (RecordedFrame frame : frames) {
          String type = frame.getMethod().getType().getName();
          if (type.startsWith(IMPL)) {
            // The outermost frame of ours: the callback Vert.x called.
            entry = type.substring(IMPL.length()) + "." + frame.getMethod().getName();
          }
        }
        if (entry == null) {
          continue;
        }
        ours++;
        callbacks.merge(entry, 1L, Long::sum);
        parts.merge(part(frames), 1L, Long::sum);
      }
    }
    StringBuilder text = new StringBuilder();
    text.append("Where the HTTP server metrics spend their time in a live server (JFR execution"
        + " samples of Java code). ").append(context).append(" +\n");
    text.append(String.format(Locale.ROOT, "The metrics' code (any frame in `%s`) is in %d of %d"
        + " samples (%.1f%%).%n%n", IMPL.substring(0, IMPL.length() - 1), ours, total,
        100.0 * ours / Math.max(1, total)));
    text.append(".The parts of the metrics' samples\n[options=\"header\"]\n|===\n"
        + "|Part |Samples |Share of all samples |Share of the metrics' samples\n");
    long oursTotal = ours;
    long all = total;
    parts.forEach((part, count) -> text.append(String.format(Locale.ROOT, "|%s |%d |%.2f%% |%.1f%%%n",
        part, count, 100.0 * count / Math.max(1, all), 100.0 * count / Math.max(1, oursTotal))));
    text.append("|===\n\n.The metrics' samples by the callback Vert.x called\n[options=\"header\"]\n"
        + "|===\n|Callback |Samples |Share of all samples\n");
    callbacks.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> text.append(String.format(Locale.ROOT, "|`%s` |%d |%.2f%%%n", e.getKey(),
            e.getValue(), 100.0 * e.getValue() / Math.max(1, all))));
    text.append("|===\n");
    Files.writeString(adoc, text.toString());
    return text.toString();
  }

  private static String part(List<RecordedFrame> frames) {
    for (String[] part : PARTS.subList(0, 2)) {
      for (RecordedFrame frame : frames) {
        if (frame.getMethod().getType().getName().startsWith(part[1])) {
          return part[0];
        }
      }
    }
    // Innermost first: a histogram observed from RequestMetric is the histogram's.
    for (RecordedFrame frame : frames) {
      String type = frame.getMethod().getType().getName();
      for (String[] part : PARTS.subList(2, PARTS.size())) {
        for (int i = 1; i < part.length; i++) {
          if (type.startsWith(part[i])) {
            return part[0];
          }
        }
      }
      if (type.startsWith(IMPL)) {
        return OWN;
      }
    }
    return OWN;
  }
}
