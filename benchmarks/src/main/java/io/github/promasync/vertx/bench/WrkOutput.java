package io.github.promasync.vertx.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one {@code wrk} run printed at its end: its request count, requests/s, non-2xx (or 3xx)
 * responses and socket errors (connect, read, write and timeout, summed). Each harness decides
 * what an error means for its run; this only reads.
 *
 * @param requests the requests wrk completed, or -1 when its output has no count
 * @param requestsPerSecond wrk's requests/s, or NaN when its output has none
 * @param non2xx the responses that were not 2xx (wrk prints the line only when there are some)
 * @param socketErrors connect, read, write and timeout errors together
 */
record WrkOutput(long requests, double requestsPerSecond, long non2xx, long socketErrors) {

  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
  private static final Pattern SOCKET_ERRORS =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

  /** Reads wrk's text output; the figures it lacks are -1 (requests) and NaN (requests/s). */
  static WrkOutput parse(String output) {
    Matcher requests = REQUESTS.matcher(output);
    Matcher rps = RPS.matcher(output);
    Matcher non2xx = NON_2XX.matcher(output);
    long socketErrors = 0;
    Matcher socket = SOCKET_ERRORS.matcher(output);
    if (socket.find()) {
      for (int g = 1; g <= 4; g++) {
        socketErrors += Long.parseLong(socket.group(g));
      }
    }
    return new WrkOutput(requests.find() ? Long.parseLong(requests.group(1)) : -1,
        rps.find() ? Double.parseDouble(rps.group(1)) : Double.NaN,
        non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, socketErrors);
  }

  /** Whether the output held both the request count and requests/s. */
  boolean readable() {
    return requests >= 0 && !Double.isNaN(requestsPerSecond);
  }

  /** Non-2xx responses and socket errors together. */
  long errors() {
    return non2xx + socketErrors;
  }
}
