package io.github.genieenhancer.scoring.internal;

import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.genie.QueryResult;
import io.github.genieenhancer.genie.SqlExecutor;
import io.github.genieenhancer.genie.SqlQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Runs each benchmark's expected SQL once per space version and keeps the result (capped like Genie's, so at most
 * the row cap per benchmark) for every later comparison of that version: a resumed or repeated run of the same
 * version does not run it again. Scoring another version drops the previous version's results, since the
 * enhancement loop never goes back to scoring an older one without rescoring.
 */
public final class ExpectedResults {
    private final SqlExecutor sql;
    private final int rowCap;
    private final Clock clock;
    private final Map<Key, CompletableFuture<Expected>> cache = new ConcurrentHashMap<>();
    private volatile String currentVersion;

    /** The outcome of running one expected SQL. */
    public record Expected(Optional<QueryResult> result, Optional<RuntimeException> failure, Duration elapsed) {
    }

    private record Key(String spaceVersion, String benchmarkId, String sql) {
    }

    /**
     * Creates a cache.
     *
     * @param sql    runs the expected SQL
     * @param rowCap rows kept per result (the server truncates at it); 0 keeps all
     */
    public ExpectedResults(SqlExecutor sql, int rowCap, Clock clock) {
        this.sql = Objects.requireNonNull(sql, "sql");
        this.rowCap = rowCap;
        this.clock = clock;
    }

    /** The expected result of a benchmark for a space version, run on {@code executor} the first time. */
    public CompletableFuture<Expected> get(String spaceVersion, Benchmark benchmark, Executor executor) {
        if (!spaceVersion.equals(currentVersion)) {
            synchronized (this) {
                if (!spaceVersion.equals(currentVersion)) {
                    cache.keySet().removeIf(key -> !key.spaceVersion().equals(spaceVersion));
                    currentVersion = spaceVersion;
                }
            }
        }
        Key key = new Key(spaceVersion, benchmark.id(), benchmark.expectedSql());
        CompletableFuture<Expected> future = cache.computeIfAbsent(key,
                k -> CompletableFuture.supplyAsync(() -> run(benchmark.expectedSql()), executor));
        // An interrupted run is not an answer about the SQL: forget it so the next run tries again.
        future.whenComplete((expected, error) -> {
            if (error != null) {
                cache.remove(key, future);
            }
        });
        return future;
    }

    /** Runs one expected SQL now, without caching. */
    public Expected run(String expectedSql) {
        Instant start = clock.instant();
        SqlQuery query = SqlQuery.of(SqlScanner.stripTrailingSemicolons(expectedSql));
        try {
            QueryResult result = sql.execute(rowCap > 0 ? query.withRowLimit(rowCap) : query);
            return new Expected(Optional.of(result), Optional.empty(), Duration.between(start, clock.instant()));
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            return new Expected(Optional.empty(), Optional.of(e), Duration.between(start, clock.instant()));
        }
    }
}
