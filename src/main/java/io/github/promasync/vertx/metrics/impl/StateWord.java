package io.github.promasync.vertx.metrics.impl;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The state word of a request's metric (server or client side): bits that say which steps of the
 * request have been recorded, set by compare-and-set so that each step is recorded once whatever
 * the order and the repetitions of Vert.x's calls, and so that what one thread wrote before
 * setting a bit is seen by the thread that finds it set.
 */
abstract class StateWord {

  private static final AtomicIntegerFieldUpdater<StateWord> STATE =
      AtomicIntegerFieldUpdater.newUpdater(StateWord.class, "state");

  /** The bits set so far; read it, set it only through {@link #set(int)} once shared. */
  volatile int state;

  /**
   * Sets the first bits, before the object is shared: an ordered store, without the fence of a
   * volatile write.
   *
   * @param bits the bits
   */
  final void init(int bits) {
    STATE.lazySet(this, bits);
  }

  /**
   * Sets bits.
   *
   * @param bits the bits to set
   * @return the state before: the caller did the step if its bit was clear there
   */
  final int set(int bits) {
    int before;
    do {
      before = state;
    } while (!STATE.compareAndSet(this, before, before | bits));
    return before;
  }

  /**
   * Sets bits, and in the same compare-and-set {@code then} if every bit of {@code when} was
   * already set: one atomic step where two would be needed otherwise (the second end of a request
   * both marks its end and claims the request's finish).
   *
   * @param bits the bits to set
   * @param when the bits that must all be set already for {@code then} to be set too
   * @param then the bits set as well when {@code when} holds
   * @return the state before: the caller set {@code then} if {@code when} held there and
   *     {@code then} was clear
   */
  final int set(int bits, int when, int then) {
    int before;
    do {
      before = state;
    } while (!STATE.compareAndSet(this, before,
        before | bits | ((before & when) == when ? then : 0)));
    return before;
  }
}
