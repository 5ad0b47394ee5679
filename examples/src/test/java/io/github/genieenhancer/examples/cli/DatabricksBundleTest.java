package io.github.genieenhancer.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** {@code examples/databricks.yml} names entry points that exist and passes them parameters they accept. */
class DatabricksBundleTest {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{var\\.([a-z_]+)}");
    private static final Pattern DYNAMIC_VALUE = Pattern.compile("\\{\\{job\\.parameters\\.session_id}}");

    private final JsonNode bundle = read(Path.of("databricks.yml"));

    @Test
    void every_task_runs_a_job_entry_point_with_parameters_its_command_accepts() throws Exception {
        List<String> checked = new ArrayList<>();
        for (JsonNode job : bundle.path("resources").path("jobs")) {
            for (JsonNode task : job.path("tasks")) {
                String mainClass = task.path("spark_jar_task").path("main_class_name").asText();
                Method main = Class.forName(mainClass).getMethod("main", String[].class);
                assertThat(Modifier.isStatic(main.getModifiers()) && Modifier.isPublic(main.getModifiers()))
                        .as("%s has a public static main", mainClass).isTrue();

                String command = Class.forName(mainClass).getSimpleName().replace("Job", "").toLowerCase(Locale.ROOT);
                List<String> args = new ArrayList<>(List.of("job", command));
                for (JsonNode parameter : task.path("spark_jar_task").path("parameters")) {
                    args.add(resolve(parameter.asText()));
                }
                ParseResult parsed = new CommandLine(new RootCommand(new PrintStream(OutputStream.nullOutputStream())))
                        .setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args.toArray(String[]::new));
                ParseResult taskResult = parsed.subcommand().subcommand();
                assertThat(taskResult.commandSpec().name()).isEqualTo(command);
                assertThat(taskResult.matchedOptionValue("--session", "")).isEqualTo("run-42");
                assertThat(taskResult.matchedOptionValue("--state-store", StateOptions.Kind.DIRECTORY))
                        .as("%s shares its session through Delta tables", task.path("task_key").asText())
                        .isEqualTo(StateOptions.Kind.DELTA);
                assertThat(task.path("libraries").get(0).path("jar").asText()).isEqualTo(artifactJar());
                checked.add(task.path("task_key").asText());
            }
        }
        assertThat(checked).containsExactly("score", "plan", "apply", "validate", "loop");
    }

    @Test
    void the_stage_tasks_run_in_order_and_every_run_names_its_session() {
        JsonNode stages = bundle.path("resources").path("jobs").path("genie_enhancer_stages");
        List<String> order = new ArrayList<>();
        for (JsonNode task : stages.path("tasks")) {
            JsonNode dependsOn = task.path("depends_on");
            if (!order.isEmpty()) {
                assertThat(dependsOn.get(0).path("task_key").asText()).isEqualTo(order.get(order.size() - 1));
            }
            order.add(task.path("task_key").asText());
        }
        assertThat(order).containsExactly("score", "plan", "apply", "validate");
        for (JsonNode job : bundle.path("resources").path("jobs")) {
            assertThat(job.path("parameters").get(0).path("name").asText()).isEqualTo("session_id");
            assertThat(job.path("parameters").get(0).path("default").asText()).isEqualTo("{{job.run_id}}");
        }
    }

    @Test
    void the_artifact_is_the_jar_this_build_makes() throws IOException {
        String parentPom = Files.readString(Path.of("..", "pom.xml"));
        Matcher version = Pattern.compile("<artifactId>genie-enhancer-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(parentPom);
        assertThat(version.find()).isTrue();

        assertThat(artifactJar()).isEqualTo("./target/genie-enhancer-examples-" + version.group(1) + "-all.jar");
        assertThat(bundle.path("artifacts").path("genie_enhancer").path("build").asText())
                .contains("-pl examples -am package");
    }

    private String artifactJar() {
        return bundle.path("artifacts").path("genie_enhancer").path("files").get(0).path("source").asText();
    }

    /** A parameter as the job run sees it: variables set to their defaults (or a sample), the session id given. */
    private String resolve(String parameter) {
        Matcher variables = VARIABLE.matcher(parameter);
        StringBuilder out = new StringBuilder();
        while (variables.find()) {
            JsonNode variable = bundle.path("variables").path(variables.group(1));
            assertThat(variable.isMissingNode()).as("variable %s is declared", variables.group(1)).isFalse();
            String value = variable.path("default").asText(Map.of("space_id", "01ef0123",
                    "warehouse_id", "abc123").getOrDefault(variables.group(1), "x"));
            variables.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        variables.appendTail(out);
        return DYNAMIC_VALUE.matcher(out).replaceAll("run-42");
    }

    private static JsonNode read(Path file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file.toAbsolutePath(), e);
        }
    }
}
