package io.github.promasync.vertx.impl;

import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * One scrape as exporter-common's {@link PrometheusHttpExchange}: a copy of the Vert.x request and
 * a response buffered in memory, so exporter-common can run on a worker thread while the
 * {@link io.vertx.core.http.HttpServerResponse} is only ever touched on its event loop.
 *
 * <p>Create it on the request's context, pass it to one worker, then read the outcome back on the
 * context once the worker is done (the hand-over through the executor and the future gives the
 * happens-before edges; the exchange is never shared by two threads at once).
 *
 * <p>Public because the benchmarks' baseline without coalescing (benchmarks/) builds on it.
 */
public final class VertxPrometheusHttpExchange
    implements PrometheusHttpExchange, PrometheusHttpRequest, PrometheusHttpResponse {

  private final String method;
  private final String path;
  private final String query;
  // A copy, because the worker must not read a map that the event loop still owns.
  private final MultiMap requestHeaders;
  // The collection this exchange is answered from, set by ScrapeCoalescer.
  private Object collection;

  private final MultiMap responseHeaders = MultiMap.caseInsensitiveMultiMap();
  private int status;
  private Buffer body = Buffer.buffer(0);
  private Exception failure;

  /**
   * Copies what exporter-common reads from {@code request}; call it on the request's context.
   *
   * @param request the request to serve
   */
  public VertxPrometheusHttpExchange(HttpServerRequest request) {
    this.method = request.method().name();
    this.path = request.path();
    this.query = request.query();
    this.requestHeaders = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
  }

  private VertxPrometheusHttpExchange(
      String method, String path, String query, MultiMap requestHeaders) {
    this.method = method;
    this.path = path;
    this.query = query;
    this.requestHeaders = requestHeaders;
  }

  /**
   * An exchange for a request given by its parts, for tests of what consumes exchanges.
   *
   * @param method the method
   * @param path the path
   * @param query the query string, or {@code null}
   * @param headers the request headers
   * @return a new exchange with nothing answered yet
   */
  static VertxPrometheusHttpExchange of(String method, String path, String query, MultiMap headers) {
    return new VertxPrometheusHttpExchange(method, path, query, headers);
  }

  /**
   * The same request as a {@code GET}: the answer a {@code GET} and a {@code HEAD} share.
   *
   * @return a new exchange with nothing answered yet
   */
  public VertxPrometheusHttpExchange asGet() {
    return new VertxPrometheusHttpExchange("GET", path, query, requestHeaders);
  }

  /**
   * The values of one request header.
   *
   * @param name the header name, in any case
   * @return the values in the order sent, empty when absent
   */
  public List<String> headerValues(String name) {
    return requestHeaders.getAll(name);
  }

  /**
   * The collection this exchange is answered from.
   *
   * @return what {@link #collection(Object)} set, or {@code null}
   */
  Object collection() {
    return collection;
  }

  /**
   * Binds this exchange to the collection it is answered from.
   *
   * @param collection the collection
   */
  void collection(Object collection) {
    this.collection = collection;
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
  public void handleException(IOException e) {
    failure = e;
  }

  @Override
  public void handleException(RuntimeException e) {
    failure = e;
  }

  @Override
  public void close() {
    // Nothing to release: the body is a heap buffer that the event loop sends or drops.
  }

  @Override
  public String getQueryString() {
    return query;
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    return Collections.enumeration(requestHeaders.getAll(name));
  }

  @Override
  public String getMethod() {
    return method;
  }

  @Override
  public String getRequestPath() {
    return path;
  }

  @Override
  public void setHeader(String name, String value) {
    responseHeaders.set(name, value);
  }

  @Override
  public OutputStream sendHeadersAndGetBody(int statusCode, int contentLength) throws IOException {
    if (status != 0) {
      throw new IOException("response already started");
    }
    status = statusCode;
    body = Buffer.buffer(Math.max(contentLength, 0));
    Buffer target = body;
    return new OutputStream() {
      @Override
      public void write(int b) {
        target.appendByte((byte) b);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) {
        target.appendBytes(bytes, offset, length);
      }
    };
  }

  /**
   * Answers this exchange with {@code plain}'s answer gzipped, as exporter-common answers a
   * request with {@code Accept-Encoding: gzip}: the same status and headers, without
   * {@code Content-Length}, with {@code Content-Encoding: gzip}.
   *
   * @param plain a complete answer without compression
   * @throws IOException never in practice: the body is written to memory
   */
  public void gzipOf(VertxPrometheusHttpExchange plain) throws IOException {
    status = plain.status;
    responseHeaders.clear().addAll(plain.responseHeaders)
        .remove("Content-Length")
        .set("Content-Encoding", "gzip");
    Buffer target = Buffer.buffer(Math.max(plain.body.length() / 8, 64));
    body = target;
    try (GZIPOutputStream zipped = new GZIPOutputStream(new OutputStream() {
      @Override
      public void write(int b) {
        target.appendByte((byte) b);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) {
        target.appendBytes(bytes, offset, length);
      }
    }, 8192)) {
      zipped.write(plain.body.getBytes());
    }
  }

  /**
   * Answers this exchange without exporter-common, e.g. to reject a request it would accept.
   *
   * @param statusCode the status to send
   * @param message the one-line plain-text body
   */
  public void reject(int statusCode, String message) {
    status = statusCode;
    responseHeaders.clear().set("Content-Type", "text/plain; charset=utf-8");
    body = Buffer.buffer(message);
  }

  /**
   * The exception exporter-common reported, if any.
   *
   * @return the exception, or {@code null} when the scrape succeeded
   */
  public Exception failure() {
    return failure;
  }

  /**
   * The status exporter-common sent.
   *
   * @return the status code, or {@code 0} when no response was started
   */
  public int status() {
    return status;
  }

  /**
   * The headers exporter-common set.
   *
   * @return the response headers
   */
  public MultiMap responseHeaders() {
    return responseHeaders;
  }

  /**
   * The body exporter-common wrote, already compressed if it chose gzip.
   *
   * @return the body
   */
  public Buffer body() {
    return body;
  }
}
