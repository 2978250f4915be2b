package io.github.promasync.vertx.impl;

/**
 * One verb bound to one metric: {@link #start()} is called at each operation's start point and
 * returns what records its end.
 *
 * <p>Public because {@code Instrument} passes it between {@link Meters} and {@link Forms}.
 */
@FunctionalInterface
public interface Meter {

  /**
   * Marks the start of one operation.
   *
   * @return the recording to complete exactly once when the operation ends
   */
  Recording start();
}
