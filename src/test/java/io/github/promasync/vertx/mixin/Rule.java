package io.github.promasync.vertx.mixin;

import java.util.List;
import java.util.Map;

/** One rule of a Prometheus rule file: a recording rule or an alert. */
sealed interface Rule {

  /** The PromQL expression. */
  String expr();

  /**
   * A recording rule.
   *
   * @param record its name, {@code level:metric:operations}
   * @param expr what it records
   * @param labels labels it adds (a quantile), in order
   */
  record Recording(String record, String expr, Map<String, String> labels) implements Rule {
    Recording(String record, String expr) {
      this(record, expr, Map.of());
    }
  }

  /**
   * An alert.
   *
   * @param name CamelCase, starting with {@link Rules#ALERT_PREFIX}
   * @param expr the condition; its value is what the description quotes
   * @param pendingFor how long the condition must hold ({@code 0m}: fires at once)
   * @param severity {@code critical}, {@code warning} or {@code info}
   * @param summary one static sentence
   * @param description what is wrong where: templated with the job, instance and route or pool
   * @param runbookUrl the section of docs/operating.adoc that says what to do
   */
  record Alert(String name, String expr, String pendingFor, String severity, String summary,
      String description, String runbookUrl) implements Rule {
  }

  /**
   * A group of rules, evaluated together and in order.
   *
   * @param name the group's name
   * @param rules its rules, each one seeing the values of those before it
   */
  record Group(String name, List<Rule> rules) {
  }
}
