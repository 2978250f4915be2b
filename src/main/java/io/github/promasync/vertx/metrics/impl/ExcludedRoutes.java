package io.github.promasync.vertx.metrics.impl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The routes left out of the HTTP server's request metrics
 * ({@code PrometheusMetricsOptions#addExcludedRoute}): a route template equal to one of them, or
 * starting with one that ends with {@code *} (without the star). Asked once per route name, when
 * its series are first looked up, never per request.
 */
final class ExcludedRoutes {

  private final Set<String> exact = new HashSet<>();
  private final List<String> prefixes = new ArrayList<>();

  ExcludedRoutes(Set<String> routes) {
    for (String route : routes) {
      if (route.endsWith("*")) {
        prefixes.add(route.substring(0, route.length() - 1));
      } else {
        exact.add(route);
      }
    }
  }

  /**
   * Whether a route is excluded.
   *
   * @param route a route template; the empty one (no route matched) is never excluded
   * @return whether its requests are left out
   */
  boolean excludes(String route) {
    if (route.isEmpty()) {
      return false;
    }
    if (exact.contains(route)) {
      return true;
    }
    for (String prefix : prefixes) {
      if (route.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
