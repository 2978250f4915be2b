package io.github.promasync.vertx.metrics.impl;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * The hit-path cache, in front of {@link Family#bind}, of values bound once per small int key of
 * which only a few occur: the status codes a route answers with. Reads scan a copy-on-write array
 * (usually one to four entries) after one volatile read: no lock, no allocation, no boxing; only a
 * miss locks and copies. (A {@link Series} keyed by {@code Integer} would box every status above
 * 127 on every request.)
 *
 * @param <V> what is bound per key
 */
final class IntCache<V> {

  private static final int[] NO_KEYS = new int[0];
  private static final Object[] NO_VALUES = new Object[0];

  private final IntFunction<? extends V> bind;
  // Replaced together: a reader takes one Entries and sees keys and values that match.
  private volatile Entries entries = new Entries(NO_KEYS, NO_VALUES);

  private record Entries(int[] keys, Object[] values) {
  }

  /**
   * A cache that binds with {@code bind}.
   *
   * @param bind makes the value of a key, called at most once per key
   */
  IntCache(IntFunction<? extends V> bind) {
    this.bind = bind;
  }

  /**
   * The value of a key, bound on first use.
   *
   * @param key the key
   * @return its value
   */
  @SuppressWarnings("unchecked")
  V get(int key) {
    Entries current = entries;
    int[] keys = current.keys;
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] == key) {
        return (V) current.values[i];
      }
    }
    return bindMissing(key);
  }

  @SuppressWarnings("unchecked")
  private synchronized V bindMissing(int key) {
    Entries current = entries;
    int[] keys = current.keys;
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] == key) {
        return (V) current.values[i];
      }
    }
    V value = bind.apply(key);
    int[] newKeys = Arrays.copyOf(keys, keys.length + 1);
    Object[] newValues = Arrays.copyOf(current.values, keys.length + 1);
    newKeys[keys.length] = key;
    newValues[keys.length] = value;
    entries = new Entries(newKeys, newValues);
    return value;
  }
}
