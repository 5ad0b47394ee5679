package io.github.genieenhancer.scoring;

import io.github.genieenhancer.genie.QueryResult;
import io.github.genieenhancer.genie.ResultColumn;
import io.github.genieenhancer.genie.StreamingResult;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A result set to compare: its typed columns (as genie-client reads them from the result manifest) and a one-pass
 * stream of rows. Every cell is the string the Statement Execution API returns, and a {@code null} cell is SQL
 * {@code NULL}. Rows are read once and never all kept, so a table can stream a million rows from a warehouse
 * without holding them.
 *
 * <p>{@link #truncated()} says the source already cut the result short (Genie returns at most 5,000 rows per query
 * result and marks the result truncated); the comparator reports it.
 */
public final class ResultTable {
    private final List<ResultColumn> columns;
    private final Iterator<? extends List<String>> rows;
    /** The rows when the table holds them in a random-access list, else null; lets a comparison split them. */
    private final List<? extends List<String>> held;
    private final boolean truncated;
    private final AtomicBoolean consumed = new AtomicBoolean();

    private ResultTable(List<ResultColumn> columns, Iterator<? extends List<String>> rows, boolean truncated) {
        this(columns, rows, null, truncated);
    }

    private ResultTable(List<ResultColumn> columns, List<? extends List<String>> held, boolean truncated) {
        this(columns, held.iterator(), held instanceof RandomAccess ? held : null, truncated);
    }

    private ResultTable(List<ResultColumn> columns, Iterator<? extends List<String>> rows,
                        List<? extends List<String>> held, boolean truncated) {
        this.columns = List.copyOf(columns);
        this.rows = Objects.requireNonNull(rows, "rows");
        this.held = held;
        this.truncated = truncated;
    }

    /** A complete result held in memory. Cells may be {@code null} (SQL NULL). */
    public static ResultTable of(List<ResultColumn> columns, List<? extends List<String>> rows) {
        return new ResultTable(columns, rows, false);
    }

    /** Genie's or the warehouse's materialised result. */
    public static ResultTable of(QueryResult result) {
        return new ResultTable(result.columns(), result.rows(), result.truncated());
    }

    /** A warehouse result read chunk by chunk as the comparison consumes it. */
    public static ResultTable of(StreamingResult result) {
        return new ResultTable(result.columns(), result.rows().iterator(), result.truncated());
    }

    /**
     * A result streamed from a source.
     *
     * @param columns   the columns, in result order
     * @param rows      the rows, each with one cell per column; read once
     * @param truncated whether the source cut the result short (Genie's 5,000-row cap, a statement's row limit)
     */
    public static ResultTable streaming(List<ResultColumn> columns, Iterator<? extends List<String>> rows,
                                        boolean truncated) {
        return new ResultTable(columns, rows, truncated);
    }

    /** The columns, in result order. */
    public List<ResultColumn> columns() {
        return columns;
    }

    /** Whether the source cut the result short. */
    public boolean truncated() {
        return truncated;
    }

    /**
     * The rows. A table is read once: a second call throws, so a comparison never silently sees an exhausted
     * stream.
     *
     * @throws IllegalStateException when the rows were already taken
     */
    public Iterator<? extends List<String>> rows() {
        if (!consumed.compareAndSet(false, true)) {
            throw new IllegalStateException("the rows of a ResultTable can be read only once");
        }
        return rows;
    }

    /**
     * The rows as a random-access list when the table holds them in memory, taken like {@link #rows()}; else
     * {@code null}, and the rows are still to be taken as a stream. Lets the comparator hash parts of the rows in
     * parallel and quote any row without copying its text.
     */
    List<? extends List<String>> takeHeldRows() {
        if (held == null) {
            return null;
        }
        rows();
        return held;
    }
}
