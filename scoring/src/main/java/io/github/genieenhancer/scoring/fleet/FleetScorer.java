package io.github.genieenhancer.scoring.fleet;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.IncompleteScoreException;
import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.genie.GenieAnswer;
import io.github.genieenhancer.genie.GenieClient;
import io.github.genieenhancer.genie.Space;
import io.github.genieenhancer.genie.SpaceApi;
import io.github.genieenhancer.genie.SpaceSummary;
import io.github.genieenhancer.genie.SqlExecutor;
import io.github.genieenhancer.scoring.ScoringOptions;
import io.github.genieenhancer.scoring.internal.AnswerScorer;
import io.github.genieenhancer.scoring.internal.ExpectedResults;
import io.github.genieenhancer.scoring.internal.ScoringRun;
import io.github.genieenhancer.scoring.internal.SpaceVersions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Scores many spaces of one workspace under one Genie budget: every question goes through the one
 * {@link GenieClient} given, so its rate limiter (the workspace's limit on conversation starts) is shared by every
 * space. Questions are sent round-robin across the spaces being scored, one from each in turn, so a space with many
 * benchmarks does not starve the others.
 *
 * <p>Each space's run is an ordinary scoring run, stored under session {@code fleet:<spaceId>} with run id
 * {@code <fleetRunId>:<spaceId>}: every result is written to the state store as soon as it is scored, and scoring
 * the same fleet run id again (after a crash) returns the stored reports of the spaces that finished and asks only
 * the questions without a stored result. Only {@link Builder#spacesAtOnce} spaces are open at a time and a finished
 * space leaves only its {@link SpaceScore} summary, so memory does not grow with the number of spaces.
 *
 * <pre>{@code
 * GenieClient genie = GenieClient.create(workspace);          // one budget for the whole workspace
 * FleetScorer fleet = FleetScorer.builder(genie, sql, SpaceApi.create(workspace)).build();
 * FleetReport report = fleet.score(FleetSelection.namePattern("Sales *"), "nightly-2026-12-08");
 * }</pre>
 */
public final class FleetScorer {
    /** Stored fleet runs shown in a space's trend. */
    static final int TREND_RUNS = 12;
    /** Threads for expected SQL and comparisons; SQL statements mostly wait on the warehouse. */
    private static final int WORK_THREADS = 4;
    /** How long an interrupted fleet waits for its workers to stop. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String SESSION_PREFIX = "fleet:";

    private final GenieClient genie;
    private final SqlExecutor sql;
    private final SpaceApi spaces;
    private final ScoringOptions options;
    private final int maxConcurrency;
    private final int spacesAtOnce;
    private final Function<Space, BenchmarkSet> benchmarks;

    private FleetScorer(Builder b) {
        this.genie = b.genie;
        this.sql = b.sql;
        this.spaces = b.spaces;
        this.options = b.options;
        this.maxConcurrency = b.maxConcurrency;
        this.spacesAtOnce = b.spacesAtOnce;
        this.benchmarks = b.benchmarks;
    }

    /**
     * A builder for a fleet scorer.
     *
     * @param genie  asks every question of every space: its rate limiter is the fleet's budget
     * @param sql    runs the expected SQL (and Genie's SQL when its result expired)
     * @param spaces lists the spaces and reads each one's configuration and benchmarks
     */
    public static Builder builder(GenieClient genie, SqlExecutor sql, SpaceApi spaces) {
        return new Builder(genie, sql, spaces);
    }

    /** The state-store session under which a space's fleet runs are stored. */
    public static String sessionId(String spaceId) {
        return SESSION_PREFIX + spaceId;
    }

    /** The run id of a space's scoring within a fleet run. */
    public static String runId(String fleetRunId, String spaceId) {
        return fleetRunId + ":" + spaceId;
    }

    /** Scores the selected spaces as a new fleet run. */
    public FleetReport score(FleetSelection selection) {
        return score(selection, UUID.randomUUID().toString());
    }

    /**
     * Scores the selected spaces under a fleet run id: a space whose run under it finished complete keeps its stored
     * report, any other resumes, asking only the questions without a usable stored result. A space that cannot be
     * read (no such space, no permission) gets a row with the error; the others are scored all the same.
     *
     * @throws GenieEnhancerException when the calling thread is interrupted: questions in flight are abandoned,
     *                                the results scored so far stay stored, and scoring again under the fleet run
     *                                id resumes
     */
    public FleetReport score(FleetSelection selection, String fleetRunId) {
        Objects.requireNonNull(fleetRunId, "fleetRunId");
        if (fleetRunId.isBlank()) {
            throw new ConfigurationException("The fleet run id is blank");
        }
        Instant startedAt = options.clock().instant();
        List<SpaceSummary> chosen = selection.select(selection.listsSpaces() ? spaces.list() : List.of());
        AtomicInteger threads = new AtomicInteger();
        ExecutorService askers = Executors.newFixedThreadPool(maxConcurrency, task -> {
            Thread thread = new Thread(task, "genie-fleet-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        ExecutorService work = Executors.newFixedThreadPool(WORK_THREADS, task -> {
            Thread thread = new Thread(task, "genie-fleet-sql-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            return new Fleet(fleetRunId, askers, work).run(chosen, startedAt);
        } finally {
            askers.shutdownNow();
            work.shutdownNow();
        }
    }

    /** One fleet run: the open spaces, the rotation between them, and the rows of the spaces done. */
    private final class Fleet {
        private final String fleetRunId;
        private final ExecutorService askers;
        private final ExecutorService work;
        private final Semaphore slots = new Semaphore(maxConcurrency);
        private final List<SpaceScore> rows = new ArrayList<>();
        private final List<CompletableFuture<Void>> inFlight = new ArrayList<>();

        Fleet(String fleetRunId, ExecutorService askers, ExecutorService work) {
            this.fleetRunId = fleetRunId;
            this.askers = askers;
            this.work = work;
        }

        FleetReport run(List<SpaceSummary> chosen, Instant startedAt) {
            Deque<SpaceSummary> waiting = new ArrayDeque<>(chosen);
            List<OpenSpace> rotation = new ArrayList<>();
            int turn = 0;
            try {
                while (true) {
                    while (rotation.size() < spacesAtOnce && !waiting.isEmpty()) {
                        openNext(waiting.poll()).ifPresent(rotation::add);
                    }
                    if (rotation.isEmpty()) {
                        break;
                    }
                    turn = turn % rotation.size();
                    OpenSpace space = rotation.get(turn);
                    slots.acquire();
                    space.askNext();
                    if (space.allAsked()) {
                        rotation.remove(turn);
                    } else {
                        turn++;
                    }
                    pruneFinished();
                }
                CompletableFuture.allOf(snapshotInFlight()).get();
            } catch (InterruptedException e) {
                abandon();
                Thread.currentThread().interrupt();
                throw new GenieEnhancerException("Fleet run " + fleetRunId + " was interrupted; the results scored so"
                        + " far are stored, and scoring again with the same fleet run id resumes", e);
            } catch (ExecutionException e) {
                abandon();
                throw new GenieEnhancerException("Fleet run " + fleetRunId + " failed: " + e.getCause().getMessage(),
                        e.getCause());
            }
            List<SpaceScore> ordered = new ArrayList<>();
            synchronized (rows) {
                for (SpaceSummary summary : chosen) {
                    rows.stream().filter(row -> row.spaceId().equals(summary.spaceId())).findFirst()
                            .ifPresent(ordered::add);
                }
            }
            return new FleetReport(fleetRunId, startedAt, options.clock().instant(), ordered);
        }

        private CompletableFuture<?>[] snapshotInFlight() {
            synchronized (inFlight) {
                return inFlight.toArray(CompletableFuture[]::new);
            }
        }

        /** Forgets the questions done; a failed one stays, so waiting for the fleet reports its failure. */
        private void pruneFinished() {
            synchronized (inFlight) {
                inFlight.removeIf(future -> future.isDone() && !future.isCompletedExceptionally());
            }
        }

        /** Stops every worker and waits for them, so nothing is stored after {@code score} has returned. */
        private void abandon() {
            synchronized (inFlight) {
                inFlight.forEach(future -> future.cancel(true));
            }
            askers.shutdownNow();
            work.shutdownNow();
            try {
                askers.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                work.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Opens a space: reads it, resumes or starts its run; empty when nothing is left to ask of it. */
        private Optional<OpenSpace> openNext(SpaceSummary summary) {
            String spaceId = summary.spaceId();
            ScoringOptions spaceOptions = options.toBuilder().sessionId(sessionId(spaceId)).build();
            String runId = runId(fleetRunId, spaceId);
            Optional<ScoreReport> done = ScoringRun.finished(spaceOptions, runId);
            if (done.isPresent()) {
                addRow(row(summary, spaceOptions, done.get()));
                return Optional.empty();
            }
            Space space;
            BenchmarkSet set;
            try {
                space = spaces.get(spaceId);
                set = benchmarks.apply(space);
            } catch (GenieEnhancerException e) {
                addRow(new SpaceScore(spaceId, summary.title(), spaceOptions.sessionId(), runId, 0, 0, 0, false,
                        Optional.empty(), List.of(), Optional.of(e.getMessage())));
                return Optional.empty();
            }
            SpaceSummary titled = summary.title().isEmpty() ? new SpaceSummary(spaceId, space.title(),
                    Optional.empty(), Optional.empty(), Optional.empty()) : summary;
            OpenSpace opened = new OpenSpace(titled, space, set, spaceOptions, runId);
            if (opened.allAsked()) {
                opened.finishIfDone();
                return Optional.empty();
            }
            return Optional.of(opened);
        }

        private void addRow(SpaceScore row) {
            synchronized (rows) {
                rows.add(row);
            }
        }

        /** A space being scored: its run, what is left to ask, and how many answers are still out. */
        private final class OpenSpace {
            private final SpaceSummary summary;
            private final Space space;
            private final ScoringOptions spaceOptions;
            private final ScoringRun run;
            private final SpaceVersions versions;
            private final ExpectedResults expected;
            private final AnswerScorer answers;
            private final Iterator<Benchmark> pending;
            private final int start;
            private int outstanding;
            private boolean finished;

            OpenSpace(SpaceSummary summary, Space space, BenchmarkSet set, ScoringOptions spaceOptions,
                      String runId) {
                this.summary = summary;
                this.space = space;
                this.spaceOptions = spaceOptions;
                String version = space.config().fingerprint();
                this.run = ScoringRun.start(spaceOptions, space.spaceId(), version, set, runId);
                this.versions = new SpaceVersions(version, () -> spaces.get(space.spaceId()).config().fingerprint());
                this.expected = new ExpectedResults(sql, options.comparator().policy().rowCap(), options.clock());
                this.answers = new AnswerScorer(options.comparator(), sql, options.judge(), options.clock());
                this.pending = run.pending().iterator();
                this.start = versions.mark();
            }

            boolean allAsked() {
                return !pending.hasNext();
            }

            /** Sends the next question; the slot taken for it is given back once its answer is in. */
            void askNext() {
                Benchmark benchmark = pending.next();
                synchronized (this) {
                    outstanding++;
                }
                run.asked(benchmark);
                CompletableFuture<ExpectedResults.Expected> expectedResult = expected.get(run.spaceVersion(),
                        benchmark, work);
                CompletableFuture<Void> scored = CompletableFuture.supplyAsync(() -> ask(benchmark), askers)
                        .whenComplete((answer, error) -> slots.release())
                        .thenCombineAsync(expectedResult, (answer, exp) -> score(benchmark, answer, exp), work)
                        .thenAccept(result -> result.ifPresent(r -> run.record(r.result(), r.seen())))
                        .whenComplete((ignored, error) -> answered());
                synchronized (inFlight) {
                    inFlight.add(scored);
                }
            }

            private Asked ask(Benchmark benchmark) {
                try {
                    GenieAnswer answer = genie.ask(space.spaceId(), benchmark.question());
                    return new Asked(Optional.of(answer), Optional.empty(), versions.versionSince(start));
                } catch (RuntimeException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw e;
                    }
                    return new Asked(Optional.empty(), Optional.of(e), versions.versionSince(start));
                }
            }

            private Optional<Scored> score(Benchmark benchmark, Asked asked, ExpectedResults.Expected exp) {
                Optional<QuestionResult> result = asked.answer().isPresent()
                        ? answers.score(benchmark, asked.answer().get(), exp)
                        : Optional.of(AnswerScorer.requestFailed(benchmark, asked.failure().orElseThrow(), exp));
                return result.map(r -> new Scored(r, asked.seen()));
            }

            private void answered() {
                synchronized (this) {
                    outstanding--;
                }
                finishIfDone();
            }

            /** Finishes the run once every question was asked and answered, leaving only its row. */
            void finishIfDone() {
                synchronized (this) {
                    if (finished || outstanding > 0 || pending.hasNext()) {
                        return;
                    }
                    finished = true;
                }
                ScoreReport report;
                try {
                    report = run.finish(versions.versions());
                } catch (IncompleteScoreException e) {
                    report = e.report();
                } catch (GenieEnhancerException e) {
                    // A question was abandoned (the fleet was interrupted): the stored results wait for a resume.
                    return;
                }
                addRow(row(summary, spaceOptions, report));
            }
        }
    }

    private SpaceScore row(SpaceSummary summary, ScoringOptions spaceOptions, ScoreReport report) {
        List<Double> history = new ArrayList<>();
        Optional<Double> previous = Optional.empty();
        for (ScoreReport stored : spaceOptions.stateStore().reports(spaceOptions.sessionId())) {
            if (stored.runId().equals(report.runId())) {
                break;
            }
            history.add(stored.accuracy());
            previous = Optional.of(stored.accuracy());
        }
        history.add(report.accuracy());
        List<Double> trend = history.subList(Math.max(0, history.size() - TREND_RUNS), history.size());
        return new SpaceScore(summary.spaceId(), summary.title(), spaceOptions.sessionId(), report.runId(),
                report.results().size(), report.counted(), report.correct(), report.isComplete(options.minCoverage()),
                previous, trend, Optional.empty());
    }

    /** Genie's answer, or the failure of asking, with the version of the space it was given against. */
    private record Asked(Optional<GenieAnswer> answer, Optional<RuntimeException> failure, SpaceVersions.Seen seen) {
    }

    /** A result and the version of the space its answer was given against. */
    private record Scored(QuestionResult result, SpaceVersions.Seen seen) {
    }

    /** Builds a {@link FleetScorer}. */
    public static final class Builder {
        private final GenieClient genie;
        private final SqlExecutor sql;
        private final SpaceApi spaces;
        private ScoringOptions options = ScoringOptions.defaults();
        private int maxConcurrency = 10;
        private int spacesAtOnce = 10;
        private Function<Space, BenchmarkSet> benchmarks = space -> BenchmarkSet.fromSpace(space.config(),
                space.title().isEmpty() ? space.spaceId() : space.title());

        private Builder(GenieClient genie, SqlExecutor sql, SpaceApi spaces) {
            this.genie = Objects.requireNonNull(genie, "genie");
            this.sql = Objects.requireNonNull(sql, "sql");
            this.spaces = Objects.requireNonNull(spaces, "spaces");
        }

        /**
         * Comparison, state store, progress, judge, clock and minimum coverage (default
         * {@link ScoringOptions#defaults()}); its session id is not used: each space has its own
         * ({@link FleetScorer#sessionId(String)}).
         */
        public Builder options(ScoringOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Questions in flight at once across the fleet (default 10). To reach the rate limit it must cover Genie
         * latency × rate, e.g. 30 s × 5/min ≈ 3.
         */
        public Builder maxConcurrency(int maxConcurrency) {
            if (maxConcurrency < 1) {
                throw new ConfigurationException("FleetScorer.maxConcurrency must be at least 1, got "
                        + maxConcurrency);
            }
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /**
         * Spaces whose questions are interleaved at once (default 10); the next space opens when one has asked all
         * its questions. Bounds the memory a fleet run holds.
         */
        public Builder spacesAtOnce(int spacesAtOnce) {
            if (spacesAtOnce < 1) {
                throw new ConfigurationException("FleetScorer.spacesAtOnce must be at least 1, got " + spacesAtOnce);
            }
            this.spacesAtOnce = spacesAtOnce;
            return this;
        }

        /** The benchmarks of a space (default: the benchmarks stored in the space, {@link BenchmarkSet#fromSpace}). */
        public Builder benchmarks(Function<Space, BenchmarkSet> benchmarks) {
            this.benchmarks = Objects.requireNonNull(benchmarks, "benchmarks");
            return this;
        }

        /** The fleet scorer. */
        public FleetScorer build() {
            return new FleetScorer(this);
        }
    }
}
