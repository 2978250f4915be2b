package io.github.promasync.vertx.metrics.impl;

import static io.github.promasync.vertx.metrics.impl.EventBusDomain.LOCAL;
import static io.github.promasync.vertx.metrics.impl.EventBusDomain.REMOTE;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.vertx.core.eventbus.ReplyFailure;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The label children of one event bus address (or of {@code _OTHER}, past the cardinality
 * guard). The local side is bound at once, so that a scrape shows zeros before the first
 * message; the remote side, the cluster's byte sizes and each reply failure only when they first
 * occur, so that a Vert.x that is not clustered shows no remote series.
 */
final class AddressSeries {

  private static final ReplyFailure[] FAILURES = ReplyFailure.values();

  private final EventBusDomain domain;
  private final String address;
  final GaugeDataPoint handlers;
  private final Side local;
  private volatile Side remote;
  private volatile Transfer transfer;
  private final AtomicReferenceArray<CounterDataPoint> replyFailures =
      new AtomicReferenceArray<>(FAILURES.length);

  AddressSeries(EventBusDomain domain, String address) {
    this.domain = domain;
    this.address = address;
    handlers = domain.handlers.bind(address, "", "");
    local = new Side(LOCAL);
  }

  Side side(boolean isLocal) {
    if (isLocal) {
      return local;
    }
    Side side = remote;
    if (side == null) {
      // Two threads may bind at once; client_java hands both the same children.
      side = new Side(REMOTE);
      remote = side;
    }
    return side;
  }

  Transfer transfer() {
    Transfer bytes = transfer;
    if (bytes == null) {
      bytes = new Transfer();
      transfer = bytes;
    }
    return bytes;
  }

  CounterDataPoint replyFailure(ReplyFailure failure) {
    CounterDataPoint counter = replyFailures.get(failure.ordinal());
    if (counter == null) {
      counter = domain.replyFailures.bind(address, "", failure.name());
      // Two threads may bind at once; client_java hands both the same child.
      replyFailures.lazySet(failure.ordinal(), counter);
    }
    return counter;
  }

  /** The children of one side: {@code local} (sent from this Vert.x) or {@code remote}. */
  final class Side {
    final GaugeDataPoint pending;
    final CounterDataPoint published;
    final CounterDataPoint sent;
    final CounterDataPoint received;
    final CounterDataPoint delivered;
    final CounterDataPoint processed;
    final CounterDataPoint discarded;

    private Side(String side) {
      String[] tuple = {address, side, ""};
      pending = domain.pending.bind(tuple);
      published = domain.published.bind(tuple);
      sent = domain.sent.bind(tuple);
      received = domain.received.bind(tuple);
      delivered = domain.delivered.bind(tuple);
      processed = domain.processed.bind(tuple);
      discarded = domain.discarded.bind(tuple);
    }
  }

  /** The sizes of the messages of this address that crossed the cluster. */
  final class Transfer {
    final DistributionDataPoint read = domain.bytesRead.bind(address, "", "");
    final DistributionDataPoint written = domain.bytesWritten.bind(address, "", "");
  }
}
