package io.github.promasync.vertx.metrics.impl;

import static io.github.promasync.vertx.metrics.impl.FamilySpec.counter;
import static io.github.promasync.vertx.metrics.impl.FamilySpec.gauge;
import static io.github.promasync.vertx.metrics.impl.FamilySpec.label;

import io.github.promasync.vertx.metrics.impl.FamilySpec.Label;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;

/**
 * The connection families of a transport (an HTTP client's, a TCP server's or client's): open
 * connections, bytes read and written, errors by exception class. Their labels, if any, are taken
 * from the domain's key as {@link Family} describes; the error family adds {@code class}, whose
 * value goes in the key's slot {@code classSlot}.
 */
final class ConnectionFamilies {

  /** A naming's connection families of one transport. */
  record Names(FamilySpec<GaugeDataPoint> connections, FamilySpec<CounterDataPoint> bytesRead,
      FamilySpec<CounterDataPoint> bytesWritten, FamilySpec<CounterDataPoint> errors) {

    /**
     * The families {@code <prefix>_active_connections}, {@code <prefix>_bytes_read},
     * {@code <prefix>_bytes_written} and {@code <prefix>_errors}, as vertx-micrometer-metrics
     * names them.
     *
     * @param prefix e.g. {@code vertx_net_server}
     * @param classSlot the slot of the exception class in the domain's key
     * @param labels the labels the families share
     * @return the families
     */
    static Names of(String prefix, int classSlot, Label... labels) {
      return new Names(
          gauge(prefix + "_active_connections", "Number of open connections", labels),
          counter(prefix + "_bytes_read", "Number of bytes received", labels),
          counter(prefix + "_bytes_written", "Number of bytes sent", labels),
          counter(prefix + "_errors", "Number of errors by exception class", labels)
              .with(label("class", classSlot)));
    }
  }

  final Family<GaugeDataPoint> connections;
  final Family<CounterDataPoint> bytesRead;
  final Family<CounterDataPoint> bytesWritten;
  final Family<CounterDataPoint> errors;
  private final int classSlot;

  ConnectionFamilies(Families families, Names names, int classSlot) {
    connections = families.family(names.connections());
    bytesRead = families.family(names.bytesRead());
    bytesWritten = families.family(names.bytesWritten());
    errors = families.family(names.errors());
    this.classSlot = classSlot;
  }

  /** The series of one group of connections, labelled from {@code key}. */
  ConnectionSeries bind(String[] key) {
    return new ConnectionSeries(this, key);
  }

  /**
   * The series of connections that share label values: bound once per group, then reached
   * through the connection's metric object that Vert.x hands back on every call.
   */
  static final class ConnectionSeries {
    final GaugeDataPoint connections;
    final CounterDataPoint bytesRead;
    final CounterDataPoint bytesWritten;
    // Exception classes are few (code, not traffic, names them): no guard.
    private final Series<Class<?>, CounterDataPoint> errors;

    private ConnectionSeries(ConnectionFamilies families, String[] key) {
      connections = families.connections.bind(key);
      bytesRead = families.bytesRead.bind(key);
      bytesWritten = families.bytesWritten.bind(key);
      String[] base = java.util.Arrays.copyOf(key, Math.max(key.length, families.classSlot + 1));
      errors = new Series<>(type -> {
        String[] withClass = base.clone();
        withClass[families.classSlot] = type.getSimpleName();
        return families.errors.bind(withClass);
      });
    }

    /** Counts one error. */
    void error(Throwable failure) {
      errors.get(failure == null ? Throwable.class : failure.getClass()).inc();
    }
  }
}
