package io.github.promasync.vertx.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.DoublePredicate;

/**
 * The one verdict rule of every harness: a target is <em>met</em> when every round (or pairing of
 * rounds) meets it, <em>missed</em> when none does, and <em>within noise</em> otherwise. A verdict
 * carries the figures it was decided on, the median and the spread (min..max) of the rounds, and
 * is printed with them, so that no verdict is ever quoted without its spread.
 *
 * <p>What a "round" is depends on the harness: a wrk round of the load harnesses, a round's
 * pairing of two contenders measured in the same round (their ratio), or a pairing of JMH
 * iterations (every iteration of one benchmark against every iteration of the other). A single
 * round is met or missed: nothing in it can say "within noise", and a summary shows that it
 * rests on one round.
 *
 * @param word {@link #MET}, {@link #MISSED} or {@link #WITHIN_NOISE}
 * @param median the median of the rounds (the mean of the middle two for an even count)
 * @param min the smallest round
 * @param max the largest round
 * @param rounds how many rounds the verdict rests on
 * @param meeting how many of them meet the target
 */
public record Verdict(String word, double median, double min, double max, int rounds, int meeting) {

  public static final String MET = "met";
  public static final String MISSED = "missed";
  public static final String WITHIN_NOISE = "within noise";

  /**
   * The verdict on {@code values}, one per round or pairing.
   *
   * @param values the measured figure of each round; NaN (a figure that could not be measured)
   *     never meets a target
   * @param meets whether one round's figure meets the target
   * @throws IllegalArgumentException if there is no round
   */
  public static Verdict of(double[] values, DoublePredicate meets) {
    Objects.requireNonNull(meets, "meets");
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException("values: a verdict needs at least one round");
    }
    int meeting = 0;
    for (double value : values) {
      if (!Double.isNaN(value) && meets.test(value)) {
        meeting++;
      }
    }
    String word = meeting == values.length ? MET : meeting == 0 ? MISSED : WITHIN_NOISE;
    double[] sorted = values.clone();
    Arrays.sort(sorted); // NaN sorts last
    return new Verdict(word, median(values), sorted[0], sorted[sorted.length - 1], values.length,
        meeting);
  }

  /** Met when every round is at most {@code target}. */
  public static Verdict atMost(double[] values, double target) {
    return of(values, value -> value <= target);
  }

  /** Met when every round is at least {@code target}. */
  public static Verdict atLeast(double[] values, double target) {
    return of(values, value -> value >= target);
  }

  /** Met when every round is below {@code target}. */
  public static Verdict below(double[] values, double target) {
    return of(values, value -> value < target);
  }

  /** The median of {@code values}: the middle one, or the mean of the middle two. */
  public static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** Every pairing of a round of {@code a} with a round of {@code b}, as {@code a / b}. */
  public static double[] pairedRatios(double[] a, double[] b) {
    double[] ratios = new double[a.length * b.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        ratios[i * b.length + j] = a[i] / b[j];
      }
    }
    return ratios;
  }

  /** Round by round, {@code a[i] / b[i]}: two contenders measured in the same rounds. */
  public static double[] roundRatios(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("a and b: " + a.length + " rounds against " + b.length);
    }
    double[] ratios = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      ratios[i] = a[i] / b[i];
    }
    return ratios;
  }

  /**
   * The figures, each in {@code format} (e.g. {@code "%.2fx"}): {@code "median 1.49x (1.05x..3.24x),
   * 2 of 3 rounds meet"}; a single round is {@code "1.49x (one round)"}.
   */
  public String figures(String format) {
    if (rounds == 1) {
      return figure(format, median) + " (one round)";
    }
    return "median " + figure(format, median) + " (" + figure(format, min) + ".." + figure(format, max)
        + "), " + meeting + " of " + rounds + " meet";
  }

  /** One figure in {@code format}; an infinite one (e.g. a ratio to nothing) as "inf". */
  static String figure(String format, double value) {
    return Double.isInfinite(value) ? (value > 0 ? "inf" : "-inf") : String.format(Locale.ROOT, format, value);
  }

  /** The verdict word, then its figures: {@code "within noise: median 1.49x (1.05x..3.24x), ..."}. */
  public String describe(String format) {
    return word + ": " + figures(format);
  }
}
