package io.github.promasync.vertx.mixin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a user of the mixin may change: the job selector of the rules and alerts, the alerts'
 * thresholds and where their runbooks are. {@link MixinGenerator} takes each as a
 * {@code key=value} argument; docs/operating.adoc lists them.
 *
 * @param selector the label matchers every rule and alert selects its series with
 * @param runbookUrl the page whose sections are the runbooks (an anchor per alert is appended)
 * @param serverErrorRatio VertxHttpServerErrorRatioHigh: the share of 5xx and resets per route
 * @param serverMinRequestRate VertxHttpServerErrorRatioHigh: routes slower than this (requests
 *     per second) never page
 * @param serverLatencyP99 VertxHttpServerLatencyHigh: the p99 of a route, in seconds
 * @param eventLoopDelayP99 VertxEventLoopDelayHigh: the p99 of an event loop's delay, in seconds
 * @param clientErrorRatio VertxHttpClientErrorRatioHigh: the share of 5xx and resets per server
 */
public record MixinConfig(String selector, String runbookUrl, double serverErrorRatio,
    double serverMinRequestRate, double serverLatencyP99, double eventLoopDelayP99,
    double clientErrorRatio) {

  /** The defaults, which the committed files under monitoring/ are generated with. */
  public static final MixinConfig DEFAULTS = new MixinConfig("job!=\"\"",
      "https://github.com/promasync/vertx-prometheus-async/blob/main/docs/operating.adoc",
      0.05, 0.1, 1, 0.1, 0.1);

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException naming the first bad value
   */
  public MixinConfig {
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(runbookUrl, "runbookUrl");
    if (selector.isBlank() || selector.contains("{") || selector.contains("}")) {
      throw new IllegalArgumentException("selector '" + selector
          + "' must be label matchers without braces, e.g. job=\"orders\"");
    }
    positive("serverErrorRatio", serverErrorRatio);
    positive("serverMinRequestRate", serverMinRequestRate);
    positive("serverLatencyP99", serverLatencyP99);
    positive("eventLoopDelayP99", eventLoopDelayP99);
    positive("clientErrorRatio", clientErrorRatio);
  }

  private static void positive(String key, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(value + " is not a valid " + key
          + ": expected a positive number");
    }
  }

  /**
   * These values, with some replaced.
   *
   * @param overrides {@code key=value} arguments, the keys named as the record's components
   * @return the new configuration
   * @throws IllegalArgumentException naming an unknown key, an argument without {@code =} or a
   *     bad value
   */
  public MixinConfig with(String... overrides) {
    Map<String, String> values = new LinkedHashMap<>(asMap());
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("'" + override + "' is not a key=value argument");
      }
      String key = override.substring(0, eq);
      if (!values.containsKey(key)) {
        throw new IllegalArgumentException("'" + key + "' is not a mixin setting: expected one of "
            + String.join(", ", values.keySet()));
      }
      values.put(key, override.substring(eq + 1));
    }
    return new MixinConfig(values.get("selector"), values.get("runbookUrl"),
        number(values, "serverErrorRatio"), number(values, "serverMinRequestRate"),
        number(values, "serverLatencyP99"), number(values, "eventLoopDelayP99"),
        number(values, "clientErrorRatio"));
  }

  private static double number(Map<String, String> values, String key) {
    try {
      return Double.parseDouble(values.get(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + values.get(key) + "' is not a valid " + key
          + ": expected a number", e);
    }
  }

  private Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("selector", selector);
    map.put("runbookUrl", runbookUrl);
    map.put("serverErrorRatio", number(serverErrorRatio));
    map.put("serverMinRequestRate", number(serverMinRequestRate));
    map.put("serverLatencyP99", number(serverLatencyP99));
    map.put("eventLoopDelayP99", number(eventLoopDelayP99));
    map.put("clientErrorRatio", number(clientErrorRatio));
    return map;
  }

  /** A threshold as PromQL writes it: {@code 1}, not {@code 1.0}. */
  static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  /** {@code name{selector, extra...}}: a series selector of the rules and alerts. */
  String series(String name, String... matchers) {
    StringBuilder out = new StringBuilder(name).append('{').append(selector);
    for (String matcher : matchers) {
      out.append(", ").append(matcher);
    }
    return out.append('}').toString();
  }
}
