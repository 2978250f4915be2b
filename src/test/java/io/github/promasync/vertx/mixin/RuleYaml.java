package io.github.promasync.vertx.mixin;

import java.util.List;
import java.util.Map;

/** Writes rule groups in Prometheus's rule file format, the way the committed files read. */
final class RuleYaml {

  private RuleYaml() {
  }

  /**
   * The rule file of {@code groups}.
   *
   * @param comment the file's opening comment, one line per element
   * @param groups its groups
   * @return the YAML text
   */
  static String file(List<String> comment, List<Rule.Group> groups) {
    StringBuilder out = new StringBuilder();
    for (String line : comment) {
      out.append("# ").append(line).append('\n');
    }
    out.append("groups:\n");
    for (Rule.Group group : groups) {
      out.append("  - name: ").append(group.name()).append('\n');
      out.append("    rules:\n");
      for (Rule rule : group.rules()) {
        if (rule instanceof Rule.Recording recording) {
          out.append("      - record: ").append(recording.record()).append('\n');
          expr(out, recording.expr());
          map(out, "labels", recording.labels());
        } else if (rule instanceof Rule.Alert alert) {
          out.append("      - alert: ").append(alert.name()).append('\n');
          expr(out, alert.expr());
          out.append("        for: ").append(alert.pendingFor()).append('\n');
          map(out, "labels", Map.of("severity", alert.severity()));
          out.append("        annotations:\n");
          out.append("          summary: ").append(quoted(alert.summary())).append('\n');
          out.append("          description: ").append(quoted(alert.description())).append('\n');
          out.append("          runbook_url: ").append(quoted(alert.runbookUrl())).append('\n');
        }
      }
    }
    return out.toString();
  }

  /** A literal block: PromQL keeps its quotes and line breaks as written. */
  private static void expr(StringBuilder out, String expr) {
    out.append("        expr: |-\n");
    for (String line : expr.strip().split("\n")) {
      out.append("          ").append(line).append('\n');
    }
  }

  private static void map(StringBuilder out, String key, Map<String, String> entries) {
    if (entries.isEmpty()) {
      return;
    }
    out.append("        ").append(key).append(":\n");
    entries.forEach((name, value) ->
        out.append("          ").append(name).append(": ").append(quoted(value)).append('\n'));
  }

  /** A single-quoted YAML scalar: only the quote itself is escaped, by doubling it. */
  static String quoted(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
