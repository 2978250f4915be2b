package io.github.promasync.vertx.bench;

import java.util.ArrayList;
import java.util.List;

/** One table of a summary, rendered as AsciiDoc (the committed form) or Markdown. */
final class Table {

  final String title;
  final List<String> headers;
  final List<List<String>> rows = new ArrayList<>();

  Table(String title, List<String> headers) {
    this.title = title;
    this.headers = headers;
  }

  void add(String... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException("cells: " + cells.length + " for " + headers.size() + " columns");
    }
    rows.add(List.of(cells));
  }

  String asciidoc() {
    StringBuilder out = new StringBuilder();
    out.append('.').append(title).append('\n');
    out.append("[options=\"header\"]\n|===\n");
    for (String header : headers) {
      out.append("|").append(escape(header)).append(' ');
    }
    out.setLength(out.length() - 1);
    out.append('\n');
    for (List<String> row : rows) {
      for (String cell : row) {
        out.append("|").append(escape(cell)).append(' ');
      }
      out.setLength(out.length() - 1);
      out.append('\n');
    }
    return out.append("|===\n").toString();
  }

  String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("**").append(title).append("**\n\n|");
    for (String header : headers) {
      out.append(' ').append(escape(header)).append(" |");
    }
    out.append("\n|");
    out.append(" --- |".repeat(headers.size()));
    out.append('\n');
    for (List<String> row : rows) {
      out.append('|');
      for (String cell : row) {
        out.append(' ').append(escape(cell)).append(" |");
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String escape(String cell) {
    return cell.replace("|", "\\|");
  }
}
