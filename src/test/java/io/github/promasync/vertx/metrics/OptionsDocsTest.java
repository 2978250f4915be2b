package io.github.promasync.vertx.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.MetricsHandlerOptions;
import io.github.promasync.vertx.MetricsVerticleOptions;
import io.github.promasync.vertx.testing.OptionsContract;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The options tables of docs/ (each after a {@code // options-table: ClassName} line) list every
 * JSON key of the class with its type and default, as the class has them: a key, type or default
 * changed in the code fails here until the docs follow. (Here rather than beside the options
 * classes because the Vert.x 5.0 build leaves out this package, and PrometheusMetricsOptions.)
 */
class OptionsDocsTest {

  private static final Map<String, Class<?>> CLASSES = Map.of(
      "PrometheusMetricsOptions", PrometheusMetricsOptions.class,
      "MetricsVerticleOptions", MetricsVerticleOptions.class,
      "MetricsHandlerOptions", MetricsHandlerOptions.class);

  private static final String MARKER = "// options-table: ";
  private static final List<String> HEADER =
      List.of("setter", "JSON key", "type", "default", "meaning");

  /** One row: setter, JSON key, type, default, meaning. */
  private record Row(String file, List<String> cells) {
    String key() {
      return cells.get(1);
    }
  }

  @Test
  void everyOptionsTableListsEveryJsonKeyWithTheTypeAndDefaultOfTheClass() throws Exception {
    Map<String, List<Row>> tables = tables();
    assertThat(tables.keySet()).containsExactlyInAnyOrderElementsOf(CLASSES.keySet());

    for (Map.Entry<String, List<Row>> table : tables.entrySet()) {
      Class<?> type = CLASSES.get(table.getKey());
      JsonObject defaults = (JsonObject) type.getMethod("toJson")
          .invoke(type.getConstructor().newInstance());
      Map<String, Method> properties = OptionsContract.properties(type);
      Set<String> documented = new TreeSet<>();
      for (Row row : table.getValue()) {
        if (row.key().equals("none")) {
          continue;
        }
        String key = unquote(row.key());
        String where = row.file() + ", " + table.getKey() + " " + key;
        assertThat(defaults.containsKey(key)).as("%s: a JSON key", where).isTrue();
        documented.add(key);
        Type getter = properties.get(key).getGenericReturnType();
        String setter = "`set" + Character.toUpperCase(key.charAt(0)) + key.substring(1) + "(";
        assertThat(row.cells().get(0)).as("%s: the setter", where).startsWith(setter);
        assertThat(row.cells().get(2)).as("%s: the type", where).isEqualTo(jsonType(getter));
        assertThat(row.cells().get(3)).as("%s: the default", where)
            .startsWith(jsonDefault(getter, defaults.getValue(key)));
      }
      assertThat(documented).as("the JSON keys documented for %s", table.getKey())
          .containsExactlyInAnyOrderElementsOf(defaults.fieldNames());
    }
  }

  /** The cell naming a JSON property's type. */
  private static String jsonType(Type type) {
    if (type == boolean.class) {
      return "boolean";
    }
    if (type == int.class || type == long.class) {
      return "integer";
    }
    if (type == double.class) {
      return "number";
    }
    if (type == String.class) {
      return "string";
    }
    if (type instanceof Class<?> && ((Class<?>) type).isEnum()) {
      return "string (`" + ((Class<?>) type).getSimpleName() + "`)";
    }
    if (type instanceof ParameterizedType
        && Collection.class.isAssignableFrom((Class<?>) ((ParameterizedType) type).getRawType())) {
      Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
      String of = jsonType(element);
      return "array of " + (of.startsWith("string") ? "strings" + of.substring(6) : of);
    }
    return "object (`" + ((Class<?>) type).getSimpleName() + "`)";
  }

  /** How the default cell begins: the default's JSON, or the data object's constructor. */
  private static String jsonDefault(Type type, Object value) throws Exception {
    if (value instanceof JsonObject) {
      Class<?> dataObject = (Class<?>) type;
      Object fresh = dataObject.getConstructor().newInstance();
      assertThat(value).as("the default %s", dataObject.getSimpleName())
          .isEqualTo(dataObject.getMethod("toJson").invoke(fresh));
      return "`new " + dataObject.getSimpleName() + "()`";
    }
    return "`" + Json.encode(value) + "`";
  }

  private static String unquote(String cell) {
    assertThat(cell).matches("`\\w+`");
    return cell.substring(1, cell.length() - 1);
  }

  private static Map<String, List<Row>> tables() throws IOException {
    Map<String, List<Row>> tables = new java.util.TreeMap<>();
    try (Stream<Path> docs = Files.list(Paths.get("docs"))) {
      for (Path doc : (Iterable<Path>) docs.filter(p -> p.toString().endsWith(".adoc"))::iterator) {
        List<String> lines = Files.readAllLines(doc);
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).startsWith(MARKER)) {
            String name = lines.get(i).substring(MARKER.length()).trim();
            assertThat(CLASSES).as("%s: %s", doc, name).containsKey(name);
            tables.computeIfAbsent(name, n -> new ArrayList<>())
                .addAll(rows(doc.getFileName().toString(), lines, i + 1));
          }
        }
      }
    }
    return tables;
  }

  // The table after the marker: [cols=...], |===, the header row, then one cell per line
  // ("| text", continued on the indented lines below it), five cells a row, until |===.
  private static List<Row> rows(String file, List<String> lines, int from) {
    int i = from;
    assertThat(lines.get(i)).as("%s:%d", file, i + 1).startsWith("[cols=");
    assertThat(lines.get(i + 1)).isEqualTo("|===");
    List<String> header = List.of(lines.get(i + 2).substring(1).split("\\|"));
    assertThat(header.stream().map(String::trim).toList()).as("%s:%d", file, i + 3)
        .isEqualTo(HEADER);
    List<String> cells = new ArrayList<>();
    for (i += 3; !lines.get(i).equals("|==="); i++) {
      String line = lines.get(i);
      if (line.startsWith("|")) {
        cells.add(line.substring(1).trim());
      } else if (!line.isBlank()) {
        int last = cells.size() - 1;
        cells.set(last, cells.get(last) + " " + line.trim());
      }
    }
    assertThat(cells.size() % HEADER.size()).as("%s: cells in the table at line %d", file, from)
        .isZero();
    List<Row> rows = new ArrayList<>();
    for (int cell = 0; cell < cells.size(); cell += HEADER.size()) {
      rows.add(new Row(file, cells.subList(cell, cell + HEADER.size())));
    }
    return rows;
  }
}
