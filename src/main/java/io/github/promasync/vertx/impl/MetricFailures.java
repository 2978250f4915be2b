package io.github.promasync.vertx.impl;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * The logs of metrics that throw while recording, one {@link ThrottledLog} per metric: the first
 * failure of each metric is logged with its stack trace, later ones at most once a minute with a
 * count. A metric that throws on every operation (a custom data point with a bug, a metric closed
 * under the application's feet) cannot flood the log, and one broken metric cannot hide another.
 *
 * <p>Only the failure path comes here: recording that succeeds never looks anything up. Metrics
 * are held weakly, so the logs of discarded metrics (labelled children removed from their parent)
 * go with them; past {@link #MAX_METRICS} failing metrics at once, the others share one log.
 */
final class MetricFailures {

  /** The logger, as documented: {@code io.github.promasync.vertx.Instrument}. */
  static final System.Logger LOG = System.getLogger("io.github.promasync.vertx.Instrument");

  /** How many failing metrics get a log of their own. */
  static final int MAX_METRICS = 1000;

  private static final Map<Object, ThrottledLog> LOGS = new WeakHashMap<>();
  private static final ThrottledLog OTHERS = new ThrottledLog(LOG);

  private MetricFailures() {
  }

  /**
   * Reports that recording into {@code metric} threw {@code failure}.
   *
   * @param metric the data point that threw
   * @param failure what it threw, not a {@link VirtualMachineError}
   */
  static void failed(Object metric, Throwable failure) {
    logOf(metric).failure("Recording into " + describe(metric)
        + " failed; the operation's outcome is unchanged", failure);
  }

  private static ThrottledLog logOf(Object metric) {
    synchronized (LOGS) {
      ThrottledLog log = LOGS.get(metric);
      if (log == null) {
        if (LOGS.size() >= MAX_METRICS) {
          return OTHERS;
        }
        log = new ThrottledLog(LOG);
        LOGS.put(metric, log);
      }
      return log;
    }
  }

  private static String describe(Object metric) {
    String identity = metric.getClass().getName() + "@"
        + Integer.toHexString(System.identityHashCode(metric));
    if (metric instanceof Collector) {
      // A labelled child knows no name; a metric registered as a collector does.
      MetricFamilyDescriptor family = ((Collector) metric).getMetricFamilyDescriptor();
      if (family != null) {
        return "metric " + family.getPrometheusName() + " (" + identity + ")";
      }
    }
    return "metric " + identity;
  }
}
