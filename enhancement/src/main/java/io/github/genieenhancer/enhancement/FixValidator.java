package io.github.genieenhancer.enhancement;

import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.enhancement.internal.PlanReview;
import io.github.genieenhancer.enhancement.internal.SqlProbes;
import io.github.genieenhancer.genie.SqlExecutor;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks proposed fixes before anything is changed, and refuses each bad one with its reason:
 * <ul>
 *   <li>duplicates are merged into the first of them (their benchmarks joined);</li>
 *   <li>every table a fix names is in the space; a removal names something that exists; an addition does not
 *       collide with an existing item unless the plan removes that item too (a replacement); snippet and join
 *       conditions qualify their columns with tables of the space; a measure or expression has an alias;</li>
 *   <li>contradictions are resolved: of two additions of one item the later is refused; a removal and an addition
 *       of one item that would put it back unchanged are both refused;</li>
 *   <li>SQL (example queries, snippets, join conditions) is a single read-only query and, with a
 *       {@linkplain Builder#warehouse warehouse}, runs there with {@code LIMIT 0}; a column a metadata fix names
 *       that the space does not configure exists on the warehouse;</li>
 *   <li>no leakage: an example SQL that is a benchmark's expected SQL (spacing, case and trailing semicolons
 *       aside), an example asking a benchmark's question, or instructions quoting a benchmark's expected SQL;</li>
 *   <li>every surviving fix is made on a copy, removals first; one that changes nothing, or after which the
 *       configuration would break the Genie API's rules (budgets, sizes, shapes), is refused.</li>
 * </ul>
 *
 * <pre>{@code
 * FixValidation checked = FixValidator.builder().benchmarks(benchmarks).build().validate(fixes, space);
 * checked.rejected().forEach(r -> System.out.println(r.fix().id() + ": " + r.reason()));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class FixValidator implements PlanValidator {
    private final List<Benchmark> benchmarks;
    private final Optional<SqlExecutor> warehouse;

    private FixValidator(Builder b) {
        this.benchmarks = List.copyOf(b.benchmarks);
        this.warehouse = b.warehouse;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Validates fixes against a configuration.
     *
     * @param fixes the fixes, in plan order
     * @param space the configuration the fixes would change
     * @return what passed, what did not and why, and the configuration with the passing fixes made
     * @throws IllegalArgumentException when two fixes have the same id
     * @throws io.github.genieenhancer.core.GenieApiException when the warehouse cannot be reached (no fault of
     *                                                        the fixes)
     */
    @Override
    public FixValidation validate(List<PlannedFix> fixes, SpaceConfig space) {
        Objects.requireNonNull(fixes, "fixes");
        Objects.requireNonNull(space, "space");
        PlanReview.Result result = new PlanReview(space, fixes, benchmarks,
                new SqlProbes(space, warehouse)::check).run();
        return new FixValidation(result.accepted(), result.rejected(), result.edited());
    }

    /** Options of a {@link FixValidator}; every one has a default. */
    public static final class Builder {
        private List<Benchmark> benchmarks = List.of();
        private Optional<SqlExecutor> warehouse = Optional.empty();

        private Builder() {
        }

        /**
         * The benchmarks whose expected SQL and questions must not be copied into the configuration (default: none,
         * so the leakage guard is off). Give every benchmark, held-out ones included.
         */
        public Builder benchmarks(BenchmarkSet benchmarks) {
            this.benchmarks = List.copyOf(Objects.requireNonNull(benchmarks, "benchmarks").benchmarks());
            return this;
        }

        /**
         * The warehouse fixes' SQL is run on, with {@code LIMIT 0} (default: none, so SQL is only checked to be a
         * single read-only query, and a metadata fix for a column the space does not configure is refused because
         * the column cannot be looked up). Queries run: an example's SQL as a subquery; a snippet inside a query
         * over the tables it names; a join condition inside a join of its two tables; {@code SELECT column FROM
         * table} for an unconfigured column.
         */
        public Builder warehouse(SqlExecutor warehouse) {
            this.warehouse = Optional.of(Objects.requireNonNull(warehouse, "warehouse"));
            return this;
        }

        /** Builds the validator. */
        public FixValidator build() {
            return new FixValidator(this);
        }
    }
}
