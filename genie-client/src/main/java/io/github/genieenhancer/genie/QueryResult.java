package io.github.genieenhancer.genie;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A materialised query result: the one result model for Genie's own attachment result and for
 * {@link SqlExecutor#execute(SqlQuery)}, so the two can be compared cell by cell.
 *
 * <p>Cells are the strings the Statement Execution API returns ({@code JSON_ARRAY} format); a SQL {@code NULL} is a
 * {@code null} cell, which is the one place the library hands out {@code null}: it is data, not an absent value.
 *
 * @param columns       the columns in result order
 * @param rows          the rows, each with one cell per column
 * @param totalRowCount the number of rows the query produced according to the server; larger than
 *                      {@code rows().size()} when the result was truncated
 * @param truncated     whether the server cut the result (a row limit, Genie's 5,000-row cap, a byte limit)
 */
public record QueryResult(List<ResultColumn> columns, List<List<String>> rows, long totalRowCount, boolean truncated) {

    /** Copies the lists; rows may contain {@code null} cells. */
    public QueryResult {
        columns = List.copyOf(columns);
        List<List<String>> copied = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            copied.add(Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(row, "row"))));
        }
        rows = Collections.unmodifiableList(copied);
    }

    /** The number of rows held here. */
    public int rowCount() {
        return rows.size();
    }

    /** Whether the result has no rows. */
    public boolean isEmpty() {
        return rows.isEmpty();
    }
}
