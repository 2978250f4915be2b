package io.github.promasync.vertx.metrics.impl;

import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;

/**
 * The request metrics of one HTTP server. Vert.x 5.1 creates one per server instance (several per
 * address when a verticle is deployed with several instances): all of them record into the same
 * {@link ServerSeries}, so they share their series and counts add up. Calls arrive on the event
 * loops of the server's connections, several at once.
 */
final class HttpServerMetricsImpl implements HttpServerMetrics<RequestMetric, WebSocketMetric> {

  private final ServerSeries series;
  private final GaugeDataPoint webSockets;

  HttpServerMetricsImpl(ServerSeries series, GaugeDataPoint webSockets) {
    this.series = series;
    this.webSockets = webSockets;
  }

  @Override
  public RequestMetric requestBegin(SocketAddress remoteAddress, HttpRequest request) {
    return new RequestMetric(series.forRequest(request), HttpMethods.index(request.method()),
        series.domain().openRequests, remoteAddress, System.nanoTime());
  }

  @Override
  public void requestRouted(RequestMetric request, String route) {
    if (request != null) {
      request.routed(route);
    }
  }

  @Override
  public void requestEnd(RequestMetric request, HttpRequest httpRequest, long bytesRead) {
    if (request != null) {
      request.requestEnd(bytesRead);
    }
  }

  @Override
  public void requestReset(RequestMetric request) {
    if (request != null) {
      request.reset();
    }
  }

  @Override
  public void requestUpgraded(RequestMetric request) {
    if (request != null) {
      request.upgraded();
    }
  }

  @Override
  public void responseBegin(RequestMetric request, HttpResponse response) {
    if (request != null) {
      request.responseBegin(response.statusCode());
    }
  }

  @Override
  public RequestMetric responsePushed(SocketAddress remoteAddress, HttpMethod method, String uri,
      HttpResponse response) {
    return RequestMetric.pushed(series.forPush(), HttpMethods.index(method),
        response.statusCode());
  }

  @Override
  public void responseEnd(RequestMetric request, HttpResponse response, long bytesWritten) {
    if (request != null) {
      request.responseEnd(response == null ? 0 : response.statusCode(), bytesWritten);
    }
  }

  @Override
  public WebSocketMetric connected(HttpRequest request) {
    return new WebSocketMetric(webSockets);
  }

  @Override
  public void disconnected(WebSocketMetric webSocket) {
    if (webSocket != null) {
      webSocket.closed();
    }
  }
}
