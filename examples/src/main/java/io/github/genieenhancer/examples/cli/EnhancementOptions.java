package io.github.genieenhancer.examples.cli;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.fix.FixCategory;
import io.github.genieenhancer.core.prompt.PromptRepository;
import io.github.genieenhancer.enhancement.EnhancementSession;
import io.github.genieenhancer.enhancement.LlmJudge;
import io.github.genieenhancer.enhancement.ScoringMode;
import io.github.genieenhancer.scoring.ComparisonPolicy;
import io.github.genieenhancer.scoring.Judge;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * How a session scores and plans: the comparison policy, the judge, the prompts, the fix categories and whose
 * verdicts decide. The policy, the categories and the scorer are settings of a new session, stored with it; the
 * judge and the prompts are given again to every command that continues it.
 */
final class EnhancementOptions {

    @Option(names = "--policy", paramLabel = "POLICY", defaultValue = "genie", converter = PolicyName.class,
            description = "For a new session, how results are compared: genie (Databricks' benchmark rules), "
                    + "lenient (as genie, extra columns allowed) or spider-test-suite (exact values, bag semantics) "
                    + "(default: ${DEFAULT-VALUE}).")
    ComparisonPolicy policy;

    @Option(names = "--judge-endpoint", paramLabel = "ENDPOINT", description = "An LLM judge on this model "
            + "serving endpoint reviews incorrect answers while scoring; one it finds a near miss becomes "
            + "NEEDS_REVIEW, still counted and never correct (default, or empty: no judge). Give it again to continue a "
            + "session.")
    String judgeEndpoint;

    @Option(names = "--prompts-dir", paramLabel = "DIR", description = "A directory of prompt templates "
            + "(<name>.mustache, e.g. analyze_failure.mustache, categories/join_specs_add.mustache) that replace the "
            + "bundled ones of planning and the judge; templates it lacks stay the bundled ones (default, or empty: "
            + "the bundled ones). Give it again to continue a session.")
    Path promptsDir;

    @Option(names = "--categories", paramLabel = "CATEGORY", split = ",", converter = CategoryName.class,
            description = "For a new session, the fix categories to propose, comma-separated wire names, e.g. "
                    + "join_specs_add,sql_snippets_add (default: all nine).")
    List<FixCategory> categories;

    @Option(names = "--scorer", paramLabel = "SCORER", defaultValue = "library", converter = ScorerName.class,
            description = "For a new session, whose verdicts decide: library (this tool's comparison), eval-runs "
                    + "(Databricks' benchmark eval runs) or side-by-side (the library decides; the eval run of the "
                    + "same space is stored next to it with their disagreements). Eval runs write the benchmarks "
                    + "into the space they score, so they need --mode CLONE (default: ${DEFAULT-VALUE}).")
    ScoringMode scoring;

    /** Sets the settings of a new session and the objects every session is given. */
    void newSession(EnhancementSession.Builder builder, Workspace workspace) {
        builder.comparisonPolicy(policy).scoring(scoring);
        if (categories != null) {
            builder.categories(EnumSet.copyOf(categories));
        }
        given(builder, workspace);
    }

    /** Gives the objects a session is given again when continued: the judge and the prompts. */
    void given(EnhancementSession.Builder builder, Workspace workspace) {
        prompts().ifPresent(builder::prompts);
        judge(workspace).ifPresent(builder::judge);
        builder.evalRunScorer(workspace.evalRunScorer());
    }

    /** The prompt directory's templates. */
    Optional<PromptRepository> prompts() {
        return Optional.ofNullable(promptsDir).filter(dir -> !dir.toString().isBlank())
                .map(PromptRepository::directory);
    }

    /** The judge on the endpoint given, with the prompts given. */
    Optional<Judge> judge(Workspace workspace) {
        if (judgeEndpoint == null || judgeEndpoint.isBlank()) {
            return Optional.empty();
        }
        LlmJudge.Builder judge = LlmJudge.builder(workspace.llm(judgeEndpoint));
        prompts().ifPresent(judge::prompts);
        return Optional.of(judge.build());
    }

    /**
     * Refuses the options that only a session uses, for a command that plans nothing.
     *
     * @throws ConfigurationException naming the option
     */
    void requireNoPlanningOptions(String command) {
        if (categories != null) {
            throw new ConfigurationException("--categories chooses the fixes a session plans; '" + command
                    + "' plans none");
        }
    }

    /** Reads a comparison policy preset by name. */
    static final class PolicyName implements ITypeConverter<ComparisonPolicy> {
        @Override
        public ComparisonPolicy convert(String value) {
            return Stream.of(ComparisonPolicy.genie(), ComparisonPolicy.lenient(), ComparisonPolicy.spiderTestSuite())
                    .filter(p -> p.name().equalsIgnoreCase(value.strip())).findFirst()
                    .orElseThrow(() -> new TypeConversionException("'" + value + "' is not a comparison policy; "
                            + "expected one of [genie, lenient, spider-test-suite]"));
        }
    }

    /** Reads a fix category by wire name. */
    static final class CategoryName implements ITypeConverter<FixCategory> {
        @Override
        public FixCategory convert(String value) {
            try {
                return FixCategory.fromWireName(value.strip());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a fix category; expected one of "
                        + Arrays.stream(FixCategory.values()).map(FixCategory::wireName).toList());
            }
        }
    }

    /** Reads a scoring mode by wire name. */
    static final class ScorerName implements ITypeConverter<ScoringMode> {
        @Override
        public ScoringMode convert(String value) {
            try {
                return ScoringMode.fromWireName(value.strip());
            } catch (ConfigurationException e) {
                throw new TypeConversionException("'" + value + "' is not a scorer; expected one of "
                        + Arrays.stream(ScoringMode.values()).map(ScoringMode::wireName).toList());
            }
        }
    }
}
