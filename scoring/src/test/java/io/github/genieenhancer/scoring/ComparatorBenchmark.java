package io.github.genieenhancer.scoring;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.github.genieenhancer.genie.ResultColumn;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Compares two 1,000,000-row x 5-column results, equal and differing in one cell, and reports time and memory.
 * Genie's side comes in another row order, so the comparison cannot walk both sides in step. Rows are generated
 * on the fly, so the only large objects on the heap are the comparator's own.
 *
 * <p>Run: {@code mvn -B -q -pl scoring -am -Pbenchmarks verify} (see docs/scoring.md), or with {@code rows} as the
 * first argument from the test class path.
 */
public final class ComparatorBenchmark {
    private static final List<ResultColumn> COLUMNS = List.of(Tables.column("id", "BIGINT"),
            Tables.column("customer", "STRING"), Tables.column("amount", "DECIMAL(12,2)"),
            Tables.column("ratio", "DOUBLE"), Tables.column("day", "DATE"));
    private static final LocalDate EPOCH = LocalDate.of(2020, 1, 1);
    private static final AtomicLong MAX_LIVE = new AtomicLong();

    private ComparatorBenchmark() {
    }

    /** Runs the benchmark; the first argument is the row count (default 1,000,000). */
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        watchGarbageCollections();
        ResultComparator comparator = ResultComparator.of(ComparisonPolicy.genie().toBuilder().rowCap(0).build());

        long oneResult = sizeOfOneResult(rows);
        long jsonBytes = jsonArrayBytes(rows);
        drain(rows, -1);
        long generation = time(() -> drain(rows, -1));
        System.out.printf("rows: %,d x %d columns; generating both sides' rows alone takes %d ms (included below)%n",
                rows, COLUMNS.size(), generation);
        System.out.printf("one result held as List<List<String>>: %,.1f MB; as JSON_ARRAY text: %,.1f MB%n",
                mb(oneResult), mb(jsonBytes));

        run(comparator, Math.min(rows, 100_000), -1, "warm-up", oneResult, jsonBytes);
        for (int i = 0; i < 3; i++) {
            run(comparator, rows, -1, "equal", oneResult, jsonBytes);
            run(comparator, rows, rows / 2, "one cell differs", oneResult, jsonBytes);
        }
    }

    private static void run(ResultComparator comparator, int rows, int changedRow, String label, long oneResult,
                            long jsonBytes) throws InterruptedException {
        System.gc();
        long baseline = usedAfterGc();
        // Collection notifications arrive asynchronously: let the last one land before the peak is reset.
        Thread.sleep(200);
        MAX_LIVE.set(0);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        Comparison result = comparator.compare(ResultOrder.unordered(), expected(rows), actual(rows, changedRow));
        long millis = (System.nanoTime() - start) / 1_000_000;
        long cpuMillis = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
        long peak = Math.max(0, MAX_LIVE.get() - baseline);
        System.out.printf("%-17s %5d ms (thread CPU %5d ms)  peak live heap %,6.1f MB = %.2fx the List form, "
                        + "%.2fx the JSON text  -> %s %s%n", label, millis, cpuMillis, mb(peak),
                (double) peak / oneResult, (double) peak / jsonBytes, result.verdict(), result.reason());
        if (changedRow >= 0) {
            System.out.println("                  " + result.explanation());
        }
    }

    private static ResultTable expected(int rows) {
        return ResultTable.streaming(COLUMNS, new Rows(rows, false, -1), false);
    }

    /** Genie's side: the same rows in another order (a permutation of the ids), optionally one cell changed. */
    private static ResultTable actual(int rows, int changedRow) {
        return ResultTable.streaming(COLUMNS, new Rows(rows, true, changedRow), false);
    }

    /** Generates row i (or the i-th of a permutation) on demand. */
    private static final class Rows implements Iterator<List<String>> {
        private final int rows;
        private final boolean permuted;
        private final int changedRow;
        private int next;

        Rows(int rows, boolean permuted, int changedRow) {
            this.rows = rows;
            this.permuted = permuted;
            this.changedRow = changedRow;
        }

        @Override
        public boolean hasNext() {
            return next < rows;
        }

        @Override
        public List<String> next() {
            int i = permuted ? (int) ((next * 7_919L + 13) % rows) : next;
            next++;
            List<String> row = new ArrayList<>(5);
            row.add(Long.toString(1_000_000_000L + i));
            row.add("customer-" + i);
            long cents = (i * 7_919L) % 10_000_000L;
            row.add(cents / 100 + "." + (cents % 100 < 10 ? "0" : "") + cents % 100);
            row.add(Double.toString(i / 7.0));
            row.add(EPOCH.plusDays(i % 3_650).toString());
            if (i == changedRow) {
                row.set(1, "customer-" + (i + 1));
            }
            return row;
        }
    }

    private static long sizeOfOneResult(int rows) {
        System.gc();
        long before = usedAfterGc();
        List<List<String>> held = new ArrayList<>(rows);
        new Rows(rows, false, -1).forEachRemaining(held::add);
        System.gc();
        long size = usedAfterGc() - before;
        if (held.size() != rows) {
            throw new IllegalStateException();
        }
        return size;
    }

    private static long jsonArrayBytes(int rows) {
        long bytes = 2;
        Rows source = new Rows(rows, false, -1);
        while (source.hasNext()) {
            List<String> row = source.next();
            bytes += 3;
            for (String cell : row) {
                bytes += cell.length() + 3;
            }
        }
        return bytes;
    }

    private static void drain(int rows, int changedRow) {
        new Rows(rows, false, -1).forEachRemaining(row -> { });
        new Rows(rows, true, changedRow).forEachRemaining(row -> { });
    }

    private static long time(Runnable task) {
        long start = System.nanoTime();
        task.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long usedAfterGc() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Records the heap in use after each collection: the live set, the peak of which is the comparator's need. */
    private static void watchGarbageCollections() {
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    return;
                }
                var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                        .mapToLong(MemoryUsage::getUsed).sum();
                MAX_LIVE.accumulateAndGet(used, Math::max);
            }, null, null);
        }
    }

    private static double mb(long bytes) {
        return bytes / 1_048_576.0;
    }
}
