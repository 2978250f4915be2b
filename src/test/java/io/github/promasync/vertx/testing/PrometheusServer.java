package io.github.promasync.vertx.testing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) for the tests tagged
 * {@code external}: it listens on 127.0.0.1 and port 0 (the port it got is read from its log),
 * keeps its TSDB in the test's directory, and is stopped by {@link #close()} (use it in
 * try-with-resources). A missing binary fails the test, never skips it.
 */
public final class PrometheusServer implements AutoCloseable {

  /** What Prometheus logs once it listens, with the address it got. */
  private static final Pattern LISTENING =
      Pattern.compile("msg=\"Listening on\" address=127\\.0\\.0\\.1:(\\d+)");

  private final Process process;
  private final int port;
  private final Path log;

  private PrometheusServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts the server with {@code config} as its configuration file and waits until it listens.
   *
   * @param dir a directory of the test's own for the configuration, the TSDB and the log
   * @param config the {@code prometheus.yml} text
   * @param flags extra command-line flags, such as {@code --enable-feature=native-histograms}
   * @return the running server
   * @throws IOException if the files cannot be written or the process cannot start
   * @throws InterruptedException if interrupted while waiting for it to listen
   */
  public static PrometheusServer start(Path dir, String config, String... flags)
      throws IOException, InterruptedException {
    Path binary = ExternalPrograms.prometheus();
    Path configFile = Files.writeString(dir.resolve("prometheus.yml"), config, StandardCharsets.UTF_8);
    Path log = dir.resolve("prometheus.log");
    List<String> command = new ArrayList<>(List.of(binary.toString(),
        "--config.file=" + configFile,
        "--storage.tsdb.path=" + dir.resolve("tsdb"),
        "--web.listen-address=127.0.0.1:0"));
    command.addAll(List.of(flags));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    CompletableFuture<Integer> listening = new CompletableFuture<>();
    Thread copier = new Thread(() -> copyLog(process, log, listening), "prometheus-log");
    copier.setDaemon(true);
    copier.start();
    try {
      return new PrometheusServer(process, listening.get(60, TimeUnit.SECONDS), log);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new AssertionError("prometheus did not start listening:\n"
          + new PrometheusServer(process, 0, log).logTail(), e);
    }
  }

  /** Copies the server's output to {@code log}, completing {@code listening} with its port. */
  private static void copyLog(Process process, Path log, CompletableFuture<Integer> listening) {
    try (BufferedReader in = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        out.write(line);
        out.newLine();
        out.flush();
        Matcher matcher = LISTENING.matcher(line);
        if (!listening.isDone() && matcher.find()) {
          listening.complete(Integer.parseInt(matcher.group(1)));
        }
      }
      listening.completeExceptionally(new IOException("prometheus exited"));
    } catch (IOException e) {
      listening.completeExceptionally(new UncheckedIOException(e));
    }
  }

  /**
   * Runs an instant query.
   *
   * @param client the client to send it with
   * @param promql the query
   * @return the result vector; fails if the server has exited
   */
  public Future<JsonArray> query(WebClient client, String promql) {
    return api(client, "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
        .map(data -> data.getJsonArray("result"));
  }

  /**
   * Reads the scrape targets.
   *
   * @param client the client to send it with
   * @return the active targets; fails if the server has exited
   */
  public Future<JsonArray> activeTargets(WebClient client) {
    return api(client, "/api/v1/targets").map(data -> data.getJsonArray("activeTargets"));
  }

  /**
   * Reads the rule groups and their rules' health.
   *
   * @param client the client to send it with
   * @return the groups of {@code /api/v1/rules}; fails if the server has exited
   */
  public Future<JsonArray> ruleGroups(WebClient client) {
    return api(client, "/api/v1/rules").map(data -> data.getJsonArray("groups"));
  }

  /**
   * Queries the exemplars of the last hour ({@code --enable-feature=exemplar-storage}).
   *
   * @param client the client to send it with
   * @param promql the series selector
   * @return one object per series: {@code seriesLabels} and {@code exemplars}, each with its
   *     {@code labels}; fails if the server has exited
   */
  public Future<JsonArray> queryExemplars(WebClient client, String promql) {
    if (!process.isAlive()) {
      return Future.failedFuture(new AssertionError("prometheus exited:\n" + logTail()));
    }
    long now = System.currentTimeMillis() / 1000;
    return client.get(port, "127.0.0.1", "/api/v1/query_exemplars?query="
            + URLEncoder.encode(promql, StandardCharsets.UTF_8)
            + "&start=" + (now - 3600) + "&end=" + (now + 3600)).send()
        .map(response -> response.bodyAsJsonObject().getJsonArray("data"));
  }

  private Future<JsonObject> api(WebClient client, String pathAndQuery) {
    if (!process.isAlive()) {
      return Future.failedFuture(new AssertionError("prometheus exited:\n" + logTail()));
    }
    return client.get(port, "127.0.0.1", pathAndQuery).send()
        .map(response -> response.bodyAsJsonObject().getJsonObject("data"));
  }

  /**
   * The value of a one-element instant vector.
   *
   * @param result a query's result
   * @return the sample's value, {@code NaN} while the vector is empty
   */
  public static double scalar(JsonArray result) {
    return result.isEmpty()
        ? Double.NaN
        : Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1));
  }

  /**
   * The last lines of the server's log, for failure messages.
   *
   * @return up to 20 lines
   */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /**
   * Stops the server, forcibly if it does not stop within 10 s.
   *
   * @throws InterruptedException if interrupted while waiting for it to exit
   */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Stops the server, as {@link #stop()} does; interrupted, it kills it and keeps the flag. */
  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
