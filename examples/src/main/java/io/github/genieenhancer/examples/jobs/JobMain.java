package io.github.genieenhancer.examples.jobs;

import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.examples.cli.GenieEnhancerCli;
import java.util.ArrayList;
import java.util.List;

/** Runs one {@code genie-enhancer job} task as the main method of a Databricks JAR task. */
final class JobMain {

    private JobMain() {
    }

    /**
     * Runs the task. Never exits the JVM, which on Databricks belongs to the cluster: a task that did not succeed
     * throws, so its run fails with the tool's one-line error (printed to standard error first) as the reason.
     *
     * @throws GenieEnhancerException when the task ends with a non-zero exit code
     */
    static void run(String task, String[] args) {
        run(List.of("job", task), args);
    }

    /**
     * Runs a command of the tool as a task, e.g. {@code fleet score} (see {@link #run(String, String[])}).
     *
     * @throws GenieEnhancerException when the command ends with a non-zero exit code
     */
    static void run(List<String> words, String[] args) {
        attachToSparkSession();
        List<String> command = new ArrayList<>(words);
        command.addAll(List.of(args));
        int exitCode = GenieEnhancerCli.execute(System.getenv(), System.out, System.err,
                command.toArray(String[]::new));
        if (exitCode != 0) {
            throw new GenieEnhancerException("genie-enhancer " + String.join(" ", words) + " ended with exit code "
                    + exitCode + " (1: below --min-accuracy, 2: bad parameters, 3: configuration, 4: failure, 5: "
                    + "incomplete score); see its error output");
        }
    }

    /**
     * Databricks requires a JAR task to obtain the cluster's Spark session. The tasks need no Spark, so they obtain
     * it by reflection when Spark is on the class path (it always is on a Databricks cluster) and skip it elsewhere,
     * rather than depend on Spark.
     */
    private static void attachToSparkSession() {
        try {
            Class<?> session = Class.forName("org.apache.spark.sql.SparkSession");
            Object builder = session.getMethod("builder").invoke(null);
            builder.getClass().getMethod("getOrCreate").invoke(builder);
        } catch (ClassNotFoundException e) {
            // Not on a Databricks cluster (a test, a laptop): there is no session to attach to.
        } catch (ReflectiveOperationException e) {
            throw new GenieEnhancerException("Cannot obtain the Spark session of the Databricks job run", e);
        }
    }
}
