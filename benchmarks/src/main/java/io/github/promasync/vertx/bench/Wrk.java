package io.github.promasync.vertx.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code wrk} as every load harness runs it: one thread, on the load CPUs ({@link Pinning}), its
 * output read by {@link WrkOutput}.
 */
final class Wrk {

  private Wrk() {
  }

  /**
   * {@code wrk -t1 -c<connections> -d<seconds>s [options] url}, pinned to the load CPUs.
   */
  static List<String> command(int connections, int seconds, String url, String... options) {
    List<String> command = new ArrayList<>(List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s"));
    command.addAll(List.of(options));
    command.add(url);
    return Pinning.load(command);
  }

  /**
   * One scraper, as Prometheus scrapes a target: one connection, one scrape at a time, for
   * {@code seconds}; with {@code Accept-Encoding: gzip} when {@code gzip}. With one connection,
   * requests/s is scrapes/s.
   */
  static List<String> scraper(String url, boolean gzip, int seconds) {
    return gzip ? command(1, seconds, url, "--timeout", "30s", "-H", "Accept-Encoding: gzip")
        : command(1, seconds, url, "--timeout", "30s");
  }

  /** Starts {@code command} with its error output merged into its output. */
  static Process start(List<String> command) throws IOException {
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /**
   * Reads a run's output until it ends, then waits for it (at most {@code seconds} + 30 s);
   * a wrk that does not end in time or fails fails the harness.
   */
  static String output(Process wrk, int seconds) throws IOException, InterruptedException {
    // wrk prints only at its end, a few lines: reading one wrk's output never holds up another.
    String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!wrk.waitFor(seconds + 30L, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
      throw new IllegalStateException("wrk failed:\n" + output);
    }
    return output;
  }

  /**
   * Waits for a run of {@code seconds} (killing it after {@code seconds} + 60 s), then reads
   * its figures; an output without them fails the harness. Its exit status is not looked at:
   * the errors it counts are the caller's to judge.
   */
  static WrkOutput await(Process wrk, int seconds) throws IOException, InterruptedException {
    if (!wrk.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
      wrk.destroyForcibly();
      throw new IllegalStateException("wrk did not stop");
    }
    String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    WrkOutput result = WrkOutput.parse(output);
    if (!result.readable()) {
      throw new IllegalStateException("unreadable wrk output:\n" + output);
    }
    return result;
  }
}
