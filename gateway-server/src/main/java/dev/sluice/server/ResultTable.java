package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A {@code result_rows} event drawn as psql draws a result: centred headers, a rule, aligned cells. */
final class ResultTable {
    private ResultTable() {
    }

    static void print(PrintStream out, JsonNode result) {
        List<String> columns = new ArrayList<>();
        result.path("columns").forEach(column -> columns.add(column.asText()));
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode row : result.path("rows")) {
            List<String> cells = new ArrayList<>();
            row.forEach(cell -> cells.add(cell.isNull() ? "" : cell.asText()));
            rows.add(cells);
        }
        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = columns.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], c < row.size() ? row.get(c).length() : 0);
            }
        }
        List<String> header = new ArrayList<>();
        List<String> rule = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            header.add(" " + centre(columns.get(c), widths[c]) + " ");
            rule.add("-".repeat(widths[c] + 2));
        }
        out.println(String.join("|", header).stripTrailing());
        out.println(String.join("+", rule));
        for (List<String> row : rows) {
            List<String> cells = new ArrayList<>();
            for (int c = 0; c < columns.size(); c++) {
                String cell = c < row.size() ? row.get(c) : "";
                cells.add(" " + cell + " ".repeat(widths[c] - cell.length()) + " ");
            }
            out.println(String.join("|", cells).stripTrailing());
        }
        if (result.path("truncated").asBoolean()) {
            out.println("... (more rows were returned than recorded)");
        }
    }

    private static String centre(String text, int width) {
        int left = (width - text.length()) / 2;
        return " ".repeat(left) + text + " ".repeat(width - text.length() - left);
    }
}
