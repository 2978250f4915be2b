package io.github.promasync.vertx.metrics.impl;

import io.github.promasync.vertx.impl.VertxInternals;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.model.snapshots.Unit;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The health of the event loops of one Vert.x instance: {@code vertx_eventloop_delay_seconds},
 * how late a probe scheduled every interval on each event loop runs, and
 * {@code vertx_blocked_threads_total}, the reports of Vert.x's blocked-thread checker by thread
 * kind. Same names in both namings.
 *
 * <p>The probe is a task scheduled on the loop itself (as a Vert.x timer is): when it runs, the
 * time since it was due is what any timer or queued task waited on that loop. It then schedules
 * itself again one interval later, so a loop blocked for a while records one long delay rather
 * than a burst of catch-up runs. On a busy loop a run is a scheduled task like any other; on an
 * idle loop it is also a wake-up, which is most of its cost: a median of 79 µs of the loop's CPU
 * time per run on a shared 2-vCPU machine ({@code EventLoopProbeBenchmark},
 * {@code benchmarks/results/20261206T014626Z-event-loop-probe/}; BENCHMARKS.adoc, "The
 * event-loop probe"), hence the default interval of 10 s.
 */
final class EventLoopHealth {

  /** From half a millisecond (an idle loop) to ten seconds (a loop blocked for long). */
  static final double[] DELAY_BUCKETS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  static final String EVENT_LOOP = "event_loop";
  static final String WORKER = "worker";

  private final Family<DistributionDataPoint> delay;
  private final long intervalNanos;
  private final CounterDataPoint blockedEventLoops;
  private final CounterDataPoint blockedWorkers;
  private final List<Probe> probes = new ArrayList<>();

  /**
   * @param families the registry's families
   * @param intervalMillis the probe's interval, or 0 for no probe
   * @param countBlockedThreads whether to count the blocked-thread checker's reports
   */
  EventLoopHealth(Families families, long intervalMillis, boolean countBlockedThreads) {
    intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    delay = intervalMillis > 0
        ? families.family(FamilySpec.histogram("vertx_eventloop_delay_seconds",
            "How late a task scheduled on the event loop ran (the probe's scheduling delay)",
            Unit.SECONDS, DELAY_BUCKETS, FamilySpec.label("eventloop", 0)))
        : null;
    if (countBlockedThreads) {
      Family<CounterDataPoint> blocked = families.family(FamilySpec.counter(
          "vertx_blocked_threads",
          "Number of times Vert.x's blocked-thread checker reported a thread",
          FamilySpec.label("thread_kind", 0)));
      blockedEventLoops = blocked.bind(EVENT_LOOP);
      blockedWorkers = blocked.bind(WORKER);
    } else {
      blockedEventLoops = null;
      blockedWorkers = null;
    }
  }

  /** Starts the probes and the counting on a Vert.x instance that has just been created. */
  void start(Vertx vertx) {
    if (delay != null) {
      synchronized (probes) {
        for (EventExecutor loop : VertxInternals.eventLoops(vertx)) {
          Probe probe = new Probe(loop);
          probes.add(probe);
          probe.schedule(System.nanoTime());
        }
      }
    }
    if (blockedEventLoops != null) {
      VertxInternals.onBlockedThread(vertx, thread ->
          (VertxInternals.isEventLoopThread(vertx, thread) ? blockedEventLoops : blockedWorkers)
              .inc());
    }
  }

  /** Stops the probes (Vert.x is closing). */
  void stop() {
    synchronized (probes) {
      probes.forEach(Probe::stop);
      probes.clear();
    }
  }

  /** The probe of one event loop; runs on that loop only. */
  private final class Probe implements Runnable {

    private final EventExecutor loop;
    private DistributionDataPoint delays;
    private long due;
    private volatile boolean stopped;
    private volatile ScheduledFuture<?> next;

    Probe(EventExecutor loop) {
      this.loop = loop;
    }

    void schedule(long now) {
      due = now + intervalNanos;
      try {
        next = loop.schedule(this, intervalNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        stopped = true; // the loop is shutting down
      }
    }

    @Override
    public void run() {
      long now = System.nanoTime();
      if (stopped) {
        return;
      }
      if (delays == null) {
        // The loop's thread name, as in thread dumps and blocked-thread warnings.
        delays = delay.bind(Thread.currentThread().getName());
      }
      delays.observe(Unit.nanosToSeconds(Math.max(0, now - due)));
      schedule(now);
    }

    void stop() {
      stopped = true;
      ScheduledFuture<?> scheduled = next;
      if (scheduled != null) {
        scheduled.cancel(false);
      }
    }
  }
}
