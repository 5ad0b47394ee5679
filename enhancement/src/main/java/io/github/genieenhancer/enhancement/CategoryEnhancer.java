package io.github.genieenhancer.enhancement;

import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.fix.FixCategory;
import io.github.genieenhancer.core.fix.PlannedFix;
import io.github.genieenhancer.core.fix.RejectedFix;
import io.github.genieenhancer.core.prompt.PromptRepository;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.enhancement.internal.FailureAnalysis;
import io.github.genieenhancer.enhancement.internal.FailureView;
import io.github.genieenhancer.enhancement.internal.FixProposals;
import io.github.genieenhancer.enhancement.internal.SpaceContext;
import io.github.genieenhancer.enhancement.internal.Texts;
import io.github.genieenhancer.llm.LlmClient;
import io.github.genieenhancer.llm.TokenBudget;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Turns failed benchmark questions into proposed fixes with an LLM, in two steps:
 * <ol>
 *   <li>each failure is analysed once ({@code analyze_failure}): which of the nine {@link FixCategory categories}
 *       apply and why, given the question, both SQLs, the comparison's reason and the part of the configuration the
 *       SQL touches;</li>
 *   <li>per category, one call ({@code categories/<wire name>}) over the failures assigned to it, split into batches
 *       that fit the prompt token budget, returns typed {@link io.github.genieenhancer.core.fix.Fix fixes}.</li>
 * </ol>
 * Every answer is structured output (JSON schema from the answer records, re-asked by the client when invalid). A
 * call that still fails is reported in {@link Proposals#failedCalls()}, never thrown, so one bad answer costs only
 * its own fixes. Proposals are not validated here: pass them to a {@link FixValidator}.
 *
 * <pre>{@code
 * CategoryEnhancer enhancer = CategoryEnhancer.builder(llm).build();
 * Proposals proposals = enhancer.propose(spaceId, space, report.failures());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class CategoryEnhancer implements FixProposer {
    static final String ANALYSIS_TEMPLATE = "analyze_failure";
    static final String ANALYSIS_INPUT_TEMPLATE = "analyze_failure_input";
    static final String FIXES_INPUT_TEMPLATE = "propose_fixes_input";

    private final LlmClient llm;
    private final PromptRepository prompts;
    private final int promptTokenBudget;
    private final int concurrency;
    private final Set<FixCategory> categories;

    private CategoryEnhancer(Builder b) {
        this.llm = b.llm;
        this.prompts = b.prompts;
        this.promptTokenBudget = b.promptTokenBudget;
        this.concurrency = b.concurrency;
        this.categories = Set.copyOf(b.categories);
    }

    /**
     * Starts a builder.
     *
     * @param llm the model that analyses failures and proposes fixes
     */
    public static Builder builder(LlmClient llm) {
        return new Builder(Objects.requireNonNull(llm, "llm"));
    }

    /** The templates of this module's jar: {@code prompts/*.mustache} next to this class. */
    public static PromptRepository bundledPrompts() {
        return PromptRepository.classpath(CategoryEnhancer.class.getClassLoader(), "prompts/");
    }

    /**
     * Analyses the failures and proposes fixes for them.
     *
     * @param spaceId  the space the failures come from (named in the prompts)
     * @param space    its current configuration
     * @param failures the failed questions (e.g. {@code ScoreReport.failures()})
     * @return the diagnoses, the proposals and the calls that failed
     * @throws ConfigurationException when a prompt template is missing or broken
     */
    @Override
    public Proposals propose(String spaceId, SpaceConfig space, List<QuestionResult> failures) {
        Objects.requireNonNull(spaceId, "spaceId");
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(failures, "failures");
        if (failures.isEmpty()) {
            return new Proposals(List.of(), List.of(), List.of(), List.of());
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, failures.size()), runnable -> {
            Thread t = new Thread(runnable, "genie-enhancer-llm");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Outcome<Diagnosis>> analysed = runAll(pool, failures.stream()
                    .map(f -> (Supplier<Outcome<Diagnosis>>) () -> analyse(spaceId, space, f)).toList());
            List<Diagnosis> diagnoses = analysed.stream().map(Outcome::value).toList();
            List<FailedCall> failed = new ArrayList<>(analysed.stream().flatMap(o -> o.failed().stream()).toList());

            List<Supplier<Outcome<List<Proposal>>>> calls = new ArrayList<>();
            assign(failures, diagnoses).forEach((category, assigned) -> {
                List<List<FailureView>> batches = batches(category, spaceId, space, assigned);
                for (int i = 0; i < batches.size(); i++) {
                    String purpose = "categories/" + category.wireName()
                            + (batches.size() > 1 ? " batch " + (i + 1) + " of " + batches.size() : "");
                    List<FailureView> batch = batches.get(i);
                    calls.add(() -> proposeFor(category, purpose, spaceId, space, batch));
                }
            });
            List<PlannedFix> fixes = new ArrayList<>();
            List<RejectedFix> rejected = new ArrayList<>();
            for (Outcome<List<Proposal>> outcome : runAll(pool, calls)) {
                failed.addAll(outcome.failed());
                for (Proposal p : outcome.value()) {
                    PlannedFix planned = new PlannedFix("f" + (fixes.size() + rejected.size() + 1), p.fix(),
                            p.rationale(), p.benchmarkIds());
                    if (p.fix().category() == p.asked()) {
                        fixes.add(planned);
                    } else {
                        rejected.add(new RejectedFix(planned, "proposed by the " + p.asked().wireName()
                                + " call but is a " + p.fix().category().wireName()
                                + " change; each call may only propose its own category"));
                    }
                }
            }
            return new Proposals(diagnoses, fixes, rejected, failed);
        } finally {
            pool.shutdownNow();
        }
    }

    private Outcome<Diagnosis> analyse(String spaceId, SpaceConfig space, QuestionResult failure) {
        FailureView view = FailureView.of(failure, Optional.empty());
        String system = prompts.render(ANALYSIS_TEMPLATE, Map.of());
        String user = prompts.render(ANALYSIS_INPUT_TEMPLATE, Map.of(
                "spaceId", spaceId,
                "failure", view,
                "context", SpaceContext.of(space, sqlOf(List.of(view)))));
        String purpose = ANALYSIS_TEMPLATE + " " + failure.benchmarkId();
        try {
            FailureAnalysis answer = llm.chat().system(system).user(user).purpose(ANALYSIS_TEMPLATE)
                    .call(FailureAnalysis.class).value();
            List<FailureAnalysis.QuestionAnalysis> matching = answer.analyses().stream()
                    .filter(a -> Texts.key(a.question()).equals(Texts.key(failure.question()))).toList();
            // A model may echo the question loosely; with no exact match every entry is taken as about it.
            List<FailureAnalysis.QuestionAnalysis> about = matching.isEmpty() ? answer.analyses() : matching;
            Set<FixCategory> found = EnumSet.noneOf(FixCategory.class);
            about.forEach(a -> found.addAll(a.categories()));
            found.retainAll(categories);
            String rationale = String.join(" ", about.stream().map(a -> a.rationale().strip())
                    .filter(s -> !s.isEmpty()).distinct().toList());
            return Outcome.of(new Diagnosis(failure.benchmarkId(), failure.question(), found, rationale));
        } catch (ConfigurationException e) {
            throw e;
        } catch (GenieEnhancerException e) {
            return new Outcome<>(new Diagnosis(failure.benchmarkId(), failure.question(), Set.of(), ""),
                    List.of(new FailedCall(purpose, e.getMessage())));
        }
    }

    /** The failures assigned to each category, categories in enum order, failures in report order. */
    private static Map<FixCategory, List<FailureView>> assign(List<QuestionResult> failures,
                                                             List<Diagnosis> diagnoses) {
        Map<FixCategory, List<FailureView>> assigned = new EnumMap<>(FixCategory.class);
        for (int i = 0; i < failures.size(); i++) {
            Diagnosis d = diagnoses.get(i);
            FailureView view = FailureView.of(failures.get(i), Optional.of(d.rationale()));
            for (FixCategory c : FixCategory.values()) {
                if (d.categories().contains(c)) {
                    assigned.computeIfAbsent(c, k -> new ArrayList<>()).add(view);
                }
            }
        }
        return assigned;
    }

    /**
     * Splits a category's failures so each call fits the budget. Each failure is charged its own text plus the
     * configuration its SQL touches, an over-estimate since failures of one batch share that context.
     */
    private List<List<FailureView>> batches(FixCategory category, String spaceId, SpaceConfig space,
                                            List<FailureView> failures) {
        String fixed = prompts.render(templateOf(category), Map.of()) + prompts.render(FIXES_INPUT_TEMPLATE,
                fixesVariables(spaceId, List.of(), new SpaceContext(false, List.of(), List.of(), List.of(), List.of(),
                        Optional.empty())));
        TokenBudget budget = TokenBudget.of(promptTokenBudget).reserve(fixed);
        if (budget.remaining() <= 0) {
            throw new ConfigurationException("The prompt token budget of " + promptTokenBudget + " is smaller than"
                    + " the fixed text of the " + category.wireName() + " prompt");
        }
        return budget.split(failures, f -> prompts.render(FIXES_INPUT_TEMPLATE,
                fixesVariables(spaceId, List.of(f), SpaceContext.of(space, sqlOf(List.of(f))))));
    }

    private Outcome<List<Proposal>> proposeFor(FixCategory category, String purpose, String spaceId,
                                               SpaceConfig space, List<FailureView> batch) {
        String system = prompts.render(templateOf(category), Map.of());
        String user = prompts.render(FIXES_INPUT_TEMPLATE,
                fixesVariables(spaceId, batch, SpaceContext.of(space, sqlOf(batch))));
        try {
            FixProposals answer = llm.chat().system(system).user(user).purpose(templateOf(category))
                    .call(FixProposals.class).value();
            List<Proposal> proposals = answer.fixes().stream()
                    .map(p -> new Proposal(category, p.fix(), p.rationale().strip(), benchmarkIds(p, batch)))
                    .toList();
            return Outcome.of(proposals);
        } catch (ConfigurationException e) {
            throw e;
        } catch (GenieEnhancerException e) {
            return new Outcome<>(List.of(), List.of(new FailedCall(purpose, e.getMessage())));
        }
    }

    /** The batch's benchmarks the proposal names by question; all of the batch when it names none of them. */
    private static List<String> benchmarkIds(FixProposals.FixProposal proposal, List<FailureView> batch) {
        Set<String> questions = new LinkedHashSet<>(proposal.questions().stream().map(Texts::key).toList());
        List<String> named = batch.stream().filter(f -> questions.contains(Texts.key(f.question())))
                .map(FailureView::benchmarkId).toList();
        return named.isEmpty() ? batch.stream().map(FailureView::benchmarkId).toList() : named;
    }

    private static Map<String, Object> fixesVariables(String spaceId, List<FailureView> failures,
                                                      SpaceContext context) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("spaceId", spaceId);
        variables.put("failures", failures);
        variables.put("failureCount", failures.size());
        variables.put("context", context);
        return variables;
    }

    static String templateOf(FixCategory category) {
        return "categories/" + category.wireName();
    }

    private static List<String> sqlOf(List<FailureView> views) {
        return views.stream().flatMap(r -> Stream.concat(Stream.of(r.expectedSql()), r.genieSql().stream()))
                .toList();
    }

    private static <T> List<T> runAll(ExecutorService pool, List<Supplier<T>> tasks) {
        List<CompletableFuture<T>> futures = tasks.stream().map(t -> CompletableFuture.supplyAsync(t, pool)).toList();
        try {
            return futures.stream().map(CompletableFuture::join).toList();
        } catch (CompletionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** A call's value and the failed calls it produced. */
    private record Outcome<T>(T value, List<FailedCall> failed) {
        static <T> Outcome<T> of(T value) {
            return new Outcome<>(value, List.of());
        }
    }

    /** A proposal read from an answer, with the category its call asked for. */
    private record Proposal(FixCategory asked, io.github.genieenhancer.core.fix.Fix fix, String rationale,
                            List<String> benchmarkIds) {
    }

    /** A prompt token budget, checked: the session's and this builder's option. */
    static int requirePromptTokenBudget(int tokens) {
        if (tokens < 1_000) {
            throw new ConfigurationException("promptTokenBudget must be at least 1000 tokens, got " + tokens);
        }
        return tokens;
    }

    /** A copy of a non-empty set of categories: the session's and this builder's option. */
    static Set<FixCategory> requireCategories(Set<FixCategory> categories) {
        if (Objects.requireNonNull(categories, "categories").isEmpty()) {
            throw new ConfigurationException("categories must name at least one fix category");
        }
        return EnumSet.copyOf(categories);
    }

    /** Options of a {@link CategoryEnhancer}; every one has a default. */
    public static final class Builder {
        private final LlmClient llm;
        private PromptRepository prompts = PromptRepository.defaultRepository().orElse(bundledPrompts());
        private int promptTokenBudget = 24_000;
        private int concurrency = 4;
        private Set<FixCategory> categories = EnumSet.allOf(FixCategory.class);

        private Builder(LlmClient llm) {
            this.llm = llm;
        }

        /**
         * Where the templates come from (default: {@link PromptRepository#defaultRepository()}, then this jar's
         * {@code prompts/}). Templates the repository lacks fall back to this jar's, so overriding one template is
         * enough.
         */
        public Builder prompts(PromptRepository prompts) {
            this.prompts = Objects.requireNonNull(prompts, "prompts").orElse(bundledPrompts());
            return this;
        }

        /**
         * The most prompt tokens one fix-proposal call may use (default 24,000); a category with more failures is
         * split into several calls. Choose it below the model's context window, leaving room for the answer.
         */
        public Builder promptTokenBudget(int tokens) {
            this.promptTokenBudget = requirePromptTokenBudget(tokens);
            return this;
        }

        /** How many LLM calls run at once (default 4); the client's own rate limit still applies. */
        public Builder concurrency(int concurrency) {
            if (concurrency < 1) {
                throw new ConfigurationException("concurrency must be at least 1, got " + concurrency);
            }
            this.concurrency = concurrency;
            return this;
        }

        /**
         * The categories fixes may be proposed in (default: all nine). Analyses naming other categories are
         * narrowed to these.
         */
        public Builder categories(Set<FixCategory> categories) {
            this.categories = requireCategories(categories);
            return this;
        }

        /** Builds the enhancer. */
        public CategoryEnhancer build() {
            return new CategoryEnhancer(this);
        }
    }
}
