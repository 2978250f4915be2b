package io.github.promasync.vertx.metrics;

/**
 * A part of Vert.x whose metrics {@link PrometheusMetricsFactory} reports, and that
 * {@link PrometheusMetricsOptions#addDisabledDomain(MetricsDomain)} can leave out.
 */
public enum MetricsDomain {

  /** HTTP servers: requests, their durations and body sizes, connections and bytes. */
  HTTP_SERVER,

  /** HTTP clients: requests, their durations and body sizes, connections and bytes. */
  HTTP_CLIENT,

  /** TCP servers created with {@code vertx.createNetServer()}: connections and bytes. */
  NET_SERVER,

  /** TCP clients created with {@code vertx.createNetClient()}: connections and bytes. */
  NET_CLIENT,

  /** Datagram (UDP) sockets: bytes and errors. */
  DATAGRAM,

  /** The event bus: handlers, messages and their bytes, reply failures. */
  EVENT_BUS,

  /** Worker pools and client connection pools: queueing and usage. */
  POOLS,

  /** Other clients that report through Vert.x's generic client metrics, e.g. SQL clients. */
  CLIENTS
}
