package io.github.genieenhancer.examples.jobs;

/**
 * The orchestrator as a Databricks JAR task: runs score, plan, apply and validate in a loop until the target
 * accuracy, the iteration limit or an iteration without gain, on the session {@code --session} names (starting it
 * when missing). Every stage is written to the state store before the next starts, so a retried or re-run task
 * continues where the last one stopped instead of starting over.
 *
 * <p>Parameters are those of {@code genie-enhancer job loop}; see {@code examples/databricks.yml}.
 */
public final class LoopJob {

    private LoopJob() {
    }

    /**
     * Runs the loop.
     *
     * @param args the task's parameters
     * @throws io.github.genieenhancer.core.GenieEnhancerException when the loop fails or ends below
     *                                                             {@code --min-accuracy} (the run fails with it)
     */
    public static void main(String[] args) {
        JobMain.run("loop", args);
    }
}
