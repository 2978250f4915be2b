package io.github.promasync.vertx.metrics.impl;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cardinality guard of a group of families that share a key (e.g. every HTTP client family
 * and {@code (server_address, server_port)}): the first {@code max} distinct keys are admitted,
 * and the series of every later key record under its overflow key, whose traffic-grown values
 * are {@link #OTHER}; one warning is logged the first time that happens. The key is the whole
 * tuple of the labels that traffic or configuration grow (a host and its port, a route and the
 * user's labels, a pool's name within its type, an event bus address, a remote and a namespace),
 * so {@code maxLabelValues} bounds the number of series by construction. Nothing is dropped, so
 * totals over a family stay exact.
 *
 * <p>One guard per registry and group, from {@link Families#guard}, shared by every Vert.x
 * instance recording into that registry. {@link Series} asks it once per new key, not per
 * recording.
 */
final class KeyGuard {

  /** The label value of every traffic-grown value of a key beyond the limit. */
  static final String OTHER = "_OTHER";

  private static final Logger LOG = System.getLogger("io.github.promasync.vertx.metrics");

  private final String families;
  private final String[] labels;
  private final int max;
  private final Set<Object> admitted = ConcurrentHashMap.newKeySet();
  private volatile boolean full;

  KeyGuard(String families, String[] labels, int max) {
    this.families = families;
    this.labels = labels.clone();
    this.max = max;
  }

  /**
   * Admits keys up to the limit.
   *
   * @param key a key, with {@code equals} and {@code hashCode} over its values
   * @return whether {@code key} is admitted (already, or now while fewer than the limit are)
   */
  boolean admit(Object key) {
    if (admitted.contains(key)) {
      return true;
    }
    if (full) {
      return false;
    }
    return admitMissing(key);
  }

  /**
   * Admits a key before any traffic, whatever the limit: names Vert.x itself gives, which must
   * keep their series however many others came first.
   *
   * @param key the key
   */
  void reserve(Object key) {
    admitted.add(key);
  }

  /**
   * Whether a new key would be admitted now: for the first part of a key, whose rest comes
   * later (the user's labels of a request before its route), so that the part takes no place of
   * its own.
   *
   * @return whether fewer keys than the limit are admitted
   */
  boolean hasRoom() {
    return !full && admitted.size() < max;
  }

  private synchronized boolean admitMissing(Object key) {
    if (admitted.contains(key)) {
      return true;
    }
    if (admitted.size() < max) {
      admitted.add(key);
      return true;
    }
    if (!full) {
      full = true;
      String names = String.join(", ", labels);
      LOG.log(Level.WARNING, families + ": (" + names + ") reached " + max + " distinct values "
          + "(PrometheusMetricsOptions maxLabelValues); further ones are recorded as \"" + OTHER
          + "\"");
    }
    return false;
  }

  /**
   * The most distinct keys admitted by traffic.
   *
   * @return the limit
   */
  int max() {
    return max;
  }
}
