package io.github.promasync.vertx.metrics.impl;

import io.vertx.core.net.SocketAddress;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;

/**
 * The HTTP server connections that have requests, each with the requests not yet finished on it,
 * so that a connection's close finishes what is still open on it, whatever the request's method,
 * headers or pause state.
 *
 * <p>Why a table and not the object {@code connected()} returns: in Vert.x 5.1,
 * {@code HttpServerMetrics.requestBegin} gets no connection metric, only the remote address, and
 * {@code TransportMetrics.connected} sees the address object of the TCP socket before the HTTP
 * connection replaced it. What ties a request to its connection is the HTTP connection's own
 * remote-address object: the one instance it hands to {@code requestBegin} for every request
 * and to {@code disconnected} when it closes. So a connection is found by that object's
 * identity, never by its value: two connections from one ip:port (NAT, a proxy, every client of
 * a Unix-domain-socket server) are two entries.
 *
 * <p>Lookups take no string and allocate nothing; an entry is made once per connection. The
 * table is split in stripes, each with its own lock, held for a few field writes. An entry
 * whose connection Vert.x stops reporting under that object (it became a WebSocket or a CONNECT
 * tunnel: {@link ServerConnection#left}) is removed then; an entry without open requests is
 * dropped by a sweep when the table has grown past twice its size after the last sweep, and made
 * again by the connection's next request, so the table never holds more than the connections
 * with requests plus that slack.
 */
final class ServerConnections {

  private static final int STRIPES = 64;
  private static final int FIRST_SWEEP = 1024;

  private final Stripe[] stripes = new Stripe[STRIPES];
  private int size;
  private int sweepAt = FIRST_SWEEP;

  ServerConnections() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  // A stripe is its map and its lock at once: a begin reaches the map without going through
  // another object, one cache line fewer on a path that finds them cold (a connection's next
  // request comes after the other connections' requests). Never serialized.
  private static final class Stripe extends IdentityHashMap<SocketAddress, ServerConnection> {
    private static final long serialVersionUID = 1L;
  }

  private Stripe stripe(SocketAddress remote) {
    return stripes[System.identityHashCode(remote) & (STRIPES - 1)];
  }

  /**
   * Registers a request with the connection whose remote-address object is {@code remote}.
   *
   * @return the connection, or {@code null} when Vert.x gave no address (nothing is tracked)
   */
  ServerConnection open(SocketAddress remote, RequestMetric request) {
    if (remote == null) {
      return null;
    }
    Stripe stripe = stripe(remote);
    boolean added = false;
    ServerConnection connection;
    synchronized (stripe) {
      connection = stripe.get(remote);
      if (connection == null) {
        connection = new ServerConnection(this, stripe, remote);
        stripe.put(remote, connection);
        added = true;
      }
      connection.link(request);
    }
    if (added) {
      grown();
    }
    return connection;
  }

  /** The connection closed: the requests still open on it are finished. */
  void closed(SocketAddress remote) {
    if (remote == null) {
      return;
    }
    Stripe stripe = stripe(remote);
    ServerConnection connection;
    List<RequestMetric> open;
    synchronized (stripe) {
      connection = stripe.remove(remote);
      open = connection == null ? List.of() : connection.unlinkAll();
    }
    if (connection != null) {
      shrunk();
    }
    for (RequestMetric request : open) {
      request.connectionClosed();
    }
  }

  /** Vert.x no longer reports this connection under its object: forget it. */
  void remove(ServerConnection connection) {
    Stripe stripe = (Stripe) connection.stripe;
    boolean removed;
    synchronized (stripe) {
      removed = stripe.remove(connection.remote, connection);
    }
    if (removed) {
      shrunk();
    }
  }

  private void grown() {
    boolean sweep;
    synchronized (this) {
      size++;
      sweep = size >= sweepAt;
    }
    if (sweep) {
      sweep();
    }
  }

  private synchronized void shrunk() {
    size--;
  }

  /** Drops the entries without open requests (idle keep-alive connections, or lost ones). */
  private void sweep() {
    int dropped = 0;
    for (Stripe stripe : stripes) {
      synchronized (stripe) {
        Iterator<ServerConnection> entries = stripe.values().iterator();
        while (entries.hasNext()) {
          if (entries.next().isIdle()) {
            entries.remove();
            dropped++;
          }
        }
      }
    }
    synchronized (this) {
      size -= dropped;
      sweepAt = Math.max(FIRST_SWEEP, 2 * size);
    }
  }

  /** For tests: the number of entries. */
  synchronized int size() {
    return size;
  }

  /**
   * What the server knows of one HTTP connection: its requests not yet finished, linked through
   * the requests themselves, under the lock of the connection's stripe.
   */
  static final class ServerConnection {

    private final ServerConnections table;
    private final Object stripe;
    private final SocketAddress remote;
    // The open requests, oldest first (the head) to newest (the tail), linked through the
    // requests. A request finishing is usually the oldest (HTTP/1 answers in order), found at the
    // head; one finishing out of order (HTTP/2 streams) is found by a walk of the connection's
    // open requests, which saves each request a back link (see RequestMetric's fields).
    private RequestMetric open;
    private RequestMetric last;

    private ServerConnection(ServerConnections table, Object stripe, SocketAddress remote) {
      this.table = table;
      this.stripe = stripe;
      this.remote = remote;
    }

    // Under the stripe's lock.
    private void link(RequestMetric request) {
      request.next = null;
      if (last == null) {
        open = request;
      } else {
        last.next = request;
      }
      last = request;
    }

    // Under the stripe's lock.
    private List<RequestMetric> unlinkAll() {
      List<RequestMetric> all = new ArrayList<>();
      for (RequestMetric request = open; request != null; request = request.next) {
        all.add(request);
      }
      open = null;
      last = null;
      return all;
    }

    // Under the stripe's lock.
    private boolean isIdle() {
      return open == null;
    }

    /** The request is finished: it is no longer open on this connection. */
    void finished(RequestMetric request) {
      synchronized (stripe) {
        RequestMetric before = null;
        RequestMetric current = open;
        while (current != null && current != request) {
          before = current;
          current = current.next;
        }
        if (current == null) {
          // No longer linked: its connection closed.
          return;
        }
        if (before == null) {
          open = request.next;
        } else {
          before.next = request.next;
        }
        if (last == request) {
          last = before;
        }
        request.next = null;
      }
    }

    /**
     * The connection stopped being an HTTP connection (upgraded to a WebSocket, or a CONNECT
     * tunnel): Vert.x reports its close under another object, so it is forgotten now.
     */
    void left() {
      table.remove(this);
    }
  }
}
