package io.github.promasync.vertx.bench;

import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The baseline the suite compares {@code MetricsHandler} with: exporter-common's
 * {@link PrometheusScrapeHandler} called directly on the event loop, through the thinnest Vert.x
 * adapter that works. Same collection and encoding as {@code MetricsHandler}, no thread hop, so
 * the event loop is blocked for the whole scrape.
 */
final class InlineScrapeHandler implements Handler<RoutingContext> {

  private final PrometheusScrapeHandler scrape;

  InlineScrapeHandler(PrometheusRegistry registry) {
    this.scrape = new PrometheusScrapeHandler(registry);
  }

  @Override
  public void handle(RoutingContext ctx) {
    try {
      scrape.handleRequest(new Exchange(ctx.request()));
    } catch (IOException e) {
      ctx.fail(e);
    }
  }

  private static final class Exchange implements PrometheusHttpExchange, PrometheusHttpRequest,
      PrometheusHttpResponse {

    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private Body body;

    Exchange(HttpServerRequest request) {
      this.request = request;
      this.response = request.response();
    }

    @Override
    public PrometheusHttpRequest getRequest() {
      return this;
    }

    @Override
    public PrometheusHttpResponse getResponse() {
      return this;
    }

    @Override
    public String getQueryString() {
      return request.query();
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return Collections.enumeration(request.headers().getAll(name));
    }

    @Override
    public String getMethod() {
      return request.method().name();
    }

    @Override
    public String getRequestPath() {
      return request.path();
    }

    @Override
    public void setHeader(String name, String value) {
      response.putHeader(name, value);
    }

    @Override
    public OutputStream sendHeadersAndGetBody(int statusCode, int contentLength) {
      response.setStatusCode(statusCode);
      body = new Body(contentLength > 0 ? contentLength : 64 * 1024);
      return body;
    }

    @Override
    public void handleException(IOException e) throws IOException {
      throw e;
    }

    @Override
    public void handleException(RuntimeException e) {
      throw e;
    }

    @Override
    public void close() {
      if (body == null) {
        response.end();
      } else if (!response.ended()) {
        response.end(body.buffer);
      }
    }
  }

  /** Collects the body into one Vert.x buffer, written when the exchange closes. */
  private static final class Body extends OutputStream {

    final Buffer buffer;

    Body(int sizeHint) {
      this.buffer = Buffer.buffer(sizeHint);
    }

    @Override
    public void write(int b) {
      buffer.appendByte((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      buffer.appendBytes(b, off, len);
    }

    @Override
    public void close() {
      // The exchange ends the response, once, after exporter-common closed every stream.
    }
  }
}
