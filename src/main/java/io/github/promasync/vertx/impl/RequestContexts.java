package io.github.promasync.vertx.impl;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.http.HttpServerRequestInternal;

/**
 * The one place that uses Vert.x internal API: finding the context a request belongs to.
 *
 * <p>Vert.x 5 has no public way to ask a request for its context, and {@link Vertx#currentContext()}
 * is not it: {@code handle()} may be reached from a thread of another context or from no Vert.x
 * thread at all (a {@code CompletableFuture} callback calling {@code ctx.next()}). Both vertx-core's
 * and vertx-web's request objects extend {@link HttpServerRequestInternal} (exported by vertx-core's
 * module, unchanged from 5.0 to 5.1), whose {@code context()} is the context the request's handlers
 * run on: the event loop, the worker or the virtual-thread context of the server's verticle.
 */
final class RequestContexts {

  private RequestContexts() {
  }

  /**
   * The context {@code request} belongs to.
   *
   * @param request the request
   * @param vertx the request's Vert.x instance, for a request object of unknown type
   * @return the request's context; for a request of unknown type (a user's wrapper), the calling
   *     thread's context, or a new event-loop context when called from a non-Vert.x thread
   */
  static Context of(HttpServerRequest request, Vertx vertx) {
    if (request instanceof HttpServerRequestInternal) {
      return ((HttpServerRequestInternal) request).context();
    }
    return vertx.getOrCreateContext();
  }
}
