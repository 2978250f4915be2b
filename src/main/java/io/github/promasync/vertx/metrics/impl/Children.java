package io.github.promasync.vertx.metrics.impl;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Values bound once per key, for keys whose instances repeat: route names (vertx-web hands over
 * the same {@code String} each time, so {@code equals} is an identity check and the hash is
 * cached), event bus addresses, remote hosts. A hit is one {@link ConcurrentHashMap#get}: no
 * lock, no allocation; only a miss binds.
 *
 * @param <K> the key
 * @param <V> what is bound per key, e.g. a holder of label children
 */
public final class Children<K, V> {

  private final ConcurrentHashMap<K, V> bound = new ConcurrentHashMap<>();
  private final Function<? super K, ? extends V> bind;

  /**
   * A cache that binds with {@code bind}.
   *
   * @param bind makes the value of a key, called at most once per key
   */
  public Children(Function<? super K, ? extends V> bind) {
    this.bind = bind;
  }

  /**
   * The value of a key, bound on first use.
   *
   * @param key the key, not {@code null}
   * @return its value
   */
  public V get(K key) {
    V value = bound.get(key);
    return value != null ? value : bound.computeIfAbsent(key, bind);
  }

  /**
   * How many keys are bound.
   *
   * @return the number of keys
   */
  public int size() {
    return bound.size();
  }
}
