package io.github.promasync.vertx.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A class of this unexported package is public only when code of another package needs it, and
 * its Javadoc says which ("Public because ..."); on the class path, where most users run, a public
 * class is API whatever the module descriptor says.
 */
class PublicClassesTest {

  private static final Pattern PUBLIC_TYPE = Pattern.compile(
      "/\\*\\*((?:(?!\\*/).)*)\\*/\\s*(?:@\\w+\\s*)*public (?:final |abstract )?"
          + "(?:class|interface|enum|record) (\\w+)", Pattern.DOTALL);

  @Test
  void everyPublicClassSaysWhyItIsPublic() throws IOException {
    Path dir = Paths.get("src/main/java/io/github/promasync/vertx/impl");
    List<Path> sources;
    try (Stream<Path> files = Files.list(dir)) {
      sources = files.filter(p -> p.toString().endsWith(".java")).toList();
    }
    assertThat(sources).isNotEmpty();
    for (Path source : sources) {
      String text = Files.readString(source);
      String name = source.getFileName().toString().replace(".java", "");
      boolean isPublic = Pattern.compile(
          "^public .*\\b(class|interface|enum|record) " + name + "\\b", Pattern.MULTILINE)
          .matcher(text).find();
      if (isPublic) {
        Matcher javadoc = PUBLIC_TYPE.matcher(text);
        assertThat(javadoc.find()).as("%s: Javadoc before the public type", name).isTrue();
        assertThat(javadoc.group(2)).isEqualTo(name);
        assertThat(javadoc.group(1).replaceAll("\\s*\\*\\s*", " ")).as(name)
            .contains("Public because");
      }
    }
  }
}
