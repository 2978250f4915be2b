package io.github.promasync.vertx.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command that runs a class of this jar in a JVM of its own: this JVM's java and class path. */
final class JavaCommand {

  private JavaCommand() {
  }

  /** {@code java <flags> -cp <this class path> <main> <args>}. */
  static List<String> of(List<String> flags, Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(flags);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return command;
  }
}
