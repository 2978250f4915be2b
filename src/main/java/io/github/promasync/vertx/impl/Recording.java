package io.github.promasync.vertx.impl;

import io.vertx.core.Completable;

/**
 * The end of one measured operation: registered as the listener of the operation's future, or
 * called directly when the operation finished synchronously.
 *
 * <p>It is a {@link Completable} so that {@code future.onComplete(recording)} adds it as a
 * listener as it is, without the wrapper Vert.x puts around a {@code Handler<AsyncResult>}.
 */
public abstract class Recording implements Completable<Object> {

  private static final System.Logger LOG = System.getLogger(Recording.class.getName());

  /**
   * Records the outcome; a metric that throws is logged and never reaches the caller's future or
   * the listeners after this one.
   */
  @Override
  public final void complete(Object result, Throwable failure) {
    try {
      record(failure);
    } catch (Throwable t) {
      ThrottledLog.rethrowIfFatal(t);
      LOG.log(System.Logger.Level.ERROR,
          "Recording a metric failed; the operation's outcome is unchanged", t);
    }
  }

  /**
   * Records the end of the operation.
   *
   * @param failure the operation's failure, {@code null} when it succeeded
   */
  protected abstract void record(Throwable failure);
}
