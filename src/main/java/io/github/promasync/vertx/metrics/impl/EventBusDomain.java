package io.github.promasync.vertx.metrics.impl;

import static io.github.promasync.vertx.metrics.impl.FamilySpec.counter;
import static io.github.promasync.vertx.metrics.impl.FamilySpec.gauge;
import static io.github.promasync.vertx.metrics.impl.FamilySpec.histogram;
import static io.github.promasync.vertx.metrics.impl.FamilySpec.label;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.spi.metrics.EventBusMetrics;

/**
 * The event bus of one Vert.x instance. Every family has the same names and labels in both
 * namings (those of vertx-micrometer-metrics, with {@code address} on by default). A message is
 * described by the key (address, side, failure); {@link AddressSeries} holds the children of
 * one address, bound when the address is first seen, so that a recording is one map hit on the
 * address (a handler's calls not even that: Vert.x hands its {@link AddressSeries} back). Past
 * {@code maxLabelValues} distinct addresses, further ones share the series of {@code _OTHER}.
 *
 * <p>Vert.x's own addresses ({@code __vertx.*}: replies, cluster pings) are left out: they are
 * one-off and would fill the address label. A request that fails is still counted, under the
 * address it was sent to, in {@code vertx_eventbus_reply_failures_total}.
 */
final class EventBusDomain implements EventBusMetrics<AddressSeries> {

  static final int ADDRESS = 0;
  static final int SIDE = 1;
  static final int FAILURE = 2;

  static final String LOCAL = "local";
  static final String REMOTE = "remote";

  private static final String INTERNAL_PREFIX = "__vertx.";

  /** Cluster message sizes: powers of 4 from 64 bytes to 16 MiB. */
  static final double[] MESSAGE_SIZE_BUCKETS = HttpServerDomain.BODY_SIZE_BUCKETS;

  /** The event bus families, the same in both namings. */
  record Names(FamilySpec<GaugeDataPoint> handlers, FamilySpec<GaugeDataPoint> pending,
      FamilySpec<CounterDataPoint> published, FamilySpec<CounterDataPoint> sent,
      FamilySpec<CounterDataPoint> received, FamilySpec<CounterDataPoint> delivered,
      FamilySpec<CounterDataPoint> processed, FamilySpec<CounterDataPoint> discarded,
      FamilySpec<CounterDataPoint> replyFailures, FamilySpec<DistributionDataPoint> bytesRead,
      FamilySpec<DistributionDataPoint> bytesWritten) {

    static final Names BOTH = new Names(
        gauge("vertx_eventbus_handlers", "Number of event bus handlers in use",
            label("address", ADDRESS)),
        gauge("vertx_eventbus_pending",
            "Number of messages scheduled on handlers and not yet delivered or discarded",
            label("address", ADDRESS), label("side", SIDE)),
        counter("vertx_eventbus_published", "Number of messages published (publish / subscribe)",
            label("address", ADDRESS), label("side", SIDE)),
        counter("vertx_eventbus_sent", "Number of messages sent (point-to-point)",
            label("address", ADDRESS), label("side", SIDE)),
        counter("vertx_eventbus_received",
            "Number of messages received, with or without a handler",
            label("address", ADDRESS), label("side", SIDE)),
        counter("vertx_eventbus_delivered",
            "Number of messages delivered to handlers (a published message once per handler)",
            label("address", ADDRESS), label("side", SIDE)),
        counter("vertx_eventbus_processed",
            "Number of messages processed by handlers (as delivered: Vert.x reports no later "
                + "step)", label("address", ADDRESS), label("side", SIDE)),
        counter("vertx_eventbus_discarded",
            "Number of messages discarded by handlers (full buffer of a paused consumer, "
                + "or unregistered)", label("address", ADDRESS), label("side", SIDE)),
        counter("vertx_eventbus_reply_failures", "Number of message reply failures",
            label("address", ADDRESS), label("failure", FAILURE)),
        // Not "_bytes" at the end: the names vertx-micrometer-metrics gives its summaries.
        histogram("vertx_eventbus_bytes_read",
            "Size of messages read from event bus cluster peers, in bytes", null,
            MESSAGE_SIZE_BUCKETS, label("address", ADDRESS)),
        histogram("vertx_eventbus_bytes_written",
            "Size of messages written to event bus cluster peers, in bytes", null,
            MESSAGE_SIZE_BUCKETS, label("address", ADDRESS)));
  }

  final Family<GaugeDataPoint> handlers;
  final Family<GaugeDataPoint> pending;
  final Family<CounterDataPoint> published;
  final Family<CounterDataPoint> sent;
  final Family<CounterDataPoint> received;
  final Family<CounterDataPoint> delivered;
  final Family<CounterDataPoint> processed;
  final Family<CounterDataPoint> discarded;
  final Family<CounterDataPoint> replyFailures;
  final Family<DistributionDataPoint> bytesRead;
  final Family<DistributionDataPoint> bytesWritten;

  private final Series<String, AddressSeries> addresses;

  /**
   * @param families the registry's families
   * @param maxAddresses the most distinct addresses, past which they are {@code _OTHER}
   */
  EventBusDomain(Families families, int maxAddresses) {
    Names names = Names.BOTH;
    handlers = families.family(names.handlers());
    pending = families.family(names.pending());
    published = families.family(names.published());
    sent = families.family(names.sent());
    received = families.family(names.received());
    delivered = families.family(names.delivered());
    processed = families.family(names.processed());
    discarded = families.family(names.discarded());
    replyFailures = families.family(names.replyFailures());
    bytesRead = families.family(names.bytesRead());
    bytesWritten = families.family(names.bytesWritten());
    // One guard for every family: they all take the same addresses.
    KeyGuard guard = families.guard("vertx_eventbus_*", maxAddresses, "address");
    addresses = new Series<>(guard::admit, address -> KeyGuard.OTHER,
        address -> new AddressSeries(this, address));
  }

  private static boolean internal(String address) {
    return address == null || address.startsWith(INTERNAL_PREFIX);
  }

  private AddressSeries address(String address) {
    return addresses.get(address);
  }

  @Override
  public AddressSeries handlerRegistered(String address) {
    if (internal(address)) {
      return null;
    }
    AddressSeries series = address(address);
    series.handlers.inc();
    return series;
  }

  @Override
  public void handlerUnregistered(AddressSeries series) {
    if (series != null) {
      series.handlers.dec();
    }
  }

  @Override
  public void scheduleMessage(AddressSeries series, boolean local) {
    if (series != null) {
      series.side(local).pending.inc();
    }
  }

  @Override
  public void messageDelivered(AddressSeries series, boolean local) {
    if (series != null) {
      AddressSeries.Side side = series.side(local);
      side.pending.dec();
      side.delivered.inc();
      side.processed.inc();
    }
  }

  @Override
  public void discardMessage(AddressSeries series, boolean local, Message<?> msg) {
    if (series != null) {
      AddressSeries.Side side = series.side(local);
      side.pending.dec();
      side.discarded.inc();
    }
  }

  @Override
  public void messageSent(String address, boolean publish, boolean local, boolean remote) {
    if (!internal(address)) {
      AddressSeries.Side side = address(address).side(!remote);
      (publish ? side.published : side.sent).inc();
    }
  }

  @Override
  public void messageReceived(String address, boolean publish, boolean local, int handlers) {
    if (!internal(address)) {
      address(address).side(local).received.inc();
    }
  }

  @Override
  public void messageWritten(String address, int numberOfBytes) {
    if (!internal(address)) {
      address(address).transfer().written.observe(numberOfBytes);
    }
  }

  @Override
  public void messageRead(String address, int numberOfBytes) {
    if (!internal(address)) {
      address(address).transfer().read.observe(numberOfBytes);
    }
  }

  @Override
  public void replyFailure(String address, ReplyFailure failure) {
    if (!internal(address) && failure != null) {
      address(address).replyFailure(failure).inc();
    }
  }
}
