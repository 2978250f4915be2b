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
    assertThat((Object) ExemplarGate.span(gate, now + 1)).isNull();
    assertThat(gate.open(now + 1)).isNotEqualTo(Long.MIN_VALUE);
  }

  @Test
  void aFamilyWithoutExemplarsHasNoGate() {
    assertThat((Object) ExemplarGate.span(null, System.nanoTime())).isNull();
  }
}
