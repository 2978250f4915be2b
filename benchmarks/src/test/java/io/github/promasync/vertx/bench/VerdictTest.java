package io.github.promasync.vertx.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one verdict rule, on crafted rounds. */
class VerdictTest {

  @Test
  void isMetWhenEveryRoundMeetsTheTarget() {
    Verdict verdict = Verdict.atLeast(new double[] {1.7, 2.1, 1.9}, 1.6);

    assertThat(verdict.word()).isEqualTo(Verdict.MET);
    assertThat(verdict.median()).isEqualTo(1.9);
    assertThat(verdict.min()).isEqualTo(1.7);
    assertThat(verdict.max()).isEqualTo(2.1);
    assertThat(verdict.describe("%.2fx")).isEqualTo("met: median 1.90x (1.70x..2.10x), 3 of 3 meet");
  }

  @Test
  void isMissedWhenNoRoundMeetsTheTarget() {
    Verdict verdict = Verdict.atMost(new double[] {1.2, 1.16, 1.4, 1.11}, 1.1);

    assertThat(verdict.word()).isEqualTo(Verdict.MISSED);
    assertThat(verdict.median()).isEqualTo((1.16 + 1.2) / 2);
    assertThat(verdict.describe("%.2fx")).isEqualTo("missed: median 1.18x (1.11x..1.40x), 0 of 4 meet");
  }

  @Test
  void isWithinNoiseWhenSomeRoundsMeetAndSomeDoNot() {
    // Issue 20's case: a median that meets the target does not make the verdict "met".
    Verdict verdict = Verdict.atLeast(new double[] {1.49, 1.98, 3.24}, 1.6);

    assertThat(verdict.word()).isEqualTo(Verdict.WITHIN_NOISE);
    assertThat(verdict.meeting()).isEqualTo(2);
    assertThat(verdict.describe("%.2fx"))
        .isEqualTo("within noise: median 1.98x (1.49x..3.24x), 2 of 3 meet");
  }

  @Test
  void aSingleRoundIsMetOrMissedAndSaysSo() {
    assertThat(Verdict.below(new double[] {0.58}, 5).describe("%.2f ms"))
        .isEqualTo("met: 0.58 ms (one round)");
    assertThat(Verdict.below(new double[] {7.0}, 5).describe("%.2f ms"))
        .isEqualTo("missed: 7.00 ms (one round)");
  }

  @Test
  void aRoundThatCouldNotBeMeasuredNeverMeets() {
    assertThat(Verdict.atMost(new double[] {Double.NaN}, 1).word()).isEqualTo(Verdict.MISSED);
    assertThat(Verdict.atMost(new double[] {0.5, Double.NaN}, 1).word())
        .isEqualTo(Verdict.WITHIN_NOISE);
  }

  @Test
  void printsAnInfiniteRoundAsInf() {
    assertThat(Verdict.below(new double[] {0.2, Double.POSITIVE_INFINITY}, 0.5).describe("%.2f"))
        .isEqualTo("within noise: median inf (0.20..inf), 1 of 2 meet");
  }

  @Test
  void theTargetItselfMeetsAnInclusiveTargetOnly() {
    assertThat(Verdict.atMost(new double[] {1.1}, 1.1).word()).isEqualTo(Verdict.MET);
    assertThat(Verdict.below(new double[] {5.0}, 5.0).word()).isEqualTo(Verdict.MISSED);
  }

  @Test
  void pairsRoundsByRoundOrEveryOneWithEveryOne() {
    assertThat(Verdict.roundRatios(new double[] {2, 9}, new double[] {1, 3})).containsExactly(2, 3);
    assertThat(Verdict.pairedRatios(new double[] {2, 4}, new double[] {1, 2}))
        .containsExactly(2, 1, 4, 2);
    assertThatThrownBy(() -> Verdict.roundRatios(new double[] {1}, new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("a and b");
  }

  @Test
  void refusesAVerdictOnNoRound() {
    assertThatThrownBy(() -> Verdict.atLeast(new double[0], 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("values");
  }
}
