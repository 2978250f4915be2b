package io.github.promasync.vertx.metrics.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ExemplarGateTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @Test
  void opensOncePerInterval() {
    ExemplarGate gate = new ExemplarGate(SECOND);
    long now = System.nanoTime();

    assertThat(gate.open(now)).isNotEqualTo(Long.MIN_VALUE);
    assertThat(gate.open(now)).isEqualTo(Long.MIN_VALUE);
    assertThat(gate.open(now + SECOND - 1)).isEqualTo(Long.MIN_VALUE);
    assertThat(gate.open(now + SECOND)).isNotEqualTo(Long.MIN_VALUE);
    assertThat(gate.open(now + SECOND + 1)).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void withoutATracerNoSpanIsReturnedAndNoTurnIsTaken() {
    // No tracer on the thread (the test has no current span): the supplier finds nothing.
    ExemplarGate gate = new ExemplarGate(SECOND);
    long now = System.nanoTime();

    assertThat((Object) ExemplarGate.span(gate, now)).isNull();
    // The miss shuts the gate for a sixteenth of the interval only: no whole turn is taken.
    assertThat(gate.open(now + SECOND / 16)).isNotEqualTo(Long.MIN_VALUE);
  }

  @Test
  void aMissDefersTheNextSpanReadBySixteenthOfTheInterval() {
    ExemplarGate gate = new ExemplarGate(SECOND);
    long now = System.nanoTime();

    assertThat((Object) ExemplarGate.span(gate, now)).isNull();
    // Requests within the miss window read no span: the gate is shut for them.
    assertThat(gate.open(now + SECOND / 16 - 1)).isEqualTo(Long.MIN_VALUE);
    // A miss never moves a gate that a turn moved further.
    ExemplarGate taken = new ExemplarGate(SECOND);
    long start = System.nanoTime();
    assertThat(taken.open(start)).isNotEqualTo(Long.MIN_VALUE);
    taken.missed(start + 1);
    assertThat(taken.open(start + SECOND / 16)).isEqualTo(Long.MIN_VALUE);
    assertThat(taken.open(start + SECOND)).isNotEqualTo(Long.MIN_VALUE);
  }

  @Test
  void aFamilyWithoutExemplarsHasNoGate() {
    assertThat((Object) ExemplarGate.span(null, System.nanoTime())).isNull();
  }
}
