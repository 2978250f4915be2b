package io.github.promasync.vertx.metrics.impl;

import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.core.internal.threadchecker.BlockedThreadChecker;
import io.vertx.core.internal.threadchecker.BlockedThreadEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one place that uses Vert.x's internal API ({@code io.vertx.core.internal}), for what its
 * public API does not offer: reaching every event loop (public API only gives the context of
 * the calling thread, whose event loop is sticky per thread or picked round-robin with every
 * other context Vert.x creates), and hearing of the blocked-thread checker's reports (its only
 * hook, {@link BlockedThreadChecker#setThreadBlockedHandler}, replaces the warning it logs).
 * Checked against Vert.x 5.1.6.
 */
final class VertxInternals {

  // The logger and the messages of BlockedThreadChecker.defaultBlockedThreadHandler, which is
  // private: a handler replaces it, so this one logs what it would have logged, through the same
  // logger of Vert.x's logging (JUL, SLF4J or Log4j 2, whichever the application uses).
  private static final Logger BLOCKED_THREAD_LOG =
      LoggerFactory.getLogger(BlockedThreadChecker.LOGGER_NAME);

  private VertxInternals() {
  }

  /**
   * The event loops of a Vert.x instance, in their order; the acceptor loop is not one of them.
   *
   * @param vertx the instance
   * @return its event loops
   */
  static List<EventExecutor> eventLoops(Vertx vertx) {
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
  static boolean isEventLoopThread(Vertx vertx, Thread thread) {
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
  static void onBlockedThread(Vertx vertx, Consumer<Thread> listener) {
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
