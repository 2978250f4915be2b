package io.github.promasync.vertx.impl;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The log of one source of repeated failures (a metric, a collector): the first failure is logged
 * with its stack trace, later ones at most once per interval as one line with the number of
 * failures since the last line, so a failure on every operation or every scrape cannot flood the
 * log.
 *
 * <p>Thread-safe and lock-free; callers on any thread share one instance per source.
 *
 * <p>Public because the metrics implementation ({@code metrics.impl}) logs through it too.
 */
public final class ThrottledLog {

  /** How often a repeated failure is logged again, by default. */
  public static final long DEFAULT_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Logger logger;
  private final long intervalNanos;
  private final LongSupplier clock;
  private final AtomicLong unlogged = new AtomicLong();
  // 0 until the first failure is logged, then the earliest System.nanoTime() of the next line.
  // Long.MIN_VALUE is taken for "never logged" so that any nanoTime value can be stored.
  private final AtomicLong nextLineAt = new AtomicLong(Long.MIN_VALUE);

  /**
   * A log that repeats itself at most once a minute.
   *
   * @param logger where to log
   */
  public ThrottledLog(Logger logger) {
    this(logger, DEFAULT_INTERVAL_NANOS, System::nanoTime);
  }

  /**
   * A log that repeats itself at most once per {@code intervalNanos} of {@code clock}.
   *
   * @param logger where to log
   * @param intervalNanos the shortest time between two lines
   * @param clock a nanosecond clock, {@code System::nanoTime} outside tests
   */
  public ThrottledLog(Logger logger, long intervalNanos, LongSupplier clock) {
    this.logger = logger;
    this.intervalNanos = intervalNanos;
    this.clock = clock;
  }

  /**
   * Reports one failure.
   *
   * @param message what failed, without the exception's message (it is added)
   * @param failure the exception
   */
  public void failure(String message, Throwable failure) {
    long now = clock.getAsLong();
    long next = nextLineAt.get();
    if (next == Long.MIN_VALUE) {
      if (nextLineAt.compareAndSet(Long.MIN_VALUE, now + intervalNanos)) {
        logger.log(Level.ERROR, message, failure);
        return;
      }
      next = nextLineAt.get();
    }
    if (now - next >= 0 && nextLineAt.compareAndSet(next, now + intervalNanos)) {
      long since = unlogged.getAndSet(0) + 1;
      logger.log(Level.ERROR, message + ": " + failure + " (" + since
          + (since == 1 ? " failure" : " failures") + " since the last report; stack trace"
          + " logged with the first)");
      return;
    }
    unlogged.incrementAndGet();
  }

  /**
   * Rethrows {@code t} if it is a {@link VirtualMachineError} (out of memory, stack overflow),
   * which no instrumentation may swallow.
   *
   * @param t a caught throwable
   */
  public static void rethrowIfFatal(Throwable t) {
    if (t instanceof VirtualMachineError) {
      throw (VirtualMachineError) t;
    }
  }
}
