package io.github.genieenhancer.genie;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A query result read chunk by chunk: {@link #rows()} fetches the next chunk only when the previous one has been
 * consumed, so memory stays around one chunk whatever the result's size. Single use; close it (or the stream)
 * to stop fetching.
 */
public final class StreamingResult implements AutoCloseable {

    /** Supplies the rows of the statement chunk by chunk. */
    interface ChunkSource {
        /** The rows of the next chunk, or {@code null} after the last one. */
        List<List<String>> nextChunk();
    }

    private final String statementId;
    private final List<ResultColumn> columns;
    private final long totalRowCount;
    private final boolean truncated;
    private final ChunkSource chunks;
    private boolean consumed;
    private volatile boolean closed;

    StreamingResult(String statementId, List<ResultColumn> columns, long totalRowCount, boolean truncated,
            ChunkSource chunks) {
        this.statementId = statementId;
        this.columns = List.copyOf(columns);
        this.totalRowCount = totalRowCount;
        this.truncated = truncated;
        this.chunks = chunks;
    }

    /** The statement's id. */
    public String statementId() {
        return statementId;
    }

    /** The typed columns, in result order. */
    public List<ResultColumn> columns() {
        return columns;
    }

    /** The number of rows the result holds, according to the server. */
    public long totalRowCount() {
        return totalRowCount;
    }

    /** Whether the server truncated the result (a row limit). */
    public boolean truncated() {
        return truncated;
    }

    /**
     * The rows, in order, fetched lazily; SQL NULLs are {@code null} cells. Can be called once.
     *
     * @throws IllegalStateException when called a second time
     */
    public synchronized Stream<List<String>> rows() {
        if (consumed) {
            throw new IllegalStateException("The rows of statement " + statementId + " were already read");
        }
        consumed = true;
        Iterator<List<String>> iterator = new Iterator<>() {
            private List<List<String>> chunk = List.of();
            private int next;

            @Override
            public boolean hasNext() {
                while (next >= chunk.size()) {
                    if (closed) {
                        return false;
                    }
                    List<List<String>> fetched = chunks.nextChunk();
                    if (fetched == null) {
                        return false;
                    }
                    chunk = fetched;
                    next = 0;
                }
                return true;
            }

            @Override
            public List<String> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return chunk.get(next++);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED), false)
                .onClose(this::close);
    }

    /** Stops fetching chunks. */
    @Override
    public void close() {
        closed = true;
    }
}
