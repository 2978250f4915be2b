package io.github.promasync.vertx.metrics.impl;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;

/** A GET and a response as Vert.x's metrics SPI shows them, for driving the callbacks directly. */
final class FakeExchanges {

  private FakeExchanges() {
  }

  /** A GET of {@code /} over HTTP/1.1 from {@code remote}. */
  static HttpRequest get(SocketAddress remote) {
    return new HttpRequest() {
      @Override
      @SuppressWarnings("removal") // Vert.x 5.1 deprecates it; the interface still declares it.
      public long id() {
        return 1;
      }

      @Override
      public HttpVersion version() {
        return HttpVersion.HTTP_1_1;
      }

      @Override
      public String uri() {
        return "/";
      }

      @Override
      public String absoluteURI() {
        return "http://localhost/";
      }

      @Override
      public HttpMethod method() {
        return HttpMethod.GET;
      }

      @Override
      public MultiMap headers() {
        return MultiMap.caseInsensitiveMultiMap();
      }

      @Override
      public SocketAddress remoteAddress() {
        return remote;
      }
    };
  }

  /** A response with this status and no headers. */
  static HttpResponse status(int code) {
    return new HttpResponse() {
      @Override
      public int statusCode() {
        return code;
      }

      @Override
      public MultiMap headers() {
        return MultiMap.caseInsensitiveMultiMap();
      }
    };
  }
}
