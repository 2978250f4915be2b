package io.github.promasync.vertx.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

/**
 * HTTP on loopback for every test: the one host constant, servers on port 0 whose port is read
 * back, gunzip, and the port checks.
 */
public final class LocalHttp {

  /** Every test server listens here, and only here. */
  public static final String HOST = "127.0.0.1";

  private LocalHttp() {
  }

  /**
   * Serves {@code router} on {@link #HOST} and port 0.
   *
   * @param vertx the Vert.x instance
   * @param router what to serve
   * @return the port the server got
   */
  public static int listen(Vertx vertx, Router router) {
    return listen(vertx, new HttpServerOptions(), router);
  }

  /**
   * Serves {@code router} with {@code options} on {@link #HOST} and port 0.
   *
   * @param vertx the Vert.x instance
   * @param options the server options (their host and port are ignored)
   * @param router what to serve
   * @return the port the server got
   */
  public static int listen(Vertx vertx, HttpServerOptions options, Router router) {
    return vertx.createHttpServer(options)
        .requestHandler(router)
        .listen(0, HOST)
        .await()
        .actualPort();
  }

  /**
   * A port that was free a moment ago, for the few tests whose subject is a port fixed in advance
   * (several instances sharing one, a verticle deployed by class name from JSON), which port 0
   * cannot express. Everything else binds port 0 and reads the port back.
   *
   * @return the port
   */
  public static int freePort() {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether a server accepts connections on {@code HOST:port} now.
   *
   * @param port the port
   * @return {@code true} if a connection to it is accepted
   */
  public static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getByName(HOST), port), 5_000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  /**
   * Completes once no server listens on {@code HOST:port} any more. A closed Vert.x server's
   * future can complete a moment before Netty has closed its listening socket (seen on a loaded
   * machine), so "closing frees the port" is a wait with a deadline, not an instant check.
   *
   * @param vertx the Vert.x instance whose timers pace the polling
   * @param port the port
   * @return a future completed once connections to the port are refused, failed after
   *     20 s
   */
  public static Future<Void> portFreed(Vertx vertx, int port) {
    return VerticleTestSupport.poll(vertx, Duration.ofSeconds(20),
        "port " + port + " to be free", () -> vertx.executeBlocking(() -> !listening(port)));
  }

  /**
   * Decompresses one gzip layer.
   *
   * @param gzipped the compressed bytes
   * @return the bytes inside
   */
  public static byte[] gunzip(byte[] gzipped) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Decompresses one gzip layer.
   *
   * @param gzipped the compressed body
   * @return the body inside
   */
  public static Buffer gunzip(Buffer gzipped) {
    return Buffer.buffer(gunzip(gzipped.getBytes()));
  }

  /**
   * Whether {@code body} starts with the gzip magic number.
   *
   * @param body a response body
   * @return {@code true} if it is gzipped
   */
  public static boolean isGzip(Buffer body) {
    return body.length() >= 2 && body.getUnsignedByte(0) == 0x1f && body.getUnsignedByte(1) == 0x8b;
  }
}
