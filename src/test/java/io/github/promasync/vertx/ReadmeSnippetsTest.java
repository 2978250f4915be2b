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
 * Every Java snippet in README.adoc stands, line for line, in a source file that the build
 * compiles (src/ or examples/), so the README cannot drift from code that works.
 */
class ReadmeSnippetsTest {

  @Test
  void everyJavaSnippetInTheReadmeIsCompiledCode() throws IOException {
    List<List<String>> snippets = javaSnippets(Files.readAllLines(Paths.get("README.adoc")));
    List<List<String>> sources = javaSources();

    assertThat(snippets).isNotEmpty();
    for (List<String> snippet : snippets) {
      assertThat(sources.stream().anyMatch(source -> Collections.indexOfSubList(source, snippet) >= 0))
          .as("README snippet not found in any compiled source:%n%s", String.join("\n", snippet))
          .isTrue();
    }
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
