package io.github.promasync.vertx.metrics.impl;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;

/**
 * Datagram (UDP) sockets, in both namings under vertx-micrometer-metrics' names: the size of
 * every datagram read and written ({@code _count} datagrams, {@code _sum} bytes) and errors by
 * exception class. One series each, shared by every socket (mm's {@code local} label on bytes
 * read is opt-in there and not reported here).
 */
final class DatagramDomain implements DatagramSocketMetrics {

  private final DistributionDataPoint bytesRead;
  private final DistributionDataPoint bytesWritten;
  private final Children<Class<?>, CounterDataPoint> errors;

  DatagramDomain(Families families) {
    double[] sizes = {64, 256, 512, 1024, 1472, 4096, 16384, 65507};
    bytesRead = families.histogram("vertx_datagram_bytes_read", "Size of datagrams received",
        null, sizes).labelValues();
    bytesWritten = families.histogram("vertx_datagram_bytes_written", "Size of datagrams sent",
        null, sizes).labelValues();
    Counter errorFamily = families.counter("vertx_datagram_errors",
        "Number of errors by exception class", "class");
    errors = new Children<>(type -> errorFamily.labelValues(type.getSimpleName()));
  }

  @Override
  public void bytesRead(Void socket, SocketAddress remoteAddress, long numberOfBytes) {
    bytesRead.observe(numberOfBytes);
  }

  @Override
  public void bytesWritten(Void socket, SocketAddress remoteAddress, long numberOfBytes) {
    bytesWritten.observe(numberOfBytes);
  }

  @Override
  public void exceptionOccurred(Void socket, SocketAddress remoteAddress, Throwable failure) {
    errors.get(failure == null ? Throwable.class : failure.getClass()).inc();
  }
}
