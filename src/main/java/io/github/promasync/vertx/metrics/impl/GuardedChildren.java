package io.github.promasync.vertx.metrics.impl;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * {@link Children} for a label under a {@link LabelGuard}: values bound once per admitted label
 * value, and one value, bound with {@link LabelGuard#OTHER}, shared by every value beyond the
 * limit. A hit is one {@link ConcurrentHashMap#get}; a value beyond the limit costs a lookup in
 * the guard as well, and is not cached, so that traffic cannot grow this map past the limit.
 *
 * @param <V> what is bound per label value, e.g. a holder of label children
 */
public final class GuardedChildren<V> {

  private final ConcurrentHashMap<String, V> bound = new ConcurrentHashMap<>();
  private final Function<String, ? extends V> bind;
  private final LabelGuard guard;
  private volatile V other;

  /**
   * A cache that binds with {@code bind}, under {@code guard}.
   *
   * @param guard the guard of the label, from {@link Families#guard}
   * @param bind makes the value of an admitted label value or of {@link LabelGuard#OTHER}, called
   *     at most once per label value
   */
  public GuardedChildren(LabelGuard guard, Function<String, ? extends V> bind) {
    this.guard = guard;
    this.bind = bind;
  }

  /**
   * The value of a label value: bound on first use if the guard admits it, the value of
   * {@link LabelGuard#OTHER} if not.
   *
   * @param key the label value, not {@code null}
   * @return its value
   */
  public V get(String key) {
    V value = bound.get(key);
    return value != null ? value : miss(key);
  }

  private V miss(String key) {
    String admitted = guard.admit(key);
    if (admitted == key) {
      return bound.computeIfAbsent(key, bind);
    }
    V shared = other;
    if (shared == null) {
      synchronized (this) {
        shared = other;
        if (shared == null) {
          shared = bind.apply(LabelGuard.OTHER);
          other = shared;
        }
      }
    }
    return shared;
  }
}
