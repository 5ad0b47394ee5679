package io.github.genieenhancer.scoring;

import java.util.Objects;

/**
 * How two result sets are judged equal. Three presets cover the common cases; {@link #toBuilder()} adjusts one.
 *
 * <ul>
 *   <li>{@link #genie()}, the default: Databricks' own benchmark rules, so local scores agree with the official
 *       eval runs. Rows as a multiset unless the expected SQL orders its top-level result; fractional numbers equal
 *       to 4 significant digits, integers exactly; extra columns fail; an empty Genie result fails; an empty
 *       expected result is flagged for review; both sides capped at 5,000 rows.</li>
 *   <li>{@link #lenient()}: as {@code genie()}, but extra columns are allowed and reported.</li>
 *   <li>{@link #spiderTestSuite()}: the Spider test-suite metric. Bag semantics, exact values, the whole row order
 *       checked whenever the expected SQL's text contains "order by", two empty results equal, no row cap.</li>
 * </ul>
 *
 * @param name              a name for reports
 * @param significantDigits fractional numbers (and integers compared with them) are equal when they round
 *                          (half up) to the same value with this many significant digits; 0 compares exactly
 * @param allowExtraColumns whether Genie's result may have columns beyond the expected ones (reported as a note)
 * @param rowOrder          when the order of rows matters
 * @param emptyResults      how empty results are judged
 * @param rowCap            rows read from each side at most, 0 for no cap; reaching it is reported
 */
public record ComparisonPolicy(String name, int significantDigits, boolean allowExtraColumns, RowOrderRule rowOrder,
                               EmptyResultRule emptyResults, int rowCap) {

    /** The 5,000 rows Genie returns per query result. */
    public static final int GENIE_ROW_CAP = 5_000;

    /** When the order of rows matters. */
    public enum RowOrderRule {
        /** Never: rows are compared as a multiset. */
        IGNORE,
        /**
         * When the expected SQL has a top-level {@code ORDER BY} (found with a SQL parser): the sequence of the
         * sort keys must agree, rows with equal keys may come in any order, and at a {@code LIMIT} the rows tied
         * with the last one may differ.
         */
        TOP_LEVEL_ORDER_BY,
        /** When the expected SQL's text contains "order by" anywhere (Spider's rule): every row in place. */
        ORDER_BY_IN_TEXT
    }

    /** How empty results are judged. */
    public enum EmptyResultRule {
        /**
         * An empty Genie result is incorrect ({@code EMPTY_RESULT}); an empty expected result cannot tell right
         * from wrong and is flagged for review ({@code EMPTY_GOOD_SQL}), never passed.
         */
        FLAG,
        /** Two empty results are equal, as in Spider and BIRD. */
        BOTH_EMPTY_EQUAL
    }

    /** Validates the components. */
    public ComparisonPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rowOrder, "rowOrder");
        Objects.requireNonNull(emptyResults, "emptyResults");
        if (significantDigits < 0 || significantDigits > 38) {
            throw new IllegalArgumentException("significantDigits must be within [0, 38], got " + significantDigits);
        }
        if (rowCap < 0) {
            throw new IllegalArgumentException("rowCap must not be negative, got " + rowCap);
        }
    }

    /** Databricks' benchmark rules; the default. */
    public static ComparisonPolicy genie() {
        return new ComparisonPolicy("genie", 4, false, RowOrderRule.TOP_LEVEL_ORDER_BY, EmptyResultRule.FLAG,
                GENIE_ROW_CAP);
    }

    /** Databricks' rules with extra columns allowed (and reported). */
    public static ComparisonPolicy lenient() {
        return genie().toBuilder().name("lenient").allowExtraColumns(true).build();
    }

    /** The Spider test-suite execution metric. */
    public static ComparisonPolicy spiderTestSuite() {
        return new ComparisonPolicy("spider-test-suite", 0, false, RowOrderRule.ORDER_BY_IN_TEXT,
                EmptyResultRule.BOTH_EMPTY_EQUAL, 0);
    }

    /** A builder starting from this policy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a {@link ComparisonPolicy}; start from a preset with {@link ComparisonPolicy#toBuilder()}. */
    public static final class Builder {
        private String name;
        private int significantDigits;
        private boolean allowExtraColumns;
        private RowOrderRule rowOrder;
        private EmptyResultRule emptyResults;
        private int rowCap;

        private Builder(ComparisonPolicy from) {
            name = from.name;
            significantDigits = from.significantDigits;
            allowExtraColumns = from.allowExtraColumns;
            rowOrder = from.rowOrder;
            emptyResults = from.emptyResults;
            rowCap = from.rowCap;
        }

        /** Sets the name shown in reports. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Sets the significant digits of fractional numbers; 0 compares exactly. */
        public Builder significantDigits(int significantDigits) {
            this.significantDigits = significantDigits;
            return this;
        }

        /** Sets whether Genie's result may have extra columns. */
        public Builder allowExtraColumns(boolean allowExtraColumns) {
            this.allowExtraColumns = allowExtraColumns;
            return this;
        }

        /** Sets when row order matters. */
        public Builder rowOrder(RowOrderRule rowOrder) {
            this.rowOrder = rowOrder;
            return this;
        }

        /** Sets how empty results are judged. */
        public Builder emptyResults(EmptyResultRule emptyResults) {
            this.emptyResults = emptyResults;
            return this;
        }

        /** Sets the rows read from each side at most; 0 for no cap. */
        public Builder rowCap(int rowCap) {
            this.rowCap = rowCap;
            return this;
        }

        /** The policy. */
        public ComparisonPolicy build() {
            return new ComparisonPolicy(name, significantDigits, allowExtraColumns, rowOrder, emptyResults, rowCap);
        }
    }
}
