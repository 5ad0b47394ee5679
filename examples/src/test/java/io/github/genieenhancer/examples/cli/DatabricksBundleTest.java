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
    /** The values Databricks fills in when a run starts: job parameters, run ids, secrets. */
    private static final Pattern DYNAMIC_VALUE = Pattern.compile("\\{\\{([^}]+)}}");

    private final JsonNode bundle = read(Path.of("databricks.yml"));

    @Test
    void every_task_runs_a_job_entry_point_with_parameters_its_command_accepts() throws Exception {
        List<String> checked = new ArrayList<>();
        for (JsonNode job : bundle.path("resources").path("jobs")) {
            for (JsonNode task : job.path("tasks")) {
                if (task.has("condition_task") || task.has("for_each_task")) {
                    continue;
                }
                String mainClass = task.path("spark_jar_task").path("main_class_name").asText();
                Method main = Class.forName(mainClass).getMethod("main", String[].class);
                assertThat(Modifier.isStatic(main.getModifiers()) && Modifier.isPublic(main.getModifiers()))
                        .as("%s has a public static main", mainClass).isTrue();

                String command = Class.forName(mainClass).getSimpleName().replace("Job", "").toLowerCase(Locale.ROOT);
                ParseResult taskResult = parse(command, task, Map.of());
                assertThat(taskResult.commandSpec().name()).isEqualTo(command);
                assertThat(taskResult.matchedOptionValue("--session", "")).isEqualTo("run-42");
                assertThat(taskResult.matchedOptionValue("--state-store", StateOptions.Kind.DIRECTORY))
                        .as("%s shares its session through Delta tables", task.path("task_key").asText())
                        .isEqualTo(StateOptions.Kind.DELTA);
                assertThat(task.path("libraries").get(0).path("jar").asText()).isEqualTo(artifactJar());
                checked.add(task.path("task_key").asText());
            }
        }
        assertThat(checked).containsExactly("score", "plan", "apply", "validate", "promote", "loop", "promote");
    }

    /** The tasks that may create the session take the benchmarks file; empty, the space's own benchmarks count. */
    @Test
    void the_tasks_that_create_the_session_take_the_benchmarks_file() throws Exception {
        assertThat(bundle.path("variables").path("benchmarks_file").path("default").asText()).isEmpty();
        for (JsonNode job : bundle.path("resources").path("jobs")) {
            for (JsonNode task : job.path("tasks")) {
                String key = task.path("task_key").asText();
                if (!key.equals("score") && !key.equals("loop")) {
                    continue;
                }
                ParseResult unset = parse(key, task, Map.of());
                assertThat(unset.matchedOptionValue("--benchmarks", "not given")).as(key).isEmpty();
                ParseResult set = parse(key, task, Map.of("benchmarks_file", "/Volumes/main/genie/bench.yaml"));
                assertThat(set.matchedOptionValue("--benchmarks", "")).isEqualTo("/Volumes/main/genie/bench.yaml");
            }
        }
    }

    /** Promotion runs after validation (or the loop), only when the promote variable, off by default, allows it. */
    @Test
    void the_promote_task_runs_after_validation_only_when_the_variable_allows_it() {
        assertThat(bundle.path("variables").path("promote").path("default").asText()).isEqualTo("false");
        Map<String, String> lastBefore = Map.of("genie_enhancer_stages", "validate", "genie_enhancer_loop", "loop");
        for (Map.Entry<String, String> jobAndStage : lastBefore.entrySet()) {
            JsonNode tasks = bundle.path("resources").path("jobs").path(jobAndStage.getKey()).path("tasks");
            JsonNode condition = task(tasks, "promote_allowed");
            assertThat(condition.path("depends_on").get(0).path("task_key").asText())
                    .isEqualTo(jobAndStage.getValue());
            assertThat(condition.path("condition_task").path("op").asText()).isEqualTo("EQUAL_TO");
            assertThat(condition.path("condition_task").path("left").asText()).isEqualTo("${var.promote}");
            assertThat(condition.path("condition_task").path("right").asText()).isEqualTo("true");
            JsonNode promote = task(tasks, "promote");
            assertThat(promote.path("depends_on").get(0).path("task_key").asText()).isEqualTo("promote_allowed");
            assertThat(promote.path("depends_on").get(0).path("outcome").asText()).isEqualTo("true");
            assertThat(promote.path("spark_jar_task").path("main_class_name").asText())
                    .isEqualTo("io.github.genieenhancer.examples.jobs.PromoteJob");
        }
    }

    /** The fleet runs {@code fleet score} once per input of its for-each task, each on its own workspace. */
    @Test
    void the_fleet_task_runs_fleet_score_once_per_workspace_with_parameters_it_accepts() throws Exception {
        JsonNode forEach = task(bundle.path("resources").path("jobs").path("genie_enhancer_fleet").path("tasks"),
                "fleet").path("for_each_task");
        JsonNode inputs = new ObjectMapper().readTree(bundle.path("variables").path("fleet").path("default")
                .asText());
        assertThat(inputs.isArray() && !inputs.isEmpty()).isTrue();
        assertThat(forEach.path("inputs").asText()).isEqualTo("${var.fleet}");
        JsonNode task = forEach.path("task");
        String mainClass = task.path("spark_jar_task").path("main_class_name").asText();
        assertThat(mainClass).isEqualTo("io.github.genieenhancer.examples.jobs.FleetJob");
        Method main = Class.forName(mainClass).getMethod("main", String[].class);
        assertThat(Modifier.isStatic(main.getModifiers()) && Modifier.isPublic(main.getModifiers())).isTrue();

        List<String> args = new ArrayList<>(List.of("fleet", "score"));
        for (JsonNode parameter : task.path("spark_jar_task").path("parameters")) {
            String withInput = parameter.asText();
            for (var field : (Iterable<Map.Entry<String, JsonNode>>) inputs.get(0)::fields) {
                withInput = withInput.replace("{{input." + field.getKey() + "}}", field.getValue().asText());
            }
            args.add(resolve(withInput, Map.of()));
        }
        ParseResult parsed = new CommandLine(new RootCommand(new PrintStream(OutputStream.nullOutputStream())))
                .setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args.toArray(String[]::new))
                .subcommand().subcommand();
        assertThat(parsed.commandSpec().qualifiedName()).endsWith("fleet score");
        assertThat(parsed.matchedOptionValue("--fleet-run-id", "")).isEqualTo("run-42");
        assertThat(parsed.matchedOptionValue("--host", "")).startsWith("https://");
        assertThat(parsed.matchedOptionValue("--space-name", "")).isEqualTo("Sales *");
        assertThat(parsed.matchedOptionValue("--state-store", StateOptions.Kind.DIRECTORY))
                .isEqualTo(StateOptions.Kind.DELTA);
        assertThat(task.path("libraries").get(0).path("jar").asText()).isEqualTo(artifactJar());
    }

    @Test
    void every_variable_used_is_declared() throws IOException {
        String text = Files.readString(Path.of("databricks.yml"));
        Matcher used = VARIABLE.matcher(text);
        List<String> names = new ArrayList<>();
        while (used.find()) {
            names.add(used.group(1));
        }
        assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(bundle.path("variables").has(name))
                .as("variable %s is declared", name).isTrue());
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
        assertThat(order).containsExactly("score", "plan", "apply", "validate", "promote_allowed", "promote");
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

    /** Parses a task's parameters as {@code genie-enhancer job <command>} would, without running anything. */
    private ParseResult parse(String command, JsonNode task, Map<String, String> variables) {
        List<String> args = new ArrayList<>(List.of("job", command));
        for (JsonNode parameter : task.path("spark_jar_task").path("parameters")) {
            args.add(resolve(parameter.asText(), variables));
        }
        ParseResult parsed = new CommandLine(new RootCommand(new PrintStream(OutputStream.nullOutputStream())))
                .setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args.toArray(String[]::new));
        return parsed.subcommand().subcommand();
    }

    private static JsonNode task(JsonNode tasks, String key) {
        for (JsonNode task : tasks) {
            if (task.path("task_key").asText().equals(key)) {
                return task;
            }
        }
        throw new AssertionError("No task " + key);
    }

    /**
     * A parameter as the job run sees it: variables set as given, else to their defaults (or a sample), and the
     * values Databricks fills in at run time to samples (the session id: run-42).
     */
    private String resolve(String parameter, Map<String, String> given) {
        Matcher variables = VARIABLE.matcher(parameter);
        StringBuilder out = new StringBuilder();
        while (variables.find()) {
            String name = variables.group(1);
            JsonNode variable = bundle.path("variables").path(name);
            assertThat(variable.isMissingNode()).as("variable %s is declared", name).isFalse();
            String value = given.getOrDefault(name, variable.path("default").asText(Map.of("space_id", "01ef0123",
                    "warehouse_id", "abc123").getOrDefault(name, "x")));
            variables.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        variables.appendTail(out);
        Matcher dynamic = DYNAMIC_VALUE.matcher(out);
        StringBuilder resolved = new StringBuilder();
        while (dynamic.find()) {
            dynamic.appendReplacement(resolved, dynamic.group(1).equals("job.parameters.session_id") ? "run-42"
                    : "sample-" + dynamic.group(1).replaceAll("\\W", "-"));
        }
        dynamic.appendTail(resolved);
        return resolved.toString();
    }

    private static JsonNode read(Path file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file.toAbsolutePath(), e);
        }
    }
}
