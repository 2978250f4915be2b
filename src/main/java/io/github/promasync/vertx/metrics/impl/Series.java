package io.github.promasync.vertx.metrics.impl;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The one series core: what a domain bound for each key (the children of its families for those
 * label values), keyed by the whole key, under the key's {@link KeyGuard}. A key the guard does
 * not admit records into the series of its overflow key (its traffic-grown values
 * {@link KeyGuard#OTHER}), which is bound once: so the number of bound keys, and of series, is
 * bounded by construction, and totals stay exact past the guard.
 *
 * <p>A hit is one {@link ConcurrentHashMap#get}: no lock, no allocation. Keys whose instances
 * repeat (a route name vertx-web hands over each time, an event bus address, a class) hit on an
 * identity check and a cached hash. A key past the guard is not stored, so that traffic cannot
 * grow the map: it costs a look-up in the guard as well.
 *
 * @param <K> the key: a {@code String}, a {@code Class}, a record of label values
 * @param <V> what is bound per key, e.g. a holder of label children
 */
final class Series<K, V> {

  private final ConcurrentHashMap<K, V> bound = new ConcurrentHashMap<>();
  private final Predicate<? super K> admit;
  private final UnaryOperator<K> overflow;
  private final Function<? super K, ? extends V> bind;

  /**
   * Series whose keys traffic grows: bounded by a {@link KeyGuard}.
   *
   * @param admit the guard of the keys, e.g. {@code guard::admit}
   * @param overflow the key a key past the guard records under
   * @param bind makes the value of an admitted key or of an overflow key, at most once per key
   */
  Series(Predicate<? super K> admit, UnaryOperator<K> overflow,
      Function<? super K, ? extends V> bind) {
    this.admit = admit;
    this.overflow = overflow;
    this.bind = bind;
  }

  /**
   * Series whose keys code bounds (exception classes, client types, methods).
   *
   * @param bind makes the value of a key, at most once per key
   */
  Series(Function<? super K, ? extends V> bind) {
    this(null, null, bind);
  }

  /**
   * The value of a key, bound on first use, or that of its overflow key past the guard.
   *
   * @param key the key, not {@code null}
   * @return its value
   */
  V get(K key) {
    V value = bound.get(key);
    if (value != null) {
      return value;
    }
    K admitted = admit == null || admit.test(key) ? key : overflow.apply(key);
    return bound.computeIfAbsent(admitted, bind);
  }

  /**
   * How many keys are bound.
   *
   * @return the number of keys, overflow keys included
   */
  int size() {
    return bound.size();
  }
}
