package io.github.promasync.vertx;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code include::} of README.adoc, BENCHMARKS.adoc and docs/*.adoc resolves: the file
 * exists and each tag it names has its {@code tag::}/{@code end::} pair with code between; and
 * every Java block is an include of compiled code (examples/, see CONTRIBUTING.adoc), never
 * written inline, so that no snippet can drift from code that compiles.
 */
class DocsIncludesTest {

  private static final Pattern INCLUDE = Pattern.compile("^include::([^\\[]+)\\[([^\\]]*)\\]\\s*$");
  private static final Pattern TAGS = Pattern.compile("(?:^|,)tags?=([^,]+)");

  @Test
  void everyIncludeOfTheDocsResolvesToAFileAndItsTags() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path doc : docs()) {
      problems.addAll(problems(doc, Files.readAllLines(doc)));
    }
    assertThat(problems).as("the docs' includes and Java blocks:%n%s", String.join("\n", problems))
        .isEmpty();
  }

  @Test
  void theDocsIncludeTheirJavaSnippets() throws IOException {
    assertThat(Files.readString(Paths.get("README.adoc"))).contains("[source,java]\n----\ninclude::");
    for (String guide : List.of("instrumenting.adoc", "serving-metrics.adoc", "metrics-server.adoc",
        "vertx-metrics.adoc")) {
      assertThat(Files.readString(Paths.get("docs", guide))).as(guide).contains("include::../examples/");
    }
  }

  @Test
  void flagsAMissingFileAMissingTagAndAnInlineJavaBlock() {
    Path doc = Paths.get("docs/some.adoc");
    assertThat(problems(doc, List.of("include::../pom.xml[]"))).isEmpty();
    assertThat(problems(doc, List.of("include::../nowhere.adoc[]")))
        .containsExactly("docs/some.adoc:1: no such file: ../nowhere.adoc");
    String docs = "../examples/src/main/java/io/github/promasync/vertx/docs/InstrumentingDocs.java";
    assertThat(problems(doc, List.of("include::" + docs + "[tag=stacked,indent=0]"))).isEmpty();
    assertThat(problems(doc, List.of("include::" + docs + "[tags=stacked;nothing]")))
        .containsExactly("docs/some.adoc:1: no tag 'nothing' (tag::nothing[] ... end::nothing[]) in " + docs);
    assertThat(problems(doc, List.of("[source,java]", "----", "Future<String> f = null;", "----")))
        .containsExactly("docs/some.adoc:1: a Java block written inline: include it from compiled code"
            + " under examples/ (see CONTRIBUTING.adoc)");
    assertThat(problems(doc, List.of("[source,java]", "----", "include::" + docs + "[tag=future]",
        "----"))).isEmpty();
  }

  private static List<Path> docs() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(Paths.get("README.adoc"), Paths.get("BENCHMARKS.adoc")));
    try (Stream<Path> files = Files.list(Paths.get("docs"))) {
      docs.addAll(files.filter(f -> f.toString().endsWith(".adoc")).sorted().collect(Collectors.toList()));
    }
    return docs;
  }

  /** What is wrong with the includes and Java blocks of {@code doc}, one line per problem. */
  static List<String> problems(Path doc, List<String> lines) {
    List<String> problems = new ArrayList<>();
    Path dir = doc.toAbsolutePath().getParent();
    for (int i = 0; i < lines.size(); i++) {
      String where = doc.toString().replace('\\', '/') + ":" + (i + 1) + ": ";
      String line = lines.get(i);
      if (line.trim().startsWith("[source,java") && i + 1 < lines.size() && lines.get(i + 1).trim().equals("----")) {
        for (int j = i + 2; j < lines.size() && !lines.get(j).trim().equals("----"); j++) {
          if (!lines.get(j).isBlank() && !INCLUDE.matcher(lines.get(j).trim()).matches()) {
            problems.add(where + "a Java block written inline: include it from compiled code under"
                + " examples/ (see CONTRIBUTING.adoc)");
            break;
          }
        }
      }
      Matcher include = INCLUDE.matcher(line.trim());
      if (!include.matches()) {
        continue;
      }
      Path file = dir.resolve(include.group(1)).normalize();
      if (!Files.isRegularFile(file)) {
        problems.add(where + "no such file: " + include.group(1));
        continue;
      }
      Matcher tags = TAGS.matcher(include.group(2));
      if (!tags.find()) {
        continue;
      }
      List<String> content;
      try {
        content = Files.readAllLines(file);
      } catch (IOException e) {
        problems.add(where + "unreadable: " + include.group(1) + " (" + e + ")");
        continue;
      }
      for (String tag : tags.group(1).split(";")) {
        if (!hasRegion(content, tag)) {
          problems.add(where + "no tag '" + tag + "' (tag::" + tag + "[] ... end::" + tag + "[]) in "
              + include.group(1));
        }
      }
    }
    return problems;
  }

  /** Whether {@code tag::name[]} is followed by {@code end::name[]} with some code between. */
  private static boolean hasRegion(List<String> content, String name) {
    int start = -1;
    for (int i = 0; i < content.size(); i++) {
      String line = content.get(i).trim();
      if (line.endsWith("tag::" + name + "[]")) {
        start = i;
      } else if (line.endsWith("end::" + name + "[]") && start >= 0) {
        return content.subList(start + 1, i).stream().anyMatch(l -> !l.isBlank());
      }
    }
    return false;
  }
}
