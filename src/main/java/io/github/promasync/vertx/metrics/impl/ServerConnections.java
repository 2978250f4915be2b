package io.github.promasync.vertx.metrics.impl;

import io.vertx.core.Context;
import io.vertx.core.net.SocketAddress;

import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.function.ToIntFunction;

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
 * <p>A request's life takes no lock and no atomic read-modify-write here, and allocates nothing;
 * an entry is made once per connection. What that relies on, in Vert.x 5.1.6 and 5.2.3 (the SPI
 * this class serves; 5.0 has another): a connection's {@code requestBegin} and its
 * {@code disconnected} are called on the connection's channel event loop, whatever the server's
 * threading model. HTTP/1.x: {@code Http1ServerConnection.handleMessage} (a new request) and
 * {@code handleNext} (a pipelined one, from {@code responseComplete}, which hops to the event loop
 * first) call {@code Http1ServerRequest.handleBegin}; HTTP/2: {@code DefaultHttp2Stream.onHeaders}
 * calls {@code ServerStreamObserver.observeInboundHeaders}; the close:
 * {@code VertxHandler.channelInactive} calls {@code ConnectionBase.handleClosed}. The ends come
 * from anywhere: {@code requestEnd} runs on the request's context (a worker or a virtual thread
 * for such servers), {@code requestUpgraded} on the thread that accepted the WebSocket.
 *
 * <p>Hence: each event-loop thread owns a table of the connections it begins requests on, used
 * by that thread alone, found by comparing {@code Thread.currentThread()} with the table's owner
 * (no {@code ThreadLocal}). A connection holds its requests in a slot for the current one, and
 * in a list for those begun while the slot's was still open (pipelining, HTTP/2 streams, a
 * request whose end comes later on another thread or never). Its owner writes both; a request's
 * finish only sets its own state word's {@code DONE} (by compare-and-set, in
 * {@link RequestMetric}) and, on the owner's thread, empties the slot; the owner drops finished
 * requests at its next begin (the slot), when the list has doubled since it last pruned it, or
 * at the close. The close gives every request not {@code DONE} its end, and the request's state
 * word lets exactly one of that and a finish racing it on another thread record. A thread that
 * is not an event loop (or a begin past {@value #MAX_OWNED} event loops) uses one shared table
 * under its lock, with the same rules; a close on an event loop looks there too once it has been
 * used.
 *
 * <p>Bounded: a connection's list is pruned when it has doubled, so it holds at most twice its
 * open requests plus a few. An entry whose connection Vert.x stops reporting under that object
 * (it became a WebSocket or a CONNECT tunnel: {@link ServerConnection#left}) is removed then if
 * that runs on the owner's thread (or the table is the shared one), and otherwise by a sweep; a
 * table sweeps its entries without open requests when it has grown past twice its size after
 * the last sweep (such an entry is made again by the connection's next request), so a table
 * never holds more than the connections with open requests plus that slack.
 */
final class ServerConnections {

  private static final int FIRST_SWEEP = 1024;
  // At most this many event-loop threads get a table of their own (Vert.x has 2 per core by
  // default); past them, the shared table.
  private static final int MAX_OWNED = 256;

  // The event-loop threads' tables, open-addressed by the thread's identity hash, never more than
  // half full. Copied on each change, under this object's lock, so a reader sees one array whole.
  private volatile Table[] owned = new Table[8];
  private volatile boolean ownedFull;
  // The connections begun on other threads, under its own lock.
  private final Table shared = new Table(null);
  // Set once the shared table has had a connection: a close on an event loop that its own table
  // does not know looks there only then.
  private volatile boolean sharedUsed;

  /**
   * Registers a request with the connection whose remote-address object is {@code remote}.
   *
   * @return the connection, or {@code null} when Vert.x gave no address (nothing is tracked)
   */
  ServerConnection open(SocketAddress remote, RequestMetric request) {
    if (remote == null) {
      return null;
    }
    Thread thread = Thread.currentThread();
    Table table = owned(thread);
    if (table == null && !ownedFull && Context.isOnEventLoopThread()) {
      table = own(thread);
    }
    if (table != null) {
      return table.open(remote, request);
    }
    synchronized (shared) {
      if (!sharedUsed) {
        sharedUsed = true;
      }
      return shared.open(remote, request);
    }
  }

  /** The connection closed: the requests still open on it are finished. */
  void closed(SocketAddress remote) {
    if (remote == null) {
      return;
    }
    Table table = owned(Thread.currentThread());
    ServerConnection connection = table == null ? null : table.remove(remote);
    RequestMetric open;
    if (connection != null) {
      open = connection.detach();
    } else if (sharedUsed) {
      synchronized (shared) {
        connection = shared.remove(remote);
        open = connection == null ? null : connection.detach();
      }
    } else {
      return;
    }
    // Outside the shared table's lock: an end may call back into left().
    while (open != null) {
      RequestMetric next = open.next;
      open.next = null;
      open.connectionClosed();
      open = next;
    }
  }

  // The calling thread's table, or null.
  private Table owned(Thread thread) {
    Table[] tables = owned;
    int mask = tables.length - 1;
    for (int i = System.identityHashCode(thread) & mask; ; i = (i + 1) & mask) {
      Table table = tables[i];
      if (table == null || table.owner == thread) {
        return table;
      }
    }
  }

  // Once per event-loop thread.
  private synchronized Table own(Thread thread) {
    Table[] before = owned;
    int count = 0;
    for (Table table : before) {
      if (table != null) {
        count++;
      }
    }
    if (count >= MAX_OWNED) {
      ownedFull = true;
      return null;
    }
    Table[] after = new Table[2 * (count + 1) > before.length ? 2 * before.length : before.length];
    for (Table table : before) {
      if (table != null) {
        place(after, table);
      }
    }
    Table mine = new Table(thread);
    place(after, mine);
    owned = after;
    return mine;
  }

  private static void place(Table[] tables, Table table) {
    int mask = tables.length - 1;
    int i = System.identityHashCode(table.owner) & mask;
    while (tables[i] != null) {
      i = (i + 1) & mask;
    }
    tables[i] = table;
  }

  /** For tests, when no request is under way: the number of entries. */
  int size() {
    return sum(Table::size);
  }

  /** For tests, when no request is under way: the requests the table still holds. */
  int held() {
    return sum(Table::held);
  }

  // For tests: the tables' figures added up.
  private int sum(ToIntFunction<Table> figure) {
    int sum = 0;
    for (Table table : owned) {
      if (table != null) {
        sum += figure.applyAsInt(table);
      }
    }
    synchronized (shared) {
      return sum + figure.applyAsInt(shared);
    }
  }

  /**
   * One thread's connections (or the shared table's, under its lock). A table is its map at
   * once: a begin reaches the map without going through another object. Never serialized.
   */
  private static final class Table extends IdentityHashMap<SocketAddress, ServerConnection> {
    private static final long serialVersionUID = 1L;

    // Null for the shared table.
    private final transient Thread owner;
    private int sweepAt = FIRST_SWEEP;

    private Table(Thread owner) {
      this.owner = owner;
    }

    private ServerConnection open(SocketAddress remote, RequestMetric request) {
      ServerConnection connection = get(remote);
      if (connection == null) {
        if (size() >= sweepAt) {
          sweep();
        }
        connection = new ServerConnection(this, remote);
        put(remote, connection);
      }
      connection.link(request);
      return connection;
    }

    // Drops the entries without open requests (idle keep-alive connections, or lost ones).
    private void sweep() {
      Iterator<ServerConnection> entries = values().iterator();
      while (entries.hasNext()) {
        if (entries.next().prune()) {
          entries.remove();
        }
      }
      sweepAt = Math.max(FIRST_SWEEP, 2 * size());
    }

    private int held() {
      int held = 0;
      for (ServerConnection connection : values()) {
        held += connection.held();
      }
      return held;
    }
  }

  /**
   * What the server knows of one HTTP connection: its requests not yet known to be finished.
   * Written by its table's owner (or under the shared table's lock) only.
   */
  static final class ServerConnection {

    private static final int FIRST_PRUNE = 8;

    private final Table table;
    // The table's owner, here so that a finish reads no other object; null for the shared table.
    private final Thread owner;
    private final SocketAddress remote;
    // The request begun last while the one before it had finished: on HTTP/1.1 keep-alive, the
    // request under way, alone; null once it finished on the owner's thread.
    private RequestMetric current;
    // The requests begun while the slot's was still open, linked through the requests, newest
    // first; pruned of the finished ones when it has doubled since the last prune.
    private RequestMetric others;
    private int othersSize;
    private int pruneAt = FIRST_PRUNE;

    private ServerConnection(Table table, SocketAddress remote) {
      this.table = table;
      this.owner = table.owner;
      this.remote = remote;
    }

    private void link(RequestMetric request) {
      RequestMetric slot = current;
      if (slot == null || slot.isDone()) {
        current = request;
        return;
      }
      if (othersSize >= pruneAt) {
        pruneOthers();
        pruneAt = Math.max(FIRST_PRUNE, 2 * othersSize);
      }
      request.next = others;
      others = request;
      othersSize++;
    }

    private void pruneOthers() {
      RequestMetric kept = null;
      int size = 0;
      RequestMetric request = others;
      while (request != null) {
        RequestMetric next = request.next;
        if (request.isDone()) {
          request.next = null;
        } else {
          request.next = kept;
          kept = request;
          size++;
        }
        request = next;
      }
      others = kept;
      othersSize = size;
    }

    // Drops the finished requests; true when none is left.
    private boolean prune() {
      if (current != null && current.isDone()) {
        current = null;
      }
      pruneOthers();
      return current == null && others == null;
    }

    // The requests held, as one chain through their links; the connection holds none after.
    private RequestMetric detach() {
      RequestMetric chain = others;
      RequestMetric slot = current;
      if (slot != null) {
        slot.next = chain;
        chain = slot;
      }
      current = null;
      others = null;
      othersSize = 0;
      return chain;
    }

    private int held() {
      int held = current == null ? 0 : 1;
      for (RequestMetric request = others; request != null; request = request.next) {
        held++;
      }
      return held;
    }

    /**
     * The request is finished (its state word says {@code DONE}). On the owner's thread it leaves
     * the slot now, so that the next begin need not read it; elsewhere the owner finds it
     * finished at its next begin, prune or close.
     */
    void finished(RequestMetric request) {
      if (owner == Thread.currentThread() && current == request) {
        current = null;
      }
    }

    /**
     * The connection stopped being an HTTP connection (upgraded to a WebSocket, or a CONNECT
     * tunnel): Vert.x reports its close under another object, so it is forgotten now if this
     * thread may write its table, and otherwise by the table's next sweep (its requests are
     * finished by then, or finish later).
     */
    void left() {
      if (owner == null) {
        synchronized (table) {
          table.remove(remote, this);
        }
      } else if (owner == Thread.currentThread()) {
        table.remove(remote, this);
      }
    }
  }
}
