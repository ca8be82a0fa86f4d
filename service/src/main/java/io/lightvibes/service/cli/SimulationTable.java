package io.lightvibes.service.cli;

import io.lightvibes.sim.theory.SimulationPoint;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The human table of {@code lightvibes simulate}: one row per distance, right-aligned columns. */
final class SimulationTable {

    private record Column(String field, String header, String format) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("distance_km", "km", "%g"),
            new Column("detections", "detections", "%,d"),
            new Column("sifted_bits", "sifted", "%,d"),
            new Column("qber", "QBER", "%.4f"),
            new Column("y1_lower", "Y1 >=", "%.3e"),
            new Column("e1_upper", "e1 <=", "%.4f"),
            new Column("leaked_bits", "leaked", "%,d"),
            new Column("ec_efficiency", "f", "%.3f"),
            new Column("secret_bits", "secret", "%,d"),
            new Column("secret_key_rate_per_pulse", "R/pulse", "%.3e"),
            new Column("bound_key_rate_per_pulse", "theory", "%.3e"),
            new Column("plob_bound_per_pulse", "PLOB", "%.3e"));

    private SimulationTable() {
    }

    static void print(List<SimulationPoint> points, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(COLUMNS.stream().map(Column::header).toArray(String[]::new));
        for (SimulationPoint point : points) {
            Map<String, Object> values = point.toMap();
            rows.add(COLUMNS.stream().map(c -> cell(values.get(c.field()), c.format())).toArray(String[]::new));
        }
        int[] widths = new int[COLUMNS.size()];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        out.println("Decoy-state BB84, one block per distance");
        for (String[] row : rows) {
            var line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == 0 ? "" : "  ").append(" ".repeat(widths[i] - row[i].length())).append(row[i]);
            }
            out.println(line);
        }
    }

    private static String cell(Object value, String format) {
        if (value == null) {
            return "-";
        }
        if (format.contains("d") && value instanceof Number number) {
            return String.format(Locale.ROOT, format, number.longValue());
        }
        return String.format(Locale.ROOT, format, ((Number) value).doubleValue());
    }
}
