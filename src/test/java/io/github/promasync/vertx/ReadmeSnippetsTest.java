package io.github.promasync.vertx;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java snippet in README.adoc and in the guides under docs/ stands, line for line, in a
 * source file that the build compiles (src/ or examples/), so the docs cannot drift from code that
 * works.
 */
class ReadmeSnippetsTest {

  @Test
  void everyJavaSnippetInTheReadmeIsCompiledCode() throws IOException {
    assertSnippetsCompiled(Paths.get("README.adoc"), javaSources());
  }

  @Test
  void everyJavaSnippetInTheGuidesIsCompiledCode() throws IOException {
    List<List<String>> sources = javaSources();
    List<Path> guides;
    try (Stream<Path> files = Files.list(Paths.get("docs"))) {
      guides = files.filter(f -> f.toString().endsWith(".adoc")).sorted().collect(Collectors.toList());
    }
    assertThat(guides).extracting(guide -> guide.getFileName().toString())
        .contains("instrumenting.adoc", "serving-metrics.adoc", "metrics-server.adoc");
    for (Path guide : guides) {
      assertSnippetsCompiled(guide, sources);
    }
  }

  @Test
  void findsSnippetsThatAreNotCompiledCode() {
    List<List<String>> snippets = javaSnippets(List.of("[source,java]", "----",
        "Future<String> nowhere = Instrument.time(notAMetric, notAFuture);", "----"));
    assertThat(snippets).hasSize(1);
    assertThat(compiled(snippets.get(0), List.of(List.of("int x = 1;")))).isFalse();
  }

  private static void assertSnippetsCompiled(Path doc, List<List<String>> sources) throws IOException {
    List<List<String>> snippets = javaSnippets(Files.readAllLines(doc));
    if (doc.getFileName().toString().equals("README.adoc")) {
      assertThat(snippets).as("Java snippets in %s", doc).isNotEmpty();
    }
    for (List<String> snippet : snippets) {
      assertThat(compiled(snippet, sources))
          .as("%s: snippet not found in any compiled source:%n%s", doc, String.join("\n", snippet))
          .isTrue();
    }
  }

  private static boolean compiled(List<String> snippet, List<List<String>> sources) {
    return sources.stream().anyMatch(source -> Collections.indexOfSubList(source, snippet) >= 0);
  }

  private static List<List<String>> javaSnippets(List<String> readme) {
    List<List<String>> snippets = new ArrayList<>();
    for (int i = 0; i < readme.size(); i++) {
      if (readme.get(i).trim().startsWith("[source,java") && i + 1 < readme.size()
          && readme.get(i + 1).trim().equals("----")) {
        List<String> snippet = new ArrayList<>();
        int j = i + 2;
        for (; j < readme.size() && !readme.get(j).trim().equals("----"); j++) {
          snippet.add(readme.get(j));
        }
        snippets.add(normalize(snippet));
        i = j;
      }
    }
    return snippets;
  }

  private static List<List<String>> javaSources() throws IOException {
    List<List<String>> sources = new ArrayList<>();
    for (String root : new String[] {"src", "examples"}) {
      try (Stream<Path> files = Files.walk(Paths.get(root))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList())) {
          sources.add(normalize(read(file)));
        }
      }
    }
    return sources;
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compares code, not layout: trimmed lines, blank lines and tag comments dropped. */
  private static List<String> normalize(List<String> lines) {
    return lines.stream().map(String::trim)
        .filter(line -> !line.isEmpty() && !line.startsWith("// tag::") && !line.startsWith("// end::"))
        .collect(Collectors.toList());
  }
}
