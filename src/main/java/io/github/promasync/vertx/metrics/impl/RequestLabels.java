package io.github.promasync.vertx.metrics.impl;

import io.github.promasync.vertx.impl.ThrottledLog;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The user's request labels of one side (server or client): their names, after the domain's own
 * labels in the request families' keys, and their values for one request, computed by the user's
 * functions once per request where the request's series is chosen. A function that throws gives
 * an empty value and a throttled warning; the recording goes on.
 *
 * @param <T> what the functions are given: the server's {@code HttpServerRequest} view, the
 *     client's {@code HttpRequest}
 */
final class RequestLabels<T> {

  private final ThrottledLog failures = new ThrottledLog(System.getLogger(
      "io.github.promasync.vertx.metrics.PrometheusMetricsFactory"));
  private final String side;
  private final String[] names;
  private final List<Function<? super T, String>> functions;

  /**
   * The user's labels, refused if one has the name of a label of the families they go on.
   *
   * @param side "server" or "client", for messages
   * @param labels the label names and their functions, in the user's order
   * @param families the families whose keys they extend
   * @param owner what the families are, for the message ("the HTTP client metrics")
   * @throws IllegalArgumentException naming the label that a family already has
   */
  RequestLabels(String side, Map<String, ? extends Function<? super T, String>> labels,
      List<FamilySpec<?>> families, String owner) {
    this.side = side;
    this.names = labels.keySet().toArray(new String[0]);
    this.functions = List.copyOf(labels.values());
    for (String name : names) {
      for (FamilySpec<?> family : families) {
        if (family.labels().stream().anyMatch(label -> label.name().equals(name))) {
          throw new IllegalArgumentException(side + " request label '" + name + "' is already a "
              + "label of " + owner);
        }
      }
    }
  }

  /** The label names, in the user's order. */
  String[] names() {
    return names.clone();
  }

  boolean isEmpty() {
    return names.length == 0;
  }

  /**
   * The values for one request.
   *
   * @param request the request, or {@code null} for none (a pushed response): all values empty
   * @return the values, in the order of {@link #names()}; empty where a function gave
   *     {@code null} or threw
   */
  String[] values(T request) {
    String[] values = new String[names.length];
    for (int i = 0; i < values.length; i++) {
      String value = null;
      if (request != null) {
        try {
          value = functions.get(i).apply(request);
        } catch (RuntimeException e) {
          failures.failure("the value of " + side + " request label '" + names[i]
              + "' could not be computed; it is empty", e);
        }
      }
      values[i] = value == null ? "" : value;
    }
    return values;
  }
}
