package io.github.promasync.vertx.metrics.impl;

import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;

/**
 * The request metrics of one HTTP client: Vert.x asks it for the metrics of each endpoint (a
 * server it connects to), which all record into the {@link EndpointSeries} of that server.
 */
final class HttpClientMetricsImpl implements HttpClientMetrics<ClientRequest, WebSocketMetric> {

  private final HttpClientDomain domain;

  HttpClientMetricsImpl(HttpClientDomain domain) {
    this.domain = domain;
  }

  @Override
  public ClientMetrics<ClientRequest, HttpRequest, HttpResponse> createEndpointMetrics(
      SocketAddress remoteAddress, int maxPoolSize) {
    return new Endpoint(domain.endpoint(remoteAddress));
  }

  /** A WebSocket opened to the server at the request's remote address (its connection's). */
  @Override
  public WebSocketMetric connected(HttpRequest request) {
    SocketAddress server = request == null ? null : request.remoteAddress();
    return new WebSocketMetric(domain.endpoint(server).webSockets());
  }

  @Override
  public void disconnected(WebSocketMetric webSocket) {
    if (webSocket != null) {
      webSocket.closed();
    }
  }

  /** The requests to one server. Calls arrive on the event loops of its connections. */
  private static final class Endpoint
      implements ClientMetrics<ClientRequest, HttpRequest, HttpResponse> {

    private static final int UNKNOWN = 0;
    private static final int HTTP = 1;
    private static final int HTTPS = 2;

    private final EndpointSeries series;
    // Vert.x makes one endpoint per (server, TLS or not, protocol, proxy): every request through
    // it has the same scheme, read from the first one. HTTP/2 and HTTP/3 requests build their
    // absolute URI on each call, so it is asked once, not per request.
    private volatile int scheme = UNKNOWN;

    Endpoint(EndpointSeries series) {
      this.series = series;
    }

    @Override
    public ClientRequest init() {
      return new ClientRequest(series);
    }

    @Override
    public void requestBegin(ClientRequest request, String uri, HttpRequest httpRequest) {
      if (request != null) {
        int known = scheme;
        if (known == UNKNOWN) {
          String absolute = httpRequest.absoluteURI();
          known = absolute != null && absolute.startsWith("https:") ? HTTPS : HTTP;
          scheme = known;
        }
        request.begin(known == HTTPS, HttpServerDomain.versionIndex(httpRequest.version()),
            HttpMethods.index(httpRequest.method()), httpRequest);
      }
    }

    @Override
    public void requestEnd(ClientRequest request, long bytesWritten) {
      if (request != null) {
        request.requestEnd(bytesWritten);
      }
    }

    @Override
    public void responseBegin(ClientRequest request, HttpResponse response) {
      if (request != null && response != null) {
        request.responseBegin(response.statusCode());
      }
    }

    @Override
    public void responseEnd(ClientRequest request, long bytesRead) {
      if (request != null) {
        request.responseEnd(bytesRead);
      }
    }

    @Override
    public void requestReset(ClientRequest request) {
      if (request != null) {
        request.reset();
      }
    }
  }
}
