package io.github.genieenhancer.examples.jobs;

import java.util.List;

/**
 * {@code fleet score} as a Databricks JAR task: scores many spaces of one workspace under its one Genie budget.
 *
 * <p>Parameters are those of {@code genie-enhancer fleet score}, e.g. {@code --host <workspace url> --space-name
 * "Sales *" --fleet-run-id <run id> --warehouse-id <warehouse> --state-store DELTA --state-catalog main
 * --state-schema genie_state}; {@code examples/databricks.yml} runs it once per workspace in a for-each task. A
 * retried task with the same fleet run id resumes without asking Genie again what it answered.
 */
public final class FleetJob {

    private FleetJob() {
    }

    /**
     * Runs the task.
     *
     * @param args the task's parameters
     * @throws io.github.genieenhancer.core.GenieEnhancerException when the task fails (the run fails with it)
     */
    public static void main(String[] args) {
        JobMain.run(List.of("fleet", "score"), args);
    }
}
