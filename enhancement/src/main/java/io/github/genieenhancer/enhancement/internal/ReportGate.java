package io.github.genieenhancer.enhancement.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checks a CI build gates on, all on the configuration the session ended with: its tuning accuracy, its
 * held-out accuracy when a minimum is given, and its coverage (every set counted at least the minimum share of its
 * questions, against one version of the space).
 *
 * @param minAccuracy        the least tuning accuracy (0: any)
 * @param minHeldOutAccuracy the least held-out accuracy, when gated
 * @param minCoverage        the least share of questions that must be counted
 * @param checks             each check with its outcome
 */
public record ReportGate(double minAccuracy, Optional<Double> minHeldOutAccuracy, double minCoverage,
                         List<Check> checks) {

    /**
     * One check.
     *
     * @param name    what it checks, e.g. {@code tuning accuracy >= 80.0%}
     * @param type    the failure's type in JUnit XML
     * @param passed  whether it passed
     * @param message what was measured, and why it failed when it did
     */
    public record Check(String name, String type, boolean passed, String message) {
    }

    /** The gate on a report's model. */
    public static ReportGate of(ReportModel model, double minAccuracy, Optional<Double> minHeldOutAccuracy) {
        double minCoverage = model.history().minCoverage();
        List<Check> checks = new ArrayList<>();
        Optional<ReportModel.Point> last = model.last();
        String tuningName = "tuning accuracy >= " + ReportModel.percent(minAccuracy);
        String coverageName = "coverage >= " + ReportModel.percent(minCoverage) + " of one space version";
        if (last.isEmpty()) {
            String unmeasured = "no accuracy to check: the session has no complete score run";
            checks.add(new Check(tuningName, "ACCURACY_BELOW_MINIMUM", false, unmeasured));
            minHeldOutAccuracy.ifPresent(min -> checks.add(new Check(heldOutName(min), "HELD_OUT_BELOW_MINIMUM",
                    false, unmeasured)));
            checks.add(new Check(coverageName, "INCOMPLETE_RUN", false, "Session " + model.history().sessionId()
                    + " has no complete score run yet (a run that counted too few questions decides nothing and "
                    + "starts no iteration)."));
            return new ReportGate(minAccuracy, minHeldOutAccuracy, minCoverage, checks);
        }
        ReportModel.Point point = last.get();
        ReportModel.Subset tuning = point.tuning();
        checks.add(new Check(tuningName, "ACCURACY_BELOW_MINIMUM", tuning.accuracy() >= minAccuracy,
                "tuning accuracy " + tuning.text() + " (run " + point.runId() + ")"
                        + (tuning.accuracy() >= minAccuracy ? "" : " is below the minimum of "
                        + ReportModel.percent(minAccuracy))));
        minHeldOutAccuracy.ifPresent(min -> checks.add(point.heldOut().map(h -> new Check(heldOutName(min),
                "HELD_OUT_BELOW_MINIMUM", h.accuracy() >= min, "held-out accuracy " + h.text()
                + (h.accuracy() >= min ? "" : " is below the minimum of " + ReportModel.percent(min))))
                .orElse(new Check(heldOutName(min), "HELD_OUT_BELOW_MINIMUM", false,
                        "the session has no held-out benchmarks (set a held-out fraction)"))));
        List<String> incomplete = new ArrayList<>();
        if (tuning.coverage() < minCoverage) {
            incomplete.add("only " + tuning.counted() + " of " + tuning.total() + " tuning questions were counted");
        }
        point.heldOut().filter(h -> h.coverage() < minCoverage).ifPresent(h -> incomplete.add("only "
                + h.counted() + " of " + h.total() + " held-out questions were counted"));
        if (point.mixed()) {
            incomplete.add("the space was edited while run " + point.runId() + " was scored");
        }
        checks.add(new Check(coverageName, "INCOMPLETE_RUN", incomplete.isEmpty(), incomplete.isEmpty()
                ? "accuracy over " + tuning.counted() + " of " + tuning.total() + " tuning questions"
                + point.heldOut().map(h -> " and " + h.counted() + " of " + h.total() + " held-out questions")
                .orElse("")
                : "Incomplete run " + point.runId() + ": " + String.join("; ", incomplete) + " (minimum coverage "
                + ReportModel.percent(minCoverage) + "). Nothing may be decided on it."));
        return new ReportGate(minAccuracy, minHeldOutAccuracy, minCoverage, checks);
    }

    private static String heldOutName(double min) {
        return "held-out accuracy >= " + ReportModel.percent(min);
    }

    /** Whether the configuration the session ended with was scored completely (the coverage check passed). */
    public boolean complete() {
        return checks.get(checks.size() - 1).passed();
    }

    /** Whether every check passed. */
    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }
}
