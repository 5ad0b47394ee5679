package io.github.genieenhancer.scoring;

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
            columns.add(ResultColumn.of(column.substring(0, colon).strip(), column.substring(colon + 1).strip()));
        }
        return columns;
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
