package io.github.promasync.vertx.metrics.impl;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Turns the names vertx-web reports through {@code HttpServerRequest.routed(name)}, once for
 * every route that matched, into the template of the route that served the request.
 *
 * <p>vertx-web reports, in order: every matching route by {@code setName(..)}, else by its path
 * as written ({@code /users/:id}; {@code /api/*} as {@code /api/}), else its regex, else
 * {@code null} (a route without a path, such as a {@code BodyHandler}). A sub-router's routes
 * report their path relative to the mount point, after the mount route. A failure
 * ({@code ctx.fail(..)}, a throwing handler) re-iterates the routes from the start, and the
 * matching ones report again. Hence the rules, applied to each name in turn:
 * <ol>
 *   <li>{@code null} or empty: ignored, so routes without a path add nothing;</li>
 *   <li>after a prefix (the last name ending with {@code /}, the mount point) that the new name
 *   neither extends nor shortens, a name starting with {@code /} is a sub-router's route and is
 *   joined to it: {@code /api/} and {@code /items/:item} give {@code /api/items/:item};</li>
 *   <li>the result replaces the route so far, unless it is a prefix of it: a failure's
 *   re-iteration starts again with {@code /api/}, which leaves {@code /api/items/:item} as it
 *   is, so no route is ever repeated or lost.</li>
 * </ol>
 * A sub-router route whose own path starts with its mount path is taken for a top-level route
 * (rule 2); name such routes with {@code setName} if that matters.
 *
 * <p>Joined names are cached, so a request builds no string. Names reported by user code through
 * {@code routed(..)} may be raw paths: the cache keeps at most {@code max} joined names (past
 * that, a join is built per request, as for any raw path), and the route label itself is under
 * the domain's {@link KeyGuard} like every traffic-grown label.
 */
final class RouteNames {

  private final int max;
  private final AtomicInteger joinedCount = new AtomicInteger();
  // mount -> (relative name -> joined): both keys are strings vertx-web keeps (or joined strings
  // from here), so the lookups are identity hits; the values are built once.
  private final Series<String, Series<String, String>> joined;

  RouteNames(int max) {
    this.max = max;
    Predicate<String> room = name -> joinedCount.get() < this.max
        && joinedCount.incrementAndGet() <= this.max;
    joined = new Series<>(room, mount -> KeyGuard.OTHER, mount -> new Series<>(room,
        name -> KeyGuard.OTHER,
        name -> name.equals(KeyGuard.OTHER) || mount.equals(KeyGuard.OTHER) ? KeyGuard.OTHER
            : mount + name.substring(1)));
  }

  /**
   * The name a reported name stands for under the current mount point (rule 2).
   *
   * @param mount the last prefix reported, {@code null} if none
   * @param name a non-empty reported name
   * @return the name, joined to the mount point if it is a sub-router's route
   */
  String resolve(String mount, String name) {
    if (mount != null && name.charAt(0) == '/' && !name.startsWith(mount)
        && !mount.startsWith(name)) {
      String cached = joined.get(mount).get(name);
      // Past the cache's bound (raw paths from user code), the join is built each time, and
      // the route's guard records it as _OTHER.
      return cached != KeyGuard.OTHER ? cached : mount + name.substring(1);
    }
    return name;
  }
}
