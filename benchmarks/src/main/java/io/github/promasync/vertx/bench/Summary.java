package io.github.promasync.vertx.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every harness writes beside its JSON: {@code summary.adoc}, the run's conditions, its
 * targets each with the {@link Verdict} of the one rule and the figures it rests on, then its
 * tables. BENCHMARKS.adoc includes the latest one of each harness, so no figure is typed by hand.
 */
final class Summary {

  static final String FILE = "summary.adoc";
  static final String RULE = "A target is met when every round (or pairing of rounds) meets it,"
      + " missed when none does, within noise otherwise; each verdict gives the median of the"
      + " rounds and their spread (min..max).";

  private final List<String> notes = new ArrayList<>();
  private final Table targets = new Table("Targets",
      List.of("Target", "Verdict", "Measured: median (min..max) over the rounds"));
  private final List<Table> tables = new ArrayList<>();

  /** A line about the run (machine, load, pinning, mode), shown above the tables. */
  Summary note(String line) {
    notes.add(line);
    return this;
  }

  /** Adds a target and its verdict; {@code format} formats each figure, e.g. {@code "%.2fx"}. */
  Verdict target(String target, Verdict verdict, String format, String extra) {
    targets.add(target, verdict.word(), verdict.figures(format) + (extra == null || extra.isEmpty()
        ? "" : "; " + extra));
    return verdict;
  }

  /** A target that this run could not measure. */
  void unmeasured(String target, String why) {
    targets.add(target, "n/a", why);
  }

  Summary table(Table table) {
    tables.add(table);
    return this;
  }

  String render(boolean asciidoc) {
    StringBuilder text = new StringBuilder();
    for (String note : notes) {
      text.append(note).append(asciidoc ? " +\n" : "  \n");
    }
    text.append(RULE).append("\n\n");
    List<Table> all = new ArrayList<>();
    all.add(targets);
    all.addAll(tables);
    for (Table table : all) {
      if (!table.rows.isEmpty()) {
        text.append(asciidoc ? table.asciidoc() : table.markdown()).append('\n');
      }
    }
    return text.toString();
  }

  /** Writes {@code summary.adoc} into {@code dir} and returns its path. */
  Path write(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    Files.writeString(file, render(true));
    return file;
  }
}
