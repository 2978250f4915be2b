package io.github.promasync.vertx.metrics.impl;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cardinality guard of one label of one metric family (or of a group of families that always
 * take the same values of that label, e.g. every event bus family and {@code address}): the first
 * {@code max} distinct values are admitted, every later one is recorded as {@link #OTHER}, and one
 * warning is logged the first time that happens. For labels whose values come from traffic or
 * configuration rather than code: event bus addresses, remote addresses, client namespaces, pool
 * names. Nothing is dropped, so totals over a family stay exact.
 *
 * <p>One guard per registry and name, from {@link Families#guard}, shared by every Vert.x
 * instance recording into that registry. Callers cache what they bind per admitted value
 * ({@link GuardedChildren}), so a guard is asked once per new value, not per recording.
 */
public final class LabelGuard {

  /** The label value of every value beyond the limit. */
  public static final String OTHER = "_OTHER";

  private static final Logger LOG = System.getLogger("io.github.promasync.vertx.metrics");

  private final String family;
  private final String label;
  private final int max;
  private final Set<String> admitted = ConcurrentHashMap.newKeySet();
  private volatile boolean full;

  LabelGuard(String family, String label, int max) {
    this.family = family;
    this.label = label;
    this.max = max;
  }

  /**
   * The label value to record a value under.
   *
   * @param value a value of the label, not {@code null}
   * @return {@code value} if it is admitted (already, or now while fewer than the limit are),
   *     {@link #OTHER} otherwise
   */
  public String admit(String value) {
    if (admitted.contains(value)) {
      return value;
    }
    if (full) {
      return OTHER;
    }
    return admitMissing(value);
  }

  private synchronized String admitMissing(String value) {
    if (admitted.contains(value)) {
      return value;
    }
    if (admitted.size() < max) {
      admitted.add(value);
      return value;
    }
    if (!full) {
      full = true;
      LOG.log(Level.WARNING, family + ": label " + label + " reached " + max + " distinct values "
          + "(PrometheusMetricsOptions maxLabelValues); further values are recorded as " + label
          + "=\"" + OTHER + "\"");
    }
    return OTHER;
  }

  /**
   * The most distinct values admitted.
   *
   * @return the limit
   */
  public int max() {
    return max;
  }
}
