package io.github.promasync.vertx.bench;

import io.vertx.core.json.JsonObject;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures a route's latency at a fixed request rate, in its own JVM so the server's pauses are
 * not the probe's: one keep-alive HTTP/1.1 connection, one request every {@code interval}.
 *
 * <p>Requests are due every {@code interval}; each latency is taken from the time the request was
 * due. When a response takes longer than the interval, the requests that fell due meanwhile are
 * not sent late one after the other (that would measure a growing backlog of our own making);
 * instead each is recorded with the latency it would have had had it been sent on time on its own
 * connection, that is until the slow response arrived (HdrHistogram's
 * {@code recordValueWithExpectedInterval} correction). A closed-loop client such as wrk records one
 * slow request per stall and hides stalls below p99: this is the coordinated-omission error.
 *
 * <p>Usage: {@code PingProbe port path warmupMillis durationMillis intervalMicros}; prints one
 * JSON object on stdout with the percentiles in milliseconds.
 */
public final class PingProbe {

  private PingProbe() {
  }

  /**
   * The command that probes {@code /ping} on {@code port} every millisecond in a JVM of its own,
   * on the load CPUs ({@link Pinning}).
   */
  static List<String> command(int port, int warmupMillis, int durationMillis) {
    return Pinning.load(JavaCommand.of(List.of("-Xmx64m", "-XX:+UseSerialGC"), PingProbe.class,
        Integer.toString(port), "/ping", Integer.toString(warmupMillis), Integer.toString(durationMillis),
        "1000"));
  }

  /**
   * Waits for a probe started with {@link #command} (killing it after {@code timeoutMillis}) and
   * returns the JSON object it printed last: its percentiles in milliseconds.
   */
  static JsonObject result(Process probe, long timeoutMillis) throws IOException, InterruptedException {
    if (!probe.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
      probe.destroyForcibly();
      throw new IllegalStateException("probe did not stop");
    }
    String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    return new JsonObject(output.substring(output.lastIndexOf('\n') + 1));
  }

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    String path = args[1];
    long warmupNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[2]));
    long durationNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[3]));
    long intervalNanos = TimeUnit.MICROSECONDS.toNanos(Long.parseLong(args[4]));
    byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);

    long[] latencies = new long[(int) (durationNanos / intervalNanos) + 1];
    int samples = 0;
    int errors = 0;
    Connection connection = new Connection(port);
    long start = System.nanoTime();
    long measureFrom = start + warmupNanos;
    long end = measureFrom + durationNanos;
    long due = start;
    while (due < end) {
      long now = System.nanoTime();
      if (due > now) {
        LockSupport.parkNanos(due - now);
        continue;
      }
      boolean ok;
      try {
        ok = connection.exchange(request);
      } catch (IOException e) {
        ok = false;
        connection.close();
        connection = new Connection(port);
      }
      long done = System.nanoTime();
      // This request, then every request that fell due while it was outstanding.
      for (; due < end && due <= done; due += intervalNanos) {
        if (due >= measureFrom && samples < latencies.length) {
          if (ok) {
            latencies[samples++] = done - due;
          } else {
            errors++;
          }
        }
      }
    }
    connection.close();

    long[] sorted = Arrays.copyOf(latencies, samples);
    Arrays.sort(sorted);
    System.out.println(String.format(Locale.ROOT,
        "{\"samples\":%d,\"errors\":%d,\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,"
            + "\"p999_ms\":%.3f,\"max_ms\":%.3f}",
        samples, errors, millis(sorted, 0.50), millis(sorted, 0.90), millis(sorted, 0.99),
        millis(sorted, 0.999), millis(sorted, 1.0)));
  }

  static double millis(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  /** One keep-alive connection that reads just enough HTTP/1.1 to find each response's end. */
  private static final class Connection {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final StringBuilder line = new StringBuilder();

    Connection(int port) throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(30_000);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream());
    }

    boolean exchange(byte[] request) throws IOException {
      out.write(request);
      out.flush();
      String status = readLine();
      int length = 0;
      for (String header = readLine(); !header.isEmpty(); header = readLine()) {
        int colon = header.indexOf(':');
        if (colon > 0 && header.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
          length = Integer.parseInt(header.substring(colon + 1).trim());
        }
      }
      for (long skipped = 0; skipped < length; skipped++) {
        if (in.read() < 0) {
          throw new EOFException();
        }
      }
      return status.startsWith("HTTP/1.1 200");
    }

    private String readLine() throws IOException {
      line.setLength(0);
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new EOFException();
        }
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }

    void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // Nothing left to measure on this connection.
      }
    }
  }
}
