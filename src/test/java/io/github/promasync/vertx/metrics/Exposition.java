package io.github.promasync.vertx.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scrape of a registry in the Prometheus text format, parsed into samples, so that tests
 * assert on what Prometheus would read.
 */
final class Exposition {

  record Sample(String name, Map<String, String> labels, double value) {
  }

  private final String text;
  private final List<Sample> samples = new ArrayList<>();

  private Exposition(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      samples.add(parse(line));
    }
  }

  static Exposition scrape(PrometheusRegistry registry) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ExpositionFormats.init().getPrometheusTextFormatWriter().write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Exposition(out.toString(StandardCharsets.UTF_8));
  }

  /** Parses what a {@code /metrics} endpoint served in the Prometheus text format. */
  static Exposition of(String text) {
    return new Exposition(text);
  }

  String text() {
    return text;
  }

  List<Sample> samples() {
    return samples;
  }

  /**
   * The value of the one sample with this name and exactly these labels (pairs of name, value);
   * fails the test if there is none.
   */
  double value(String name, String... labelPairs) {
    Map<String, String> wanted = labels(labelPairs);
    for (Sample sample : samples) {
      if (sample.name.equals(name) && sample.labels.equals(wanted)) {
        return sample.value;
      }
    }
    throw new AssertionError("no sample " + name + wanted + " in\n" + text);
  }

  /**
   * The sum of the samples whose name ends with {@code suffix} and whose labels include these
   * pairs (others may be there too): {@code sum("http_server_active_connections")} counts the
   * open connections whether the family has the {@code vertx_} prefix or not, over all labels.
   */
  double sum(String suffix, String... labelPairs) {
    Map<String, String> wanted = labels(labelPairs);
    double sum = 0;
    for (Sample sample : samples) {
      if (sample.name.endsWith(suffix)
          && sample.labels.entrySet().containsAll(wanted.entrySet())) {
        sum += sample.value;
      }
    }
    return sum;
  }

  /** The names of the active gauges (requests, connections, WebSockets) that are not 0. */
  List<String> activeNotZero() {
    return samples.stream()
        .filter(s -> s.name.contains("_active_") && s.value != 0)
        .map(s -> s.name + s.labels + " " + s.value)
        .toList();
  }

  /** The samples named {@code name}. */
  List<Sample> named(String name) {
    return samples.stream().filter(s -> s.name.equals(name)).toList();
  }

  /** Whether any sample has this name. */
  boolean has(String name) {
    return samples.stream().anyMatch(s -> s.name.equals(name));
  }

  static Map<String, String> labels(String... pairs) {
    assertThat(pairs.length % 2).as("label name/value pairs").isZero();
    Map<String, String> labels = new TreeMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      labels.put(pairs[i], pairs[i + 1]);
    }
    return labels;
  }

  private static Sample parse(String line) {
    int brace = line.indexOf('{');
    int space = line.lastIndexOf(' ');
    String name;
    Map<String, String> labels = new TreeMap<>();
    if (brace >= 0 && brace < space) {
      name = line.substring(0, brace);
      int end = line.lastIndexOf('}');
      String body = line.substring(brace + 1, end);
      int i = 0;
      while (i < body.length()) {
        int eq = body.indexOf('=', i);
        String label = body.substring(i, eq);
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        while (body.charAt(j) != '"') {
          char c = body.charAt(j);
          if (c == '\\') {
            j++;
            char n = body.charAt(j);
            value.append(n == 'n' ? '\n' : n);
          } else {
            value.append(c);
          }
          j++;
        }
        labels.put(label, value.toString());
        i = j + 1;
        if (i < body.length() && body.charAt(i) == ',') {
          i++;
        }
      }
      space = line.indexOf(' ', end);
    } else {
      name = line.substring(0, line.indexOf(' '));
      space = name.length();
    }
    String rest = line.substring(space + 1).trim();
    int next = rest.indexOf(' ');
    String value = next < 0 ? rest : rest.substring(0, next);
    return new Sample(name, new LinkedHashMap<>(labels), Double.parseDouble(value));
  }
}
