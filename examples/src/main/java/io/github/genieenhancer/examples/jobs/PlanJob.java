package io.github.genieenhancer.examples.jobs;

/**
 * The plan stage as a Databricks JAR task: plans fixes from the failures of the iteration's baseline (needs {@code
 * --llm-endpoint}).
 *
 * <p>Parameters are those of {@code genie-enhancer job plan}, e.g. {@code --session <run id> --space-id <space>
 * --warehouse-id <warehouse> --llm-endpoint <endpoint> --state-store DELTA --state-catalog main --state-schema
 * genie_state}; {@code examples/databricks.yml} chains the four stage tasks. When the session has already passed
 * this stage in its current iteration, the task does nothing, so a retried task is harmless.
 */
public final class PlanJob {

    private PlanJob() {
    }

    /**
     * Runs the task.
     *
     * @param args the task's parameters
     * @throws io.github.genieenhancer.core.GenieEnhancerException when the task fails (the run fails with it)
     */
    public static void main(String[] args) {
        JobMain.run("plan", args);
    }
}
