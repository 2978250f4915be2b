package io.github.promasync.vertx;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A collector that counts its collections, exposes the count as the gauge {@code name}, and can
 * be held: while held, a collection waits inside {@code collect()} until {@link #release()}.
 */
final class CountingCollector implements MultiCollector {

  private final String name;
  private final AtomicInteger collections = new AtomicInteger();
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private volatile CountDownLatch entered = new CountDownLatch(1);
  private volatile RuntimeException failure;

  CountingCollector(String name) {
    this.name = name;
  }

  /** Makes the next collections wait inside the collector until {@link #release()}. */
  CountingCollector hold() {
    entered = new CountDownLatch(1);
    gate = new CountDownLatch(1);
    return this;
  }

  /** Lets every waiting and later collection return. */
  void release() {
    gate.countDown();
  }

  /** Makes every later collection throw {@code e}. */
  CountingCollector failWith(RuntimeException e) {
    failure = e;
    return this;
  }

  /** Waits until a collection has started since the last {@link #hold()}. */
  boolean awaitEntered() throws InterruptedException {
    return entered.await(10, TimeUnit.SECONDS);
  }

  /** The number of collections so far. */
  int collections() {
    return collections.get();
  }

  @Override
  public MetricSnapshots collect() {
    int n = collections.incrementAndGet();
    entered.countDown();
    try {
      // Bounded, so that a broken test cannot hang a thread forever.
      gate.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    RuntimeException e = failure;
    if (e != null) {
      throw e;
    }
    return MetricSnapshots.of(GaugeSnapshot.builder().name(name).help("Collections so far.")
        .dataPoint(GaugeDataPointSnapshot.builder().value(n).build()).build());
  }
}
