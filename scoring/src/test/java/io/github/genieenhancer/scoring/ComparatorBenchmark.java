package io.github.genieenhancer.scoring;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.github.genieenhancer.genie.ResultColumn;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Compares two 1,000,000-row x 5-column results held in memory, equal and differing in one cell, and reports time
 * and memory: first the first comparison in the JVM (cold), then three of each case (warm). Genie's side comes in
 * another row order, so the comparison cannot walk both sides in step. The rows are built before any timing; the
 * peak heap counts only what the comparator adds to them. A last run streams the same rows from an iterator, the
 * path of a result read from a warehouse chunk by chunk.
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

        long jsonBytes = jsonArrayBytes(rows);
        System.gc();
        long before = usedAfterGc();
        List<List<String>> expected = hold(new Rows(rows, false));
        System.gc();
        long oneResult = usedAfterGc() - before;
        List<List<String>> actual = hold(new Rows(rows, true));
        int changedAt = indexOfId(actual, rows / 2);
        List<String> changed = new ArrayList<>(actual.get(changedAt));
        changed.set(1, "customer-" + (rows / 2 + 1));
        System.out.printf("rows: %,d x %d columns, both sides held in memory (%d cores)%n", rows, COLUMNS.size(),
                Runtime.getRuntime().availableProcessors());
        System.out.printf("one result held as List<List<String>>: %,.1f MB; as JSON_ARRAY text: %,.1f MB%n",
                mb(oneResult), mb(jsonBytes));

        run(comparator, expected, actual, "cold: equal", oneResult, jsonBytes, false);
        List<String> original = actual.set(changedAt, changed);
        run(comparator, expected, actual, "cold: differs", oneResult, jsonBytes, true);
        actual.set(changedAt, original);
        for (int i = 0; i < 3; i++) {
            run(comparator, expected, actual, "equal", oneResult, jsonBytes, false);
            actual.set(changedAt, changed);
            run(comparator, expected, actual, "one cell differs", oneResult, jsonBytes, true);
            actual.set(changedAt, original);
        }
        run(comparator, expected, actual, "equal, streamed", oneResult, jsonBytes, false);
    }

    private static void run(ResultComparator comparator, List<List<String>> expected, List<List<String>> actual,
                            String label, long oneResult, long jsonBytes, boolean explain, boolean streamed)
            throws InterruptedException {
        System.gc();
        long baseline = usedAfterGc();
        // Collection notifications arrive asynchronously: let the last one land before the peak is reset.
        Thread.sleep(200);
        MAX_LIVE.set(0);
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        ResultTable e = streamed ? ResultTable.streaming(COLUMNS, expected.iterator(), false)
                : ResultTable.of(COLUMNS, expected);
        ResultTable a = streamed ? ResultTable.streaming(COLUMNS, actual.iterator(), false)
                : ResultTable.of(COLUMNS, actual);
        Comparison result = comparator.compare(ResultOrder.unordered(), e, a);
        long millis = (System.nanoTime() - start) / 1_000_000;
        long cpuMillis = (os.getProcessCpuTime() - cpuStart) / 1_000_000;
        // With no collection during the run, the heap's high-water mark (garbage included) bounds the live peak.
        long highWater = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).mapToLong(pool -> pool.getPeakUsage().getUsed())
                .sum();
        long peak = Math.max(0, (MAX_LIVE.get() > 0 ? MAX_LIVE.get() : highWater) - baseline);
        System.out.printf("%-17s %5d ms (process CPU %5d ms)  peak added heap %,6.1f MB%s = %.2fx the List form, "
                        + "%.2fx the JSON text  -> %s %s%n", label, millis, cpuMillis, mb(peak),
                MAX_LIVE.get() > 0 ? " live" : " garbage included", (double) peak / oneResult,
                (double) peak / jsonBytes, result.verdict(), result.reason());
        if (explain) {
            System.out.println("                  " + result.explanation());
        }
    }

    private static void run(ResultComparator comparator, List<List<String>> expected, List<List<String>> actual,
                            String label, long oneResult, long jsonBytes, boolean explain)
            throws InterruptedException {
        run(comparator, expected, actual, label, oneResult, jsonBytes, explain, label.endsWith("streamed"));
    }

    private static List<List<String>> hold(Rows rows) {
        List<List<String>> held = new ArrayList<>();
        rows.forEachRemaining(held::add);
        return held;
    }

    /** Where the row with id 1,000,000,000 + {@code i} sits in a side. */
    private static int indexOfId(List<List<String>> side, int i) {
        String id = Long.toString(1_000_000_000L + i);
        for (int r = 0; r < side.size(); r++) {
            if (side.get(r).get(0).equals(id)) {
                return r;
            }
        }
        throw new IllegalStateException("no row with id " + id);
    }

    /** Generates row i, or for Genie's side the i-th of a permutation of the rows. */
    private static final class Rows implements Iterator<List<String>> {
        private final int rows;
        private final boolean permuted;
        private int next;

        Rows(int rows, boolean permuted) {
            this.rows = rows;
            this.permuted = permuted;
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
            return row;
        }
    }

    private static long jsonArrayBytes(int rows) {
        long bytes = 2;
        Rows source = new Rows(rows, false);
        while (source.hasNext()) {
            List<String> row = source.next();
            bytes += 3;
            for (String cell : row) {
                bytes += cell.length() + 3;
            }
        }
        return bytes;
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
