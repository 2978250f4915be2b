package io.github.promasync.vertx.metrics.impl;

import io.netty.handler.codec.DecoderResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpFrame;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.StreamPriority;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.observability.HttpRequest;

import java.util.Set;

/**
 * What a server request label function ({@code addServerRequestLabel}) is given: the request's
 * head, as Vert.x's metrics SPI shows it when the request begins, before it is handled, on every
 * HTTP version. Its method, URI, path, query, headers, version, scheme, absolute URI and remote
 * address are there; everything else (the body, the response, parameters, cookies, the
 * connection) is not yet, and throws {@link UnsupportedOperationException}.
 */
final class ServerRequestHead implements HttpServerRequest {

  private final HttpRequest request;

  ServerRequestHead(HttpRequest request) {
    this.request = request;
  }

  private static UnsupportedOperationException unavailable(String what) {
    return new UnsupportedOperationException(what + " is not available to a request label "
        + "function: it runs when the request begins, before it is handled");
  }

  @Override
  public HttpMethod method() {
    return request.method();
  }

  @Override
  public String uri() {
    return request.uri();
  }

  @Override
  public String path() {
    String uri = request.uri();
    if (uri == null) {
      return null;
    }
    int query = uri.indexOf('?');
    return query < 0 ? uri : uri.substring(0, query);
  }

  @Override
  public String query() {
    String uri = request.uri();
    int query = uri == null ? -1 : uri.indexOf('?');
    return query < 0 ? null : uri.substring(query + 1);
  }

  @Override
  public MultiMap headers() {
    return request.headers();
  }

  @Override
  public HttpVersion version() {
    return request.version();
  }

  @Override
  public String absoluteURI() {
    return request.absoluteURI();
  }

  @Override
  public String scheme() {
    String absolute = request.absoluteURI();
    int colon = absolute == null ? -1 : absolute.indexOf(':');
    return colon < 0 ? null : absolute.substring(0, colon);
  }

  @Override
  public SocketAddress remoteAddress() {
    return request.remoteAddress();
  }

  @Override
  public HttpServerRequest exceptionHandler(Handler<Throwable> handler) {
    throw unavailable("exceptionHandler");
  }

  @Override
  public HttpServerRequest handler(Handler<Buffer> handler) {
    throw unavailable("handler");
  }

  @Override
  public HttpServerRequest pause() {
    throw unavailable("pause");
  }

  @Override
  public HttpServerRequest resume() {
    throw unavailable("resume");
  }

  @Override
  public HttpServerRequest fetch(long amount) {
    throw unavailable("fetch");
  }

  @Override
  public HttpServerRequest endHandler(Handler<Void> endHandler) {
    throw unavailable("endHandler");
  }

  @Override
  public HostAndPort authority() {
    throw unavailable("authority");
  }

  @Override
  public HostAndPort authority(boolean real) {
    throw unavailable("authority");
  }

  @Override
  public long bytesRead() {
    throw unavailable("bytesRead");
  }

  @Override
  public HttpServerResponse response() {
    throw unavailable("response");
  }

  @Override
  public HttpServerRequest setParamsCharset(String charset) {
    throw unavailable("setParamsCharset");
  }

  @Override
  public String getParamsCharset() {
    throw unavailable("getParamsCharset");
  }

  @Override
  public MultiMap params(boolean semicolonIsNormalChar) {
    throw unavailable("params");
  }

  @Override
  public MultiMap params() {
    throw unavailable("params");
  }

  @Override
  public Future<Buffer> body() {
    throw unavailable("body");
  }

  @Override
  public Future<Void> end() {
    throw unavailable("end");
  }

  @Override
  public Future<NetSocket> toNetSocket() {
    throw unavailable("toNetSocket");
  }

  @Override
  public HttpServerRequest setExpectMultipart(boolean expect) {
    throw unavailable("setExpectMultipart");
  }

  @Override
  public boolean isExpectMultipart() {
    throw unavailable("isExpectMultipart");
  }

  @Override
  public HttpServerRequest uploadHandler(Handler<HttpServerFileUpload> uploadHandler) {
    throw unavailable("uploadHandler");
  }

  @Override
  public MultiMap formAttributes() {
    throw unavailable("formAttributes");
  }

  @Override
  public String getFormAttribute(String attributeName) {
    throw unavailable("getFormAttribute");
  }

  @Override
  public Future<ServerWebSocket> toWebSocket() {
    throw unavailable("toWebSocket");
  }

  @Override
  public boolean isEnded() {
    throw unavailable("isEnded");
  }

  @Override
  public HttpServerRequest customFrameHandler(Handler<HttpFrame> handler) {
    throw unavailable("customFrameHandler");
  }

  @Override
  public HttpConnection connection() {
    throw unavailable("connection");
  }

  @Override
  public HttpServerRequest streamPriorityHandler(Handler<StreamPriority> handler) {
    throw unavailable("streamPriorityHandler");
  }

  @Override
  public DecoderResult decoderResult() {
    throw unavailable("decoderResult");
  }

  @Override
  public Cookie getCookie(String name) {
    throw unavailable("getCookie");
  }

  @Override
  public Cookie getCookie(String name, String domain, String path) {
    throw unavailable("getCookie");
  }

  @Override
  public Set<Cookie> cookies(String name) {
    throw unavailable("cookies");
  }

  @Override
  public Set<Cookie> cookies() {
    throw unavailable("cookies");
  }
}
