package io.github.promasync.vertx.metrics.impl;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;

import java.util.Arrays;

/**
 * The connection families of a transport (an HTTP client's, a TCP server's or client's): open
 * connections, bytes read and written, errors by exception class. Their labels, if any, are taken
 * from a domain tuple as {@link Family} describes; the error family adds {@code class} at the end.
 */
final class ConnectionFamilies {

  final Family<GaugeDataPoint> connections;
  final Family<CounterDataPoint> bytesRead;
  final Family<CounterDataPoint> bytesWritten;
  final Family<CounterDataPoint> errors;
  private final int classSlot;

  /**
   * @param labels the label names the families share
   * @param slots the index of each of them in the domain's tuple
   */
  ConnectionFamilies(Families families, String connectionsName, String bytesReadName,
      String bytesWrittenName, String errorsName, String[] labels, int... slots) {
    connections = new Family<>(families.gauge(connectionsName, "Number of open connections",
        labels), slots);
    bytesRead = new Family<>(families.counter(bytesReadName, "Number of bytes received",
        labels), slots);
    bytesWritten = new Family<>(families.counter(bytesWrittenName, "Number of bytes sent",
        labels), slots);
    String[] errorLabels = Arrays.copyOf(labels, labels.length + 1);
    errorLabels[labels.length] = "class";
    // The class goes after the slots the domain uses: one slot past the largest.
    int last = -1;
    for (int slot : slots) {
      last = Math.max(last, slot);
    }
    classSlot = last + 1;
    int[] errorSlots = Arrays.copyOf(slots, slots.length + 1);
    errorSlots[slots.length] = classSlot;
    errors = new Family<>(families.counter(errorsName, "Number of errors by exception class",
        errorLabels), errorSlots);
  }

  /** The series of one group of connections, labelled from {@code tuple}. */
  ConnectionSeries bind(String[] tuple) {
    return new ConnectionSeries(this, tuple);
  }

  /**
   * The series of connections that share label values: bound once per group, then reached
   * through the connection's metric object that Vert.x hands back on every call.
   */
  static final class ConnectionSeries {
    final GaugeDataPoint connections;
    final CounterDataPoint bytesRead;
    final CounterDataPoint bytesWritten;
    private final Children<Class<?>, CounterDataPoint> errors;

    private ConnectionSeries(ConnectionFamilies families, String[] tuple) {
      connections = families.connections.bind(tuple);
      bytesRead = families.bytesRead.bind(tuple);
      bytesWritten = families.bytesWritten.bind(tuple);
      String[] base = Arrays.copyOf(tuple, Math.max(tuple.length, families.classSlot + 1));
      errors = new Children<>(type -> {
        String[] withClass = base.clone();
        withClass[families.classSlot] = type.getSimpleName();
        return families.errors.bind(withClass);
      });
    }

    /** Counts one error; the exception classes are few (code, not traffic, names them). */
    void error(Throwable failure) {
      errors.get(failure == null ? Throwable.class : failure.getClass()).inc();
    }
  }
}
