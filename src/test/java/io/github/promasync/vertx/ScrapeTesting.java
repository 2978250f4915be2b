package io.github.promasync.vertx;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/** Shared plumbing for the {@link MetricsHandler} tests: servers on 127.0.0.1, gunzip, logs. */
final class ScrapeTesting {

  static final String HOST = "127.0.0.1";

  private ScrapeTesting() {
  }

  /** Serves {@code router} on 127.0.0.1 and a free port, and returns the port. */
  static int listen(Vertx vertx, Router router) {
    return listen(vertx, new HttpServerOptions(), router);
  }

  /** Serves {@code router} with {@code options} on 127.0.0.1 and a free port; returns the port. */
  static int listen(Vertx vertx, HttpServerOptions options, Router router) {
    return vertx.createHttpServer(options)
        .requestHandler(router)
        .listen(0, HOST)
        .await()
        .actualPort();
  }

  /** Decompresses one gzip layer. */
  static Buffer gunzip(Buffer gzipped) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.getBytes()))) {
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code body} starts with the gzip magic number. */
  static boolean isGzip(Buffer body) {
    return body.length() >= 2 && body.getUnsignedByte(0) == 0x1f && body.getUnsignedByte(1) == 0x8b;
  }
}
