package io.github.promasync.vertx.bench;

import io.github.promasync.vertx.impl.VertxPrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * The baseline of the concurrent-scrapers benchmark: {@code MetricsHandler} as it was before it
 * coalesced scrapes (0.x up to issue 13). Every scrape runs exporter-common on its own, on the
 * application's shared worker pool ({@code executeBlocking}, unordered), with no cap and no
 * timeout, and the buffered answer is sent from the request's context. Reachable only from the
 * benchmarks.
 */
final class UncoalescedScrapeHandler implements Handler<RoutingContext> {

  private final PrometheusScrapeHandler scrapeHandler;

  UncoalescedScrapeHandler(PrometheusRegistry registry) {
    this.scrapeHandler = new PrometheusScrapeHandler(registry);
  }

  @Override
  public void handle(RoutingContext ctx) {
    VertxPrometheusHttpExchange exchange = new VertxPrometheusHttpExchange(ctx.request());
    ctx.vertx().getOrCreateContext()
        .executeBlocking(() -> {
          scrapeHandler.handleRequest(exchange);
          return exchange;
        }, false)
        .onComplete(ar -> {
          HttpServerResponse response = ctx.response();
          if (ar.failed() || exchange.failure() != null || exchange.status() == 0) {
            response.setStatusCode(500).end();
            return;
          }
          Buffer body = exchange.body();
          response.setStatusCode(exchange.status());
          exchange.responseHeaders().forEach(response::putHeader);
          if (!response.headers().contains("Content-Length")) {
            response.putHeader("Content-Length", String.valueOf(body.length()));
          }
          if (HttpMethod.HEAD.equals(ctx.request().method())) {
            response.end();
          } else {
            response.end(body);
          }
        });
  }
}
