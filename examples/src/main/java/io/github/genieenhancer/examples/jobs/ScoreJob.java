package io.github.genieenhancer.examples.jobs;

/**
 * The score stage as a Databricks JAR task: scores the working space as the baseline of the session's next iteration.
 * As the first task of a job run it creates the session, under the id the run gives it.
 *
 * <p>Parameters are those of {@code genie-enhancer job score}, e.g. {@code --session <run id> --space-id <space>
 * --warehouse-id <warehouse> --llm-endpoint <endpoint> --state-store DELTA --state-catalog main --state-schema
 * genie_state}; {@code examples/databricks.yml} chains the four stage tasks. When the session has already passed
 * this stage in its current iteration, the task does nothing, so a retried task is harmless.
 */
public final class ScoreJob {

    private ScoreJob() {
    }

    /**
     * Runs the task.
     *
     * @param args the task's parameters
     * @throws io.github.genieenhancer.core.GenieEnhancerException when the task fails (the run fails with it)
     */
    public static void main(String[] args) {
        JobMain.run("score", args);
    }
}
