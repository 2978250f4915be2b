package io.github.promasync.vertx;

import java.util.function.LongSupplier;

/**
 * A clock that moves one second forward on every read, per thread: an operation started and
 * ended on one thread is observed as exactly one second, whatever other threads do meanwhile.
 */
final class TickingClock implements LongSupplier {

  static final long ONE_SECOND = 1_000_000_000L;

  private final ThreadLocal<long[]> now = ThreadLocal.withInitial(() -> new long[1]);

  @Override
  public long getAsLong() {
    long[] cell = now.get();
    cell[0] += ONE_SECOND;
    return cell[0];
  }
}
