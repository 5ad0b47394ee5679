package io.github.genieenhancer.enhancement;

import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ReasonCode;
import io.github.genieenhancer.core.score.Verdict;
import io.github.genieenhancer.core.space.SpaceConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Test data shared by the tests: the sample space of {@code space.json} and failed questions about it. */
final class Fixtures {
    static final String SPACE_ID = "01f0space0000000000000000000abc";

    private Fixtures() {
    }

    static String spaceJson() {
        try (InputStream in = Fixtures.class.getResourceAsStream("/space.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SpaceConfig space() {
        return SpaceConfig.parse(spaceJson(), "space.json");
    }

    static QuestionResult failure(String id, String question, String expectedSql, String genieSql) {
        return new QuestionResult(id, question, expectedSql, Optional.ofNullable(genieSql), Verdict.INCORRECT,
                ReasonCode.RESULT_MISSING_ROWS, "row 1 differs", List.of(), null, null, Optional.empty(),
                Optional.empty());
    }

    /** Two failures: one on a join, one on a filter. */
    static List<QuestionResult> failures() {
        return List.of(
                failure("b1", "How many orders did Corporate customers place?",
                        "SELECT COUNT(*) FROM retail.sales.orders o JOIN retail.sales.customers c "
                                + "ON o.cust_id = c.customer_id WHERE c.segment = 'Corporate'",
                        "SELECT COUNT(*) FROM retail.sales.orders o JOIN retail.sales.customers c "
                                + "ON o.order_id = c.customer_id WHERE c.segment = 'Corporate'"),
                failure("b2", "How many completed orders are there?",
                        "SELECT COUNT(*) FROM retail.sales.orders WHERE status = 'COMPLETED'",
                        "SELECT COUNT(*) FROM retail.sales.orders WHERE status = 'DONE'"));
    }
}
