package io.github.promasync.vertx;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONTRIBUTING.adoc's map of the code matches the code: every package, path and class it names
 * exists, and every class of {@code src/main} is named in the row of its package. The failure
 * messages say exactly which class to add to which row, or which name to remove.
 */
class ContributingMapTest {

  private static final Path MAIN = Paths.get("src/main/java");
  private static final List<Path> SOURCE_ROOTS = List.of(MAIN, Paths.get("src/test/java"),
      Paths.get("examples/src/main/java"), Paths.get("benchmarks/src/main/java"),
      Paths.get("benchmarks/src/test/java"));
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern PACKAGE = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z][a-z0-9_]*)+");
  private static final Pattern CLASS = Pattern.compile("[A-Z][A-Za-z0-9]*");

  @Test
  void everyPackagePathAndClassTheMapNamesExists() throws IOException {
    Map<String, String> map = map(Files.readAllLines(Paths.get("CONTRIBUTING.adoc")));
    Set<String> classes = classesIn(SOURCE_ROOTS);
    List<String> problems = new ArrayList<>();
    map.forEach((where, what) -> {
      for (String name : codeIn(where + " " + what)) {
        String problem = problem(name, classes);
        if (problem != null) {
          problems.add("row " + where.replace("`", "") + ": " + problem);
        }
      }
    });
    assertThat(problems).as("CONTRIBUTING.adoc, \"Map of the code\", names what does not exist:%n%s",
        String.join("\n", problems)).isEmpty();
  }

  @Test
  void everyClassOfSrcMainIsNamedInTheRowOfItsPackage() throws IOException {
    Map<String, String> map = map(Files.readAllLines(Paths.get("CONTRIBUTING.adoc")));
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Set<String>> pkg : mainClassesByPackage().entrySet()) {
      String row = map.keySet().stream().filter(where -> codeIn(where).contains(pkg.getKey()))
          .findFirst().orElse(null);
      if (row == null) {
        problems.add("add a row for package `" + pkg.getKey() + "` naming " + pkg.getValue());
        continue;
      }
      Set<String> named = new TreeSet<>(codeIn(map.get(row)));
      for (String simpleName : pkg.getValue()) {
        if (!named.contains(simpleName)) {
          problems.add("add `" + simpleName + "` (" + pkg.getKey() + "." + simpleName + ") to the row "
              + row.replace("`", ""));
        }
      }
      for (String name : named) {
        if (CLASS.matcher(name).matches() && !pkg.getValue().contains(name)) {
          problems.add("remove `" + name + "` from the row " + row.replace("`", "")
              + ": no such class in " + pkg.getKey());
        }
      }
    }
    assertThat(problems).as("CONTRIBUTING.adoc, \"Map of the code\", is out of date:%n%s",
        String.join("\n", problems)).isEmpty();
  }

  @Test
  void readsTheRowsOfTheMapAndFlagsWhatIsMissing() {
    Map<String, String> map = map(List.of("== Map of the code", "", "[cols=\"2,5\"]", "|===",
        "| where | what", "", "| `a.b` (exported)", "| `One` and", "  `Two`.", "", "| `docs/`",
        "| The guides.", "|===", "", "== Conventions", "| `Ignored`"));
    assertThat(map).containsExactly(Map.entry("`a.b` (exported)", "`One` and `Two`."),
        Map.entry("`docs/`", "The guides."));
    Set<String> classes = Set.of("One");
    assertThat(problem("One", classes)).isNull();
    assertThat(problem("Two", classes)).isEqualTo("`Two` is no class of the repository: remove or rename it");
    assertThat(problem("io.github.promasync.vertx", classes)).isNull();
    assertThat(problem("io.github.promasync.nothing", classes)).contains("no such package");
    assertThat(problem("docs/", classes)).isNull();
    assertThat(problem("nowhere/", classes)).contains("no such path");
    assertThat(problem("*UsageTest", classes)).isNull();
  }

  /** The rows of the "Map of the code" table: where, what (continuation lines joined). */
  static Map<String, String> map(List<String> lines) {
    int start = lines.indexOf("== Map of the code");
    assertThat(start).as("CONTRIBUTING.adoc has a \"== Map of the code\" section").isNotNegative();
    List<String> cells = new ArrayList<>();
    boolean inTable = false;
    for (int i = start + 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.equals("|===")) {
        if (inTable) {
          break;
        }
        inTable = true;
        i++; // the header row
        continue;
      }
      if (!inTable) {
        continue;
      }
      if (line.startsWith("|")) {
        cells.add(line.substring(1).trim());
      } else if (!line.isBlank() && !cells.isEmpty()) {
        cells.set(cells.size() - 1, cells.get(cells.size() - 1) + " " + line.trim());
      }
    }
    Map<String, String> rows = new LinkedHashMap<>();
    for (int i = 0; i + 1 < cells.size(); i += 2) {
      rows.put(cells.get(i), cells.get(i + 1));
    }
    return rows;
  }

  private static List<String> codeIn(String text) {
    List<String> names = new ArrayList<>();
    Matcher code = CODE.matcher(text);
    while (code.find()) {
      names.add(code.group(1));
    }
    return names;
  }

  /** Why {@code name} (a package, a path or a class) does not exist, or null if it does. */
  static String problem(String name, Set<String> classes) {
    if (name.startsWith("...") && !name.contains("/")) {
      return null; // an abbreviated package, e.g. `...vertx.metrics`
    }
    if (name.contains("/")) {
      String path = name.replaceFirst("/$", "");
      if (!path.contains("...")) {
        return Files.exists(Paths.get(path)) ? null : "`" + name + "`: no such path";
      }
      // `.../reliability/`, `src/test/.../examples/`: "..." stands for any part of a path.
      Pattern pattern = Pattern.compile((path.startsWith("...") ? "" : "^")
          + Pattern.quote(path).replace("...", "\\E.*\\Q") + "$");
      for (String root : List.of("src", "examples", "benchmarks/src", "docs")) {
        try (Stream<Path> files = Files.walk(Paths.get(root))) {
          if (files.map(f -> f.toString().replace('\\', '/')).anyMatch(f -> pattern.matcher(f).find())) {
            return null;
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return "`" + name + "`: no such path";
    }
    if (PACKAGE.matcher(name).matches()) {
      return Files.isDirectory(MAIN.resolve(name.replace('.', '/'))) ? null
          : "`" + name + "`: no such package in src/main/java";
    }
    if (CLASS.matcher(name).matches()) {
      return classes.contains(name) ? null
          : "`" + name + "` is no class of the repository: remove or rename it";
    }
    return null; // not a name: a glob (`*UsageTest`), a profile, a block marker
  }

  private static Set<String> classesIn(List<Path> roots) throws IOException {
    Set<String> classes = new TreeSet<>();
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".java"))
            .forEach(f -> classes.add(f.substring(0, f.length() - ".java".length())));
      }
    }
    return classes;
  }

  /** Every top-level class of src/main by package, module-info and package-info left out. */
  private static Map<String, Set<String>> mainClassesByPackage() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      return files.filter(f -> f.toString().endsWith(".java"))
          .filter(f -> !f.getFileName().toString().equals("module-info.java")
              && !f.getFileName().toString().equals("package-info.java"))
          .collect(Collectors.groupingBy(
              f -> MAIN.relativize(f.getParent()).toString().replace(java.io.File.separatorChar, '.'),
              java.util.TreeMap::new,
              Collectors.mapping(f -> f.getFileName().toString().replace(".java", ""),
                  Collectors.toCollection(TreeSet::new))));
    }
  }
}
