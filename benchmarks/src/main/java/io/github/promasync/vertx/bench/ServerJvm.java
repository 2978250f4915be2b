package io.github.promasync.vertx.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link UsersServer} in a JVM of its own on the server CPUs ({@link Pinning}), as the HTTP
 * server harnesses start it; its output goes to this JVM's, each line after {@code [mode]}.
 *
 * @param process the server's JVM
 * @param port the port it listens on, on 127.0.0.1
 */
record ServerJvm(Process process, int port) {

  /**
   * Starts {@code UsersServer <mode>} with {@code flags} (then {@link Pinning#SERVER_JVM_FLAGS})
   * and waits for the line that gives its port.
   */
  static ServerJvm start(String mode, List<String> flags) throws IOException {
    List<String> jvmFlags = new ArrayList<>(flags);
    jvmFlags.addAll(Pinning.SERVER_JVM_FLAGS);
    Process server = new ProcessBuilder(Pinning.server(JavaCommand.of(jvmFlags, UsersServer.class, mode)))
        .redirectErrorStream(true).start();
    BufferedReader reader = new BufferedReader(
        new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    int port;
    try {
      String line;
      while ((line = reader.readLine()) != null && !line.startsWith("port ")) {
        System.out.println("[" + mode + "] " + line);
      }
      if (line == null) {
        throw new IllegalStateException(mode + " server did not start");
      }
      port = Integer.parseInt(line.substring(5).trim());
    } catch (IOException | RuntimeException e) {
      server.destroyForcibly();
      throw e;
    }
    // Keep draining its output, so that a chatty server never blocks.
    Thread drain = new Thread(() -> reader.lines().forEach(l -> System.out.println("[" + mode + "] " + l)));
    drain.setDaemon(true);
    drain.start();
    return new ServerJvm(server, port);
  }

  /** Asks the JVM to end, and kills it if it has not within 10 s. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
