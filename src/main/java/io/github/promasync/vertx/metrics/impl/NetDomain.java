package io.github.promasync.vertx.metrics.impl;

/**
 * TCP servers and clients ({@code vertx.createNetServer()}, {@code vertx.createNetClient()}, and
 * the clustered event bus's connections): open connections, bytes read and written, errors by
 * exception class, in both namings under vertx-micrometer-metrics' names, one series per side
 * (its default labels; {@code class} on errors is ours).
 */
final class NetDomain {

  /** The only slot of the key: the exception class of an error. */
  private static final int CLASS = 0;

  private final ConnectionMetrics metrics;

  private NetDomain(Families families, String side) {
    ConnectionFamilies connections = new ConnectionFamilies(families,
        ConnectionFamilies.Names.of("vertx_net_" + side, CLASS), CLASS);
    // Bound at once, so that a scrape shows 0 before the first connection.
    metrics = new ConnectionMetrics(connections.bind(new String[0]));
  }

  static NetDomain server(Families families) {
    return new NetDomain(families, "server");
  }

  static NetDomain client(Families families) {
    return new NetDomain(families, "client");
  }

  /** The metrics of one server or client: every one of a side shares the same series. */
  ConnectionMetrics metrics() {
    return metrics;
  }
}
