package io.github.promasync.vertx.reliability;

import static io.github.promasync.vertx.testing.LocalHttp.HOST;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.github.promasync.vertx.testing.CapturedLog;
import io.github.promasync.vertx.testing.LocalHttp;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plumbing for the reliability tests: a Vert.x whose blocked-thread checker is strict and
 * listened to, JUL capture, a raw HTTP/1.1 client for what {@code HttpClient} would normalize
 * away, and a gate that blocks collectors until the test lets them go.
 */
final class ReliabilityTesting {

  /**
   * An event-loop task running longer than this is reported by Vert.x's checker. Wide enough for
   * a loaded 2-core CI machine (GC pauses and waiting for a core reach 500 ms there when other
   * builds share it), still below what collecting a large registry on the event loop takes.
   */
  static final long MAX_EVENT_LOOP_MILLIS = 1_000;

  /** Upper bound of every single wait in these tests. */
  static final long WAIT_SECONDS = 30;

  // Vert.x 5 logs blocked threads under this name (the class moved, the logger name did not).
  private static final String BLOCKED_THREAD_CHECKER = "io.vertx.core.impl.BlockedThreadChecker";

  private static boolean warm;

  private ReliabilityTesting() {
  }

  /**
   * Options for a Vert.x whose checker looks every 20 ms and reports any event-loop task longer
   * than {@link #MAX_EVENT_LOOP_MILLIS}. Workers get 30 s: the tests block some on purpose, for a
   * few seconds at most, and a worker warning would then be noise; a blocked event loop is what
   * the tests must catch.
   */
  static VertxOptions strictOptions() {
    return strictOptions(MAX_EVENT_LOOP_MILLIS);
  }

  /** Like {@link #strictOptions()}, with another event-loop limit. */
  static VertxOptions strictOptions(long maxEventLoopMillis) {
    return new VertxOptions()
        .setBlockedThreadCheckInterval(20)
        .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setMaxEventLoopExecuteTime(maxEventLoopMillis)
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setMaxWorkerExecuteTime(30)
        .setMaxWorkerExecuteTimeUnit(TimeUnit.SECONDS)
        // With a stack trace from the first warning on, a failure says what blocked.
        .setWarningExceptionTime(maxEventLoopMillis)
        .setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS);
  }

  /**
   * Serves and scrapes once in this JVM before any checked run: the first HTTP exchange of a JVM
   * loads classes and initialises Netty's allocator (which registers JFR events) on an event loop
   * for a few hundred milliseconds, a one-time cost the checker would otherwise blame on the test.
   */
  static synchronized void warmUp() {
    if (warm) {
      return;
    }
    Vertx vertx = Vertx.vertx();
    try {
      Router router = Router.router(vertx);
      router.route("/metrics").handler(MetricsHandler.create(new PrometheusRegistry()));
      int port = LocalHttp.listen(vertx, router);
      WebClient client = WebClient.create(vertx);
      for (String accept : new String[] {"text/plain", "application/openmetrics-text"}) {
        client.get(port, HOST, "/metrics").putHeader("Accept", accept)
            .putHeader("Accept-Encoding", "gzip").send()
            .timeout(WAIT_SECONDS, TimeUnit.SECONDS).await();
      }
      exchange(port, bytes("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"));
    } finally {
      vertx.close().await();
    }
    warm = true;
  }

  /** Vert.x's blocked-thread checker, listened to; the warnings still reach the build output. */
  static final class BlockedThreadWarnings extends CapturedLog {

    BlockedThreadWarnings() {
      super(BLOCKED_THREAD_CHECKER, false);
    }

    /** Fails if the checker reported any thread, naming what it reported. */
    void assertNone() {
      assertThat(atLeast(Level.WARNING))
          .as("Vert.x blocked-thread checker warnings")
          .extracting(BlockedThreadWarnings::describe)
          .isEmpty();
    }

    private static String describe(LogRecord record) {
      StringBuilder s = new StringBuilder(record.getMessage());
      if (record.getThrown() != null) {
        StackTraceElement[] frames = record.getThrown().getStackTrace();
        for (int i = 0; i < Math.min(frames.length, 24); i++) {
          s.append("\n    at ").append(frames[i]);
        }
      }
      return s.toString();
    }
  }

  /**
   * Blocks the threads that pass it until {@link #open()}; counts who is inside so that a test can
   * prove no thread stays blocked.
   */
  static final class Gate {

    private final CountDownLatch opened = new CountDownLatch(1);
    private final AtomicInteger inside = new AtomicInteger();
    private final CountDownLatch firstEntry = new CountDownLatch(1);

    /** Blocks the caller until the gate opens, at most {@link #WAIT_SECONDS}. */
    void pass() {
      inside.incrementAndGet();
      firstEntry.countDown();
      try {
        opened.await(WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inside.decrementAndGet();
      }
    }

    /** Waits until a thread is blocked at the gate. */
    void awaitEntry() throws InterruptedException {
      assertThat(firstEntry.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("a thread reached the gate")
          .isTrue();
    }

    boolean isOpen() {
      return opened.getCount() == 0;
    }

    int inside() {
      return inside.get();
    }

    void open() {
      opened.countDown();
    }
  }

  /** One HTTP response as read off the wire. */
  record RawResponse(
      String statusLine, int status, Map<String, List<String>> headers, byte[] body) {

    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : values.get(0);
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/\\d\\.\\d (\\d{3})(?: .*)?");

  /**
   * Writes {@code request} as is in one write and reads one response per element of
   * {@code head}, which says whether that response answers a {@code HEAD} (no body); one
   * response to a {@code GET} when {@code head} is empty.
   */
  static List<RawResponse> exchange(int port, byte[] request, boolean... head) {
    if (head.length == 0) {
      head = new boolean[] {false};
    }
    Thread writer = null;
    try (Socket socket = connect(port)) {
      OutputStream out = socket.getOutputStream();
      if (request.length <= 16_384) {
        out.write(request);
        out.flush();
      } else {
        // A server may answer a huge request (414, 431) and close before reading all of it: the
        // rest of the write then fails, and a blocking write would never return. So write from
        // another thread, ignore its failure, and read the answer here; closing the socket ends
        // the writer in any case.
        writer = new Thread(() -> {
          try {
            out.write(request);
            out.flush();
          } catch (IOException expectedWhenTheServerClosesEarly) {
            // the answer, if any, is read below
          }
        }, "raw-http-writer");
        writer.setDaemon(true);
        writer.start();
      }
      InputStream in = socket.getInputStream();
      List<RawResponse> responses = new ArrayList<>();
      for (boolean isHead : head) {
        responses.add(read(in, isHead));
      }
      return responses;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (writer != null) {
        join(writer);
      }
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    assertThat(thread.isAlive()).as("%s still running", thread.getName()).isFalse();
  }

  /** A blocking socket to 127.0.0.1:{@code port}, each read bounded by {@link #WAIT_SECONDS}. */
  static Socket connect(int port) throws IOException {
    return connect(port, 0);
  }

  /**
   * Like {@link #connect(int)}, with a receive buffer of {@code receiveBufferSize} bytes when it is
   * positive: a small one keeps a large response from landing in the client's kernel at once.
   */
  static Socket connect(int port, int receiveBufferSize) throws IOException {
    Socket socket = new Socket();
    if (receiveBufferSize > 0) {
      socket.setReceiveBufferSize(receiveBufferSize);
    }
    socket.connect(new InetSocketAddress(InetAddress.getByName(HOST), port), 10_000);
    socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    return socket;
  }

  /** Reads one response, skipping interim 1xx responses. */
  static RawResponse read(InputStream in, boolean head) throws IOException {
    while (true) {
      String statusLine = readLine(in);
      Matcher m = STATUS_LINE.matcher(statusLine);
      if (!m.matches()) {
        throw new IOException("not a status line: " + statusLine);
      }
      int status = Integer.parseInt(m.group(1));
      Map<String, List<String>> headers = new TreeMap<>();
      for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
        int colon = line.indexOf(':');
        headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
      }
      if (status < 200) {
        continue;
      }
      byte[] body;
      List<String> length = headers.get("content-length");
      List<String> encoding = headers.get("transfer-encoding");
      if (head || status == 204 || status == 304) {
        body = new byte[0];
      } else if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
        body = readChunked(in);
      } else if (length != null) {
        body = readExactly(in, Integer.parseInt(length.get(0)));
      } else {
        body = in.readAllBytes();
      }
      return new RawResponse(statusLine, status, headers, body);
    }
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = readLine(in);
      int semicolon = size.indexOf(';');
      int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      if (n == 0) {
        while (!readLine(in).isEmpty()) {
          // trailers
        }
        return body.toByteArray();
      }
      body.write(readExactly(in, n));
      readLine(in);
    }
  }

  private static byte[] readExactly(InputStream in, int n) throws IOException {
    byte[] bytes = in.readNBytes(n);
    if (bytes.length != n) {
      throw new EOFException("body cut at " + bytes.length + " of " + n + " bytes");
    }
    return bytes;
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed after \"" + line + "\"");
      }
      if (b == '\n') {
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      line.write(b);
      if (line.size() > 65_536) {
        throw new IOException("line too long");
      }
    }
  }

  /** {@code s} in ISO-8859-1 bytes, the raw bytes of an HTTP head. */
  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
