package io.github.promasync.vertx.metrics.impl;

import static io.github.promasync.vertx.metrics.impl.FamilySpec.counter;
import static io.github.promasync.vertx.metrics.impl.FamilySpec.histogram;
import static io.github.promasync.vertx.metrics.impl.FamilySpec.label;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
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
  // Exception classes are few (code, not traffic, names them): no guard.
  private final Series<Class<?>, CounterDataPoint> errors;

  /** The only slot of the key: the exception class of an error. */
  private static final int CLASS = 0;

  /** Datagram sizes, from 64 B to the largest UDP payload. */
  private static final double[] SIZES = {64, 256, 512, 1024, 1472, 4096, 16384, 65507};

  /** The datagram families, the same in both namings. */
  record Names(FamilySpec<DistributionDataPoint> bytesRead,
      FamilySpec<DistributionDataPoint> bytesWritten, FamilySpec<CounterDataPoint> errors) {

    static final Names BOTH = new Names(
        histogram("vertx_datagram_bytes_read", "Size of datagrams received", null, SIZES),
        histogram("vertx_datagram_bytes_written", "Size of datagrams sent", null, SIZES),
        counter("vertx_datagram_errors", "Number of errors by exception class",
            label("class", CLASS)));
  }

  DatagramDomain(Families families) {
    Names names = Names.BOTH;
    bytesRead = families.family(names.bytesRead()).bind();
    bytesWritten = families.family(names.bytesWritten()).bind();
    Family<CounterDataPoint> errorFamily = families.family(names.errors());
    errors = new Series<>(type -> errorFamily.bind(type.getSimpleName()));
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
