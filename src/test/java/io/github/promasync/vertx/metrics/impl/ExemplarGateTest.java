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
  void aTurnGivenBackLetsTheNextRequestThrough() {
    ExemplarGate gate = new ExemplarGate(SECOND);
    long now = System.nanoTime();

    long due = gate.open(now);
    gate.giveBack(due, now);

    assertThat(gate.open(now + 1)).isNotEqualTo(Long.MIN_VALUE);
  }

  @Test
  void withoutATracerNoSpanIsReturnedAndTheTurnIsGivenBack() {
    // No tracer on the thread (the test has no current span): the supplier finds nothing.
    ExemplarGate gate = new ExemplarGate(SECOND);
    long now = System.nanoTime();

    assertThat((Object) ExemplarGate.span(gate, now)).isNull();
    assertThat(gate.open(now)).isNotEqualTo(Long.MIN_VALUE);
  }

  @Test
  void aFamilyWithoutExemplarsHasNoGate() {
    assertThat((Object) ExemplarGate.span(null, System.nanoTime())).isNull();
  }
}
