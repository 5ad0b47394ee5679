package io.github.genieenhancer.examples.jobs;

/**
 * Promotion as a Databricks JAR task: copies a CLONE session's copy onto the original space (after a snapshot of
 * it) when the session's last kept iteration reached its target accuracy; otherwise it promotes nothing and
 * succeeds.
 *
 * <p>Parameters are those of {@code genie-enhancer job promote}, e.g. {@code --session <run id> --space-id <space>
 * --warehouse-id <warehouse> --llm-endpoint <endpoint> --state-store DELTA --state-catalog main --state-schema
 * genie_state}; {@code examples/databricks.yml} runs it after validation when its {@code promote} variable is
 * {@code true}.
 */
public final class PromoteJob {

    private PromoteJob() {
    }

    /**
     * Runs the task.
     *
     * @param args the task's parameters
     * @throws io.github.genieenhancer.core.GenieEnhancerException when the task fails (the run fails with it)
     */
    public static void main(String[] args) {
        JobMain.run("promote", args);
    }
}
