package io.github.promasync.vertx.examples;

import io.vertx.core.Vertx;

/** What the examples' {@code main} methods share. */
final class Examples {

  private Examples() {
  }

  /** Reports a failed start and ends the program with status 1. */
  static void exit(Vertx vertx, Throwable err) {
    System.err.println("Cannot start: " + err.getMessage());
    vertx.close().onComplete(closed -> System.exit(1));
  }
}
