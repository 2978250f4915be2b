package io.github.promasync.vertx.metrics.impl;

import io.vertx.core.http.HttpMethod;

/**
 * The nine standard HTTP methods (RFC 9110 and RFC 5789's PATCH) as small indexes, and
 * {@code _OTHER} for the rest, as the OpenTelemetry conventions ask: a client inventing methods
 * cannot grow the number of series.
 */
final class HttpMethods {

  /** The index of every method outside the nine. */
  static final int OTHER = 9;

  /** How many indexes there are. */
  static final int COUNT = 10;

  private static final String[] LABELS = {
    "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "_OTHER"
  };

  private HttpMethods() {
  }

  /**
   * The index of a method; identity checks against Vert.x's constants, no string work.
   *
   * @param method the method, possibly {@code null}
   * @return 0 to 8 for the standard methods, {@link #OTHER} otherwise
   */
  static int index(HttpMethod method) {
    if (method == HttpMethod.GET) {
      return 0;
    } else if (method == HttpMethod.HEAD) {
      return 1;
    } else if (method == HttpMethod.POST) {
      return 2;
    } else if (method == HttpMethod.PUT) {
      return 3;
    } else if (method == HttpMethod.DELETE) {
      return 4;
    } else if (method == HttpMethod.CONNECT) {
      return 5;
    } else if (method == HttpMethod.OPTIONS) {
      return 6;
    } else if (method == HttpMethod.TRACE) {
      return 7;
    } else if (method == HttpMethod.PATCH) {
      return 8;
    }
    return OTHER;
  }

  /**
   * The label value of an index.
   *
   * @param index from {@link #index(HttpMethod)}
   * @return the method's name, or {@code _OTHER}
   */
  static String label(int index) {
    return LABELS[index];
  }
}
