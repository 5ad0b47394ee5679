package io.github.genieenhancer.scoring;

import io.github.genieenhancer.genie.ResultColumn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Small result tables for tests: {@code table("id:INT, name:STRING", "1|a", "2|NULL")}; NULL is SQL NULL. */
final class Tables {
    private Tables() {
    }

    static ResultTable table(String columns, String... rows) {
        return ResultTable.of(columns(columns), rows(rows));
    }

    static ResultTable truncated(String columns, String... rows) {
        return ResultTable.streaming(columns(columns), rows(rows).iterator(), true);
    }

    static List<ResultColumn> columns(String spec) {
        List<ResultColumn> columns = new ArrayList<>();
        for (String column : spec.split(",\\s*(?![^(]*\\))")) {
            int colon = column.indexOf(':');
            columns.add(column(column.substring(0, colon).strip(), column.substring(colon + 1).strip()));
        }
        return columns;
    }

    /** A column typed like a manifest would: {@code column("v", "DECIMAL(10,2)")} gets precision 10, scale 2. */
    static ResultColumn column(String name, String type) {
        int open = type.indexOf('(');
        if (open < 0) {
            return ResultColumn.of(name, type, type.toLowerCase(java.util.Locale.ROOT));
        }
        String[] parameters = type.substring(open + 1, type.length() - 1).split(",");
        return new ResultColumn(name, type.substring(0, open), type.toLowerCase(java.util.Locale.ROOT),
                java.util.OptionalInt.of(Integer.parseInt(parameters[0].strip())),
                java.util.OptionalInt.of(Integer.parseInt(parameters[1].strip())));
    }

    static List<List<String>> rows(String... rows) {
        List<List<String>> result = new ArrayList<>();
        for (String row : rows) {
            result.add(Arrays.stream(row.split("\\|", -1)).map(c -> c.equals("NULL") ? null : c)
                    .collect(ArrayList::new, ArrayList::add, ArrayList::addAll));
        }
        return result;
    }
}
