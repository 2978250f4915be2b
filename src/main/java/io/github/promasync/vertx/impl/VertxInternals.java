package io.github.promasync.vertx.impl;

import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.core.internal.threadchecker.BlockedThreadChecker;
import io.vertx.core.internal.threadchecker.BlockedThreadEvent;
import io.vertx.core.spi.cluster.ClusterManager;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one place in the library that uses Vert.x's internal API ({@code io.vertx.core.internal},
 * which Vert.x does not promise to keep), for what its public API does not offer. Checked against
 * Vert.x 5.0.8 and 5.1.6.
 * <ul>
 *   <li>The context a request belongs to ({@link #requestContext}): {@code MetricsHandler} may be
 *   reached from a thread of another context or from no Vert.x thread at all, so
 *   {@link Vertx#currentContext()} is not it.</li>
 *   <li>The cluster manager of a clustered instance ({@link #clusterManager}): only it knows this
 *   node's id, its address and the members, and only {@code VertxInternal} hands it back.</li>
 *   <li>Every event loop ({@link #eventLoops}): public API only gives the calling thread's
 *   context, whose event loop is sticky per thread or picked round-robin.</li>
 *   <li>The blocked-thread checker's reports ({@link #onBlockedThread}): its only hook,
 *   {@link BlockedThreadChecker#setThreadBlockedHandler}, replaces the warning it logs.</li>
 * </ul>
 *
 * <p>Public because the metrics implementation ({@code metrics.impl}) reaches the event loops and
 * the blocked-thread checker through it.
 */
public final class VertxInternals {

  // The logger and the messages of BlockedThreadChecker.defaultBlockedThreadHandler, which is
  // private: a handler replaces it, so this one logs what it would have logged, through the same
  // logger of Vert.x's logging (JUL, SLF4J or Log4j 2, whichever the application uses).
  private static final Logger BLOCKED_THREAD_LOG =
      LoggerFactory.getLogger(BlockedThreadChecker.LOGGER_NAME);

  private VertxInternals() {
  }

  /**
   * The context {@code request} belongs to: vertx-core's and vertx-web's request objects extend
   * {@link HttpServerRequestInternal}, whose {@code context()} is the context the request's
   * handlers run on (the event loop, the worker or the virtual-thread context of its verticle).
   *
   * @param request the request
   * @param vertx the request's Vert.x instance, for a request object of unknown type
   * @return the request's context; for a request of unknown type (a user's wrapper), the calling
   *     thread's context, or a new event-loop context when called from a non-Vert.x thread
   */
  public static Context requestContext(HttpServerRequest request, Vertx vertx) {
    if (request instanceof HttpServerRequestInternal) {
      return ((HttpServerRequestInternal) request).context();
    }
    return vertx.getOrCreateContext();
  }

  /**
   * The cluster manager a clustered instance runs with ({@link ClusterManager} itself is public
   * SPI; only the way to reach it is internal).
   *
   * @param vertx the instance
   * @return its cluster manager, or {@code null} when it is not clustered
   */
  public static ClusterManager clusterManager(Vertx vertx) {
    return vertx.isClustered() && vertx instanceof VertxInternal internal
        ? internal.clusterManager()
        : null;
  }

  /**
   * The event loops of a Vert.x instance, in their order; the acceptor loop is not one of them.
   *
   * @param vertx the instance
   * @return its event loops
   */
  public static List<EventExecutor> eventLoops(Vertx vertx) {
    List<EventExecutor> loops = new ArrayList<>();
    ((VertxInternal) vertx).nettyEventLoopGroup().forEach(loops::add);
    return loops;
  }

  /**
   * Whether a thread runs one of the event loops of a Vert.x instance, or its acceptor loop.
   *
   * @param vertx the instance
   * @param thread a thread of that instance
   * @return {@code true} for an event loop thread, {@code false} for a worker thread
   */
  public static boolean isEventLoopThread(Vertx vertx, Thread thread) {
    VertxInternal internal = (VertxInternal) vertx;
    for (EventExecutor loop : internal.nettyEventLoopGroup()) {
      if (loop.inEventLoop(thread)) {
        return true;
      }
    }
    for (EventExecutor loop : internal.acceptorEventLoopGroup()) {
      if (loop.inEventLoop(thread)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Tells {@code listener} of every thread the blocked-thread checker of a Vert.x instance
   * reports, then logs the report exactly as Vert.x does without a handler: the same logger,
   * level, message and, past the warning-exception time, stack trace.
   *
   * @param vertx the instance
   * @param listener called on the checker's thread with each blocked thread; what it throws is
   *     ignored
   */
  public static void onBlockedThread(Vertx vertx, Consumer<Thread> listener) {
    ((VertxInternal) vertx).blockedThreadChecker().setThreadBlockedHandler(event -> {
      try {
        listener.accept(event.thread());
      } catch (RuntimeException e) {
        // Counting must never cost the warning.
      }
      logAsVertx(event);
    });
  }

  private static void logAsVertx(BlockedThreadEvent event) {
    String message = "Thread " + event.thread().getName() + " has been blocked for "
        + (event.duration() / 1_000_000) + " ms, time limit is " + (event.maxExecTime() / 1_000_000)
        + " ms";
    if (event.duration() <= event.warningExceptionTime()) {
      BLOCKED_THREAD_LOG.warn(message);
    } else {
      VertxException stackTrace = new VertxException("Thread blocked");
      stackTrace.setStackTrace(event.thread().getStackTrace());
      BLOCKED_THREAD_LOG.warn(message, stackTrace);
    }
  }
}
