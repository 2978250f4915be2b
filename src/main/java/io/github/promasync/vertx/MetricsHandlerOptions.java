package io.github.promasync.vertx;

import io.github.promasync.vertx.impl.OptionsJson;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * Options of the scrape path of {@link MetricsHandler}, a Vert.x data object: {@code DEFAULT_*}
 * constants, no-arg, copy and {@link JsonObject} constructors, {@link #toJson()} and fluent
 * setters. Durations are in seconds, as in Prometheus and client_java.
 *
 * <pre>{@code
 * MetricsHandler handler = MetricsHandler.create(new MetricsHandlerOptions()
 *     .setScrapePoolSize(2)
 *     .setMaxInFlight(4)
 *     .setScrapeTimeoutSeconds(10), registry);
 * }</pre>
 *
 * <p>JSON keys: {@code scrapePoolSize}, {@code maxInFlight}, {@code scrapeTimeoutSeconds},
 * {@code retryAfterSeconds} and {@code refusedScrapesMetric}, each named after its property. A
 * missing key, or {@code null}, keeps its default.
 */
@DataObject
@JsonGen(publicConverter = false)
public final class MetricsHandlerOptions {

  /**
   * The default number of threads of the handler's scrape pool, {@value}: two collections (two
   * different {@code name[]} filters, say) run at once, and a hung collector still leaves one.
   */
  public static final int DEFAULT_SCRAPE_POOL_SIZE = 2;

  /**
   * The default number of distinct collections in flight (running or waiting for a pool thread),
   * {@value}; a scrape that would start one more gets {@code 503} at once.
   */
  public static final int DEFAULT_MAX_IN_FLIGHT = 4;

  /**
   * The default time a scrape waits for its answer when the client does not send
   * {@code X-Prometheus-Scrape-Timeout-Seconds}, {@value} seconds, Prometheus's default
   * {@code scrape_timeout}.
   */
  public static final double DEFAULT_SCRAPE_TIMEOUT_SECONDS = 10;

  /**
   * The default {@code Retry-After} of a scrape refused by the in-flight cap, {@value} seconds.
   */
  public static final int DEFAULT_RETRY_AFTER_SECONDS = 5;

  /**
   * Whether the handler counts the scrapes it refuses in
   * {@code promasync_scrapes_refused_total{reason}} of the registry it serves, by default:
   * {@value}.
   */
  public static final boolean DEFAULT_REFUSED_SCRAPES_METRIC = true;

  private int scrapePoolSize;
  private int maxInFlight;
  private double scrapeTimeoutSeconds;
  private int retryAfterSeconds;
  private boolean refusedScrapesMetric;

  /** Creates options with every default. */
  public MetricsHandlerOptions() {
    scrapePoolSize = DEFAULT_SCRAPE_POOL_SIZE;
    maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    scrapeTimeoutSeconds = DEFAULT_SCRAPE_TIMEOUT_SECONDS;
    retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS;
    refusedScrapesMetric = DEFAULT_REFUSED_SCRAPES_METRIC;
  }

  /**
   * Creates a copy of {@code other}.
   *
   * @param other the options to copy
   */
  public MetricsHandlerOptions(MetricsHandlerOptions other) {
    Objects.requireNonNull(other, "other");
    scrapePoolSize = other.scrapePoolSize;
    maxInFlight = other.maxInFlight;
    scrapeTimeoutSeconds = other.scrapeTimeoutSeconds;
    retryAfterSeconds = other.retryAfterSeconds;
    refusedScrapesMetric = other.refusedScrapesMetric;
  }

  /**
   * Creates options from their JSON form; missing keys keep their defaults.
   *
   * @param json the JSON form, as {@link #toJson()} writes it
   * @throws IllegalArgumentException naming the key, if a value has the wrong type or is out of
   *     range
   */
  public MetricsHandlerOptions(JsonObject json) {
    this();
    OptionsJson.read(json, this, MetricsHandlerOptionsConverter::fromJson);
  }

  /**
   * Returns the JSON form of these options.
   *
   * @return a new JSON object with every key
   */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    MetricsHandlerOptionsConverter.toJson(this, json);
    return json;
  }

  /**
   * Returns the number of threads of the handler's own scrape pool.
   *
   * @return the pool size, {@link #DEFAULT_SCRAPE_POOL_SIZE} by default
   */
  public int getScrapePoolSize() {
    return scrapePoolSize;
  }

  /**
   * Sets the number of threads of the handler's own scrape pool, where collection and encoding
   * run. Threads start with the first scrapes and end after a minute without one.
   *
   * @param scrapePoolSize the number of threads, at least 1
   * @return these options
   * @throws IllegalArgumentException if {@code scrapePoolSize} is less than 1
   */
  public MetricsHandlerOptions setScrapePoolSize(int scrapePoolSize) {
    if (scrapePoolSize < 1) {
      throw new IllegalArgumentException(
          "scrapePoolSize " + scrapePoolSize + " is less than 1");
    }
    this.scrapePoolSize = scrapePoolSize;
    return this;
  }

  /**
   * Returns the most distinct collections in flight at once.
   *
   * @return the cap, {@link #DEFAULT_MAX_IN_FLIGHT} by default
   */
  public int getMaxInFlight() {
    return maxInFlight;
  }

  /**
   * Sets the most distinct collections in flight at once, running or waiting for a pool thread.
   * Scrapes that share a collection count once; a scrape that would start one more collection
   * gets {@code 503} with {@code Retry-After} at once.
   *
   * @param maxInFlight the cap, at least 1
   * @return these options
   * @throws IllegalArgumentException if {@code maxInFlight} is less than 1
   */
  public MetricsHandlerOptions setMaxInFlight(int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight " + maxInFlight + " is less than 1");
    }
    this.maxInFlight = maxInFlight;
    return this;
  }

  /**
   * Returns how long a scrape waits for its answer when the client sends no
   * {@code X-Prometheus-Scrape-Timeout-Seconds}.
   *
   * @return the timeout in seconds, {@link #DEFAULT_SCRAPE_TIMEOUT_SECONDS} by default
   */
  public double getScrapeTimeoutSeconds() {
    return scrapeTimeoutSeconds;
  }

  /**
   * Sets how long a scrape waits for its answer when the client sends no valid
   * {@code X-Prometheus-Scrape-Timeout-Seconds} (Prometheus always sends it, and then the header
   * wins). Past it the client gets {@code 503}; the collection itself goes on.
   *
   * @param scrapeTimeoutSeconds the timeout in seconds, more than 0
   * @return these options
   * @throws IllegalArgumentException if {@code scrapeTimeoutSeconds} is not a positive number
   */
  public MetricsHandlerOptions setScrapeTimeoutSeconds(double scrapeTimeoutSeconds) {
    if (!(scrapeTimeoutSeconds > 0) || Double.isInfinite(scrapeTimeoutSeconds)) {
      throw new IllegalArgumentException(
          "scrapeTimeoutSeconds " + scrapeTimeoutSeconds + " is not a positive number");
    }
    this.scrapeTimeoutSeconds = scrapeTimeoutSeconds;
    return this;
  }

  /**
   * Returns the {@code Retry-After} of a scrape refused by the in-flight cap.
   *
   * @return the delay in seconds, {@link #DEFAULT_RETRY_AFTER_SECONDS} by default
   */
  public int getRetryAfterSeconds() {
    return retryAfterSeconds;
  }

  /**
   * Sets the {@code Retry-After} header of a scrape refused by the in-flight cap.
   *
   * @param retryAfterSeconds the delay in seconds, at least 0
   * @return these options
   * @throws IllegalArgumentException if {@code retryAfterSeconds} is negative
   */
  public MetricsHandlerOptions setRetryAfterSeconds(int retryAfterSeconds) {
    if (retryAfterSeconds < 0) {
      throw new IllegalArgumentException(
          "retryAfterSeconds " + retryAfterSeconds + " is negative");
    }
    this.retryAfterSeconds = retryAfterSeconds;
    return this;
  }

  /**
   * Returns whether refused scrapes are counted in the served registry.
   *
   * @return {@link #DEFAULT_REFUSED_SCRAPES_METRIC} by default
   */
  public boolean isRefusedScrapesMetric() {
    return refusedScrapesMetric;
  }

  /**
   * Sets whether the handler registers {@code promasync_scrapes_refused_total} (a counter with
   * the label {@code reason}: {@code max_in_flight} or {@code timeout}) in the registry it serves,
   * once per registry, and counts there each scrape it answers with {@code 503}.
   *
   * @param refusedScrapesMetric whether to count refused scrapes
   * @return these options
   */
  public MetricsHandlerOptions setRefusedScrapesMetric(boolean refusedScrapesMetric) {
    this.refusedScrapesMetric = refusedScrapesMetric;
    return this;
  }

  /**
   * Returns the JSON form, for logs.
   *
   * @return {@link #toJson()} encoded
   */
  @Override
  public String toString() {
    return toJson().encode();
  }
}
