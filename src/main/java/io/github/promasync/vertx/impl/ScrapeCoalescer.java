package io.github.promasync.vertx.impl;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Shares collections between concurrent scrapes and bounds them: the scrape pool, the in-flight
 * cap and the coalescing of {@link io.github.promasync.vertx.MetricsHandler}.
 *
 * <p>A <em>collection</em> is in flight from the moment a scrape starts it until its last answer
 * is encoded. Scrapes with the same path and query string join the collection in flight (a
 * collector sees the path and the query parameters, nothing else, so that is the widest sharing
 * that cannot change what a collector returns). Within it, scrapes that also send the same
 * {@code Accept} and {@code Accept-Encoding} headers share one encoded answer; the others get
 * their own encoding, from the same snapshots. An answer already sent is never sent again: a
 * scrape whose answer is complete starts a new collection, even while the old one still encodes
 * other formats, so a client that scrapes back to back never gets the same body twice. Nothing is
 * kept once the collection ends: the next scrape collects afresh.
 *
 * <p>Each collection is one task of the pool: it encodes its answers one after the other, then
 * leaves. Joining, starting and leaving hold a short lock that covers no collection or encoding.
 */
final class ScrapeCoalescer {

  /** Fills an exchange by running exporter-common over a registry. */
  @FunctionalInterface
  public interface Encoder {

    /**
     * Answers {@code exchange} into its buffers.
     *
     * @param exchange the exchange
     * @throws Exception if exporter-common does
     */
    void encode(VertxPrometheusHttpExchange exchange) throws Exception;
  }

  private static final AtomicInteger POOLS = new AtomicInteger();

  /**
   * The most distinct answers (by {@code Accept} and {@code Accept-Encoding}) one collection owes.
   * Joining is free of the cap, so without a bound clients sending ever new headers could queue
   * any number of encodings behind one collection; a scrape beyond it starts a collection of its
   * own, under the cap. Prometheus, OpenMetrics and protobuf, each plain and gzipped, fit.
   */
  static final int MAX_ANSWERS_PER_COLLECTION = 8;

  // The collection that new scrapes of a path and query string may join; guarded by this.
  private final Map<CollectionKey, Collection> joinable = new HashMap<>();
  // Every collection not yet finished, joinable or not; guarded by this.
  private int inFlight;
  private final int maxInFlight;
  private final ThreadPoolExecutor pool;
  private final ThrottledLog failures;
  private Encoder encoder;
  private boolean preferUncompressed;
  private boolean closed;

  /**
   * Creates a coalescer with a pool of {@code poolSize} threads, started on demand; threads end
   * after a minute without work, so an unused handler holds none.
   *
   * @param poolSize the threads of the scrape pool
   * @param maxInFlight the most collections in flight at once
   * @param failures where failed scrapes are logged, once per collection
   */
  public ScrapeCoalescer(int poolSize, int maxInFlight, ThrottledLog failures) {
    this.maxInFlight = maxInFlight;
    this.failures = failures;
    int id = POOLS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory factory = task -> {
      Thread t = new Thread(task, "promasync-scrape-" + id + "-" + threads.incrementAndGet());
      // A hung collector keeps its thread; it must not keep the JVM alive as well.
      t.setDaemon(true);
      return t;
    };
    this.pool = new ThreadPoolExecutor(poolSize, poolSize, 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), factory);
    pool.allowCoreThreadTimeOut(true);
  }

  /**
   * Sets how answers are encoded; call it once, before the first {@link #join}.
   *
   * @param encoder runs exporter-common over {@link #registry(PrometheusRegistry)}
   * @param preferUncompressed exporter-common's {@code preferUncompressedResponse} property: when
   *     set it never gzips, so no gzip answer is derived from a plain one either
   */
  public void encoder(Encoder encoder, boolean preferUncompressed) {
    this.encoder = encoder;
    this.preferUncompressed = preferUncompressed;
  }

  /**
   * A registry for exporter-common that collects {@code registry} once per collection: the first
   * answer of a collection scrapes {@code registry}, the next answers get the same snapshots.
   *
   * @param registry the registry to serve
   * @return the registry to give exporter-common
   */
  public static PrometheusRegistry registry(PrometheusRegistry registry) {
    return new SharedCollectionRegistry(registry);
  }

  /**
   * Joins or starts the collection for {@code exchange}.
   *
   * @param exchange the scrape, copied from its request
   * @return the future answer (completed on a pool thread; never failed except when the handler is
   *     closed, with a {@link RejectedExecutionException}), or {@code null} when the scrape would
   *     start a collection beyond the cap
   */
  public CompletableFuture<VertxPrometheusHttpExchange> join(VertxPrometheusHttpExchange exchange) {
    CollectionKey key = new CollectionKey(exchange.getRequestPath(), exchange.getQueryString());
    VariantKey variant = new VariantKey(exchange.headerValues("Accept"),
        exchange.headerValues("Accept-Encoding"));
    synchronized (this) {
      if (closed) {
        return CompletableFuture.failedFuture(new RejectedExecutionException("handler closed"));
      }
      Collection collection = joinable.get(key);
      if (collection != null) {
        CompletableFuture<VertxPrometheusHttpExchange> answer = collection.join(variant, exchange);
        if (answer != null) {
          return answer;
        }
      }
      if (inFlight >= maxInFlight) {
        return null;
      }
      collection = new Collection(key);
      CompletableFuture<VertxPrometheusHttpExchange> answer = collection.join(variant, exchange);
      // Replaces a collection whose answer for this variant is already out; that one finishes
      // its other answers unjoinable.
      joinable.put(key, collection);
      inFlight++;
      pool.execute(collection);
      return answer;
    }
  }

  /**
   * Refuses new scrapes and lets the pool's threads end once their collections are done.
   */
  public void close() {
    synchronized (this) {
      closed = true;
    }
    pool.shutdown();
  }

  private record CollectionKey(String path, String query) {
  }

  // exporter-common's rule: gzip when any comma-separated token of Accept-Encoding is "gzip".
  private static boolean wantsGzip(VertxPrometheusHttpExchange exchange) {
    for (String header : exchange.headerValues("Accept-Encoding")) {
      for (String token : header.split(",")) {
        if (token.trim().equalsIgnoreCase("gzip")) {
          return true;
        }
      }
    }
    return false;
  }

  private record VariantKey(List<String> accept, List<String> acceptEncoding) {
  }

  private record Pending(
      VertxPrometheusHttpExchange exchange, CompletableFuture<VertxPrometheusHttpExchange> answer) {
  }

  /** One collection in flight and the answers it owes. */
  private final class Collection implements Runnable {

    private final CollectionKey key;
    // Guarded by the coalescer's lock.
    private final Map<VariantKey, CompletableFuture<VertxPrometheusHttpExchange>> answers =
        new HashMap<>();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    // The pool thread's own: the snapshots of this collection, taken by the first answer.
    private boolean collected;
    private MetricSnapshots snapshots;
    private RuntimeException collectFailure;
    private Exception loggedFailure;

    Collection(CollectionKey key) {
      this.key = key;
    }

    /**
     * The answer for {@code variant}: a new one, or the one being encoded; {@code null} when that
     * answer is already complete (sending it again would be a cached answer) or when this
     * collection owes {@link #MAX_ANSWERS_PER_COLLECTION} answers already. Under the lock.
     */
    CompletableFuture<VertxPrometheusHttpExchange> join(
        VariantKey variant, VertxPrometheusHttpExchange exchange) {
      CompletableFuture<VertxPrometheusHttpExchange> answer = answers.get(variant);
      if (answer != null && answer.isDone()) {
        return null;
      }
      if (answer == null && answers.size() >= MAX_ANSWERS_PER_COLLECTION) {
        return null;
      }
      if (answer == null) {
        answer = new CompletableFuture<>();
        answers.put(variant, answer);
        // Encoded as a GET: a HEAD and a GET share the answer, and a HEAD is sent without body.
        VertxPrometheusHttpExchange shared = exchange.asGet();
        shared.collection(this);
        pending.add(new Pending(shared, answer));
      }
      return answer;
    }

    MetricSnapshots snapshots(Predicate<String> filter, PrometheusScrapeRequest request,
        PrometheusRegistry registry) {
      // Every answer of this collection has the same path and query string, so exporter-common
      // asks for the same filter each time: the first call's snapshots fit them all.
      if (!collected) {
        collected = true;
        try {
          snapshots = filter == null ? registry.scrape(request) : registry.scrape(filter, request);
        } catch (RuntimeException e) {
          collectFailure = e;
        }
      }
      if (collectFailure != null) {
        throw collectFailure;
      }
      return snapshots;
    }

    @Override
    public void run() {
      boolean finished = false;
      try {
        Pending next;
        synchronized (ScrapeCoalescer.this) {
          next = nextPending();
        }
        while (next != null) {
          if (!gzipFromPlain(next.exchange())) {
            encode(next.exchange());
          }
          Pending following;
          synchronized (ScrapeCoalescer.this) {
            following = nextPending();
            if (following == null) {
              // Unjoinable before the last answer is sent: a scrape that its client sends after
              // reading that answer starts a fresh collection instead of joining this one.
              joinable.remove(key, this);
              inFlight--;
              finished = true;
            }
          }
          next.answer().complete(next.exchange());
          next = following;
        }
      } finally {
        if (!finished) {
          // An Error escaped the encoding: answer every scrape still waiting, and free the slot.
          synchronized (ScrapeCoalescer.this) {
            joinable.remove(key, this);
            inFlight--;
            pending.clear();
            RuntimeException e = new IllegalStateException("scrape aborted");
            answers.values().forEach(answer -> answer.completeExceptionally(e));
          }
        }
      }
    }

    // Under the lock. Plain answers first: a gzip answer of the same collection and Accept is then
    // their bytes compressed, instead of a second encoding of the whole registry.
    private Pending nextPending() {
      for (java.util.Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
        Pending candidate = it.next();
        if (!wantsGzip(candidate.exchange())) {
          it.remove();
          return candidate;
        }
      }
      return pending.poll();
    }

    /**
     * Answers a scrape that asks for gzip by compressing the plain answer this collection already
     * encoded for the same {@code Accept}, when exporter-common would gzip it: the same status,
     * headers and (once decompressed) bytes that exporter-common's own gzip path writes, for the
     * cost of the compression alone. Any doubt (no such answer, not a 200, a {@code debug} answer,
     * which exporter-common never compresses) leaves it to exporter-common.
     */
    private boolean gzipFromPlain(VertxPrometheusHttpExchange exchange) {
      if (preferUncompressed || !wantsGzip(exchange)) {
        return false;
      }
      VertxPrometheusHttpExchange plain = null;
      synchronized (ScrapeCoalescer.this) {
        CompletableFuture<VertxPrometheusHttpExchange> answer =
            answers.get(new VariantKey(exchange.headerValues("Accept"), List.of()));
        if (answer != null && answer.isDone() && !answer.isCompletedExceptionally()) {
          plain = answer.join();
        }
      }
      if (plain == null || plain.status() != 200 || plain.failure() != null) {
        return false;
      }
      try {
        if (exchange.getParameter("debug") != null) {
          return false;
        }
        exchange.gzipOf(plain);
        return true;
      } catch (RuntimeException | IOException e) {
        return false;
      }
    }

    private void encode(VertxPrometheusHttpExchange exchange) {
      try {
        encoder.encode(exchange);
      } catch (Exception e) {
        exchange.handleException(e instanceof RuntimeException
            ? (RuntimeException) e
            : new IllegalStateException(e));
      }
      Exception failure = exchange.failure();
      // One log entry per collection, however many answers it fails; ThrottledLog then keeps a
      // collector that fails on every scrape down to one line per interval.
      if (failure != null && failure != loggedFailure) {
        loggedFailure = failure;
        failures.failure("Scrape of " + exchange.getRequestPath() + " failed, answered 500", failure);
      }
    }
  }

  /**
   * What exporter-common scrapes: the served registry, collected once per collection. Subclassing
   * {@link PrometheusRegistry} (a public, non-final class whose {@code scrape} methods are public)
   * is the one way to hand exporter-common snapshots taken earlier while it keeps doing the
   * negotiation, escaping, {@code name[]} filtering, filter properties and gzip itself.
   */
  private static final class SharedCollectionRegistry extends PrometheusRegistry {

    private final PrometheusRegistry served;

    SharedCollectionRegistry(PrometheusRegistry served) {
      this.served = served;
    }

    @Override
    public MetricSnapshots scrape() {
      return served.scrape();
    }

    @Override
    public MetricSnapshots scrape(Predicate<String> includedNames) {
      return served.scrape(includedNames);
    }

    @Override
    public MetricSnapshots scrape(PrometheusScrapeRequest request) {
      return shared(null, request);
    }

    @Override
    public MetricSnapshots scrape(
        Predicate<String> includedNames, PrometheusScrapeRequest request) {
      return shared(includedNames, request);
    }

    private MetricSnapshots shared(Predicate<String> filter, PrometheusScrapeRequest request) {
      Object collection = request instanceof VertxPrometheusHttpExchange
          ? ((VertxPrometheusHttpExchange) request).collection()
          : null;
      if (collection instanceof Collection) {
        return ((Collection) collection).snapshots(filter, request, served);
      }
      return filter == null ? served.scrape(request) : served.scrape(filter, request);
    }
  }
}
