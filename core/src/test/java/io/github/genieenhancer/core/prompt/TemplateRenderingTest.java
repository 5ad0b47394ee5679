package io.github.genieenhancer.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.ConfigurationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TemplateRenderingTest {

    /** A column as a caller would pass it: a record, read through its accessors. */
    public record Column(String name, List<String> synonyms, Optional<String> description) {
    }

    /** Not public: JMustache still reads its accessor. */
    private record Owner(String team) {
    }

    private static String render(String template, Map<String, ?> variables) {
        return PromptRepository.of(Map.of("t", template)).render("t", variables);
    }

    @Test
    void rendersVariablesWithoutHtmlEscaping() {
        assertThat(render("SELECT * FROM {{table}} WHERE a < {{n}} AND b <> '{{s}}'",
                Map.of("table", "main.sales.orders", "n", 5, "s", "O'Brien & <Co>")))
                .isEqualTo("SELECT * FROM main.sales.orders WHERE a < 5 AND b <> 'O'Brien & <Co>'");
    }

    @Test
    void sectionsIterateListsOfMapsAndRecordsAndTagsReadNestedValues() {
        String template = """
                {{#tables}}
                Table {{name}}:
                {{#columns}}
                - {{name}}{{#synonyms}} ({{.}}){{/synonyms}}{{#description}}: {{.}}{{/description}}
                {{/columns}}
                {{/tables}}
                Owner: {{owner.team}}
                """;
        Map<String, Object> variables = Map.of(
                "tables", List.of(Map.of("name", "orders", "columns", List.of(
                        new Column("amount", List.of("revenue", "sales"), Optional.of("net, in EUR")),
                        new Column("id", List.of(), Optional.empty())))),
                "owner", new Owner("finance"));

        assertThat(render(template, variables)).isEqualTo("""
                Table orders:
                - amount (revenue) (sales): net, in EUR
                - id
                Owner: finance
                """);
    }

    @Test
    void optionalsAndEmptyTextActAsAbsentInSections() {
        String template = "{{#hint}}Hint: {{.}}{{/hint}}{{^hint}}No hint{{/hint}}|{{#notes}}Notes: {{notes}}{{/notes}}|{{hint}}";

        assertThat(render(template, Map.of("hint", Optional.empty(), "notes", ""))).isEqualTo("No hint||");
        assertThat(render(template, Map.of("hint", Optional.of("use net revenue"), "notes", "none")))
                .isEqualTo("Hint: use net revenue|Notes: none|use net revenue");
    }

    @Test
    void aMissingVariableNamesTheVariableTheTemplateAndTheLine() {
        PromptRepository prompts = PromptRepository.of(Map.of("analyze", "Question: {{question}}\n\nSQL: {{sql}}\n"));

        assertThatThrownBy(() -> prompts.render("analyze", Map.of("question", "Top customers?", "verdict", "X")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Prompt template 'analyze' needs variable 'sql' at line 3, but it is missing or null; "
                        + "variables given: [question, verdict]");
    }

    @Test
    void aNullVariableIsReportedLikeAMissingOne() {
        Map<String, Object> variables = new HashMap<>();
        variables.put("sql", null);

        assertThatThrownBy(() -> render("SQL: {{sql}}", variables))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("needs variable 'sql' at line 1, but it is missing or null");
    }

    @Test
    void aMissingVariableInsideASectionAndAMisspeltSectionAreErrors() {
        Map<String, Object> variables = Map.of("columns", List.of(new Column("id", List.of(), Optional.empty())));

        assertThatThrownBy(() -> render("{{#columns}}\n{{nmae}}\n{{/columns}}", variables))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("needs variable 'nmae' at line 2");
        assertThatThrownBy(() -> render("{{#colums}}x{{/colums}}", variables))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("needs variable 'colums' at line 1");
    }

    @Test
    void invalidMustacheNamesTheTemplateAndTheLine() {
        PromptRepository prompts = PromptRepository.of(Map.of("broken", "line 1\n{{#items}}\nline 3\n"));

        assertThatThrownBy(() -> prompts.render("broken", Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Prompt template 'broken' (in-memory templates) is not valid Mustache")
                .hasMessageContaining("'items'")
                .hasMessageContaining("line 2");
    }

    @Test
    void aMissingTemplateNamesItWhereItWasLookedForAndTheKnownOnes() {
        PromptRepository prompts = PromptRepository.of(Map.of("b", "", "a", ""));

        assertThatThrownBy(() -> prompts.render("analyse_failure", Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("No prompt template 'analyse_failure': looked for in-memory templates; "
                        + "known templates: [a, b]");
    }

    @Test
    void includedTemplatesComeFromTheSameRepository() {
        PromptRepository prompts = PromptRepository.of(Map.of(
                "main", "{{> parts/head}}\nBody {{x}}",
                "parts/head", "Head {{title}}",
                "tree", "{{name}}({{#children}}{{> tree}}{{/children}})"));

        assertThat(prompts.render("main", Map.of("title", "T", "x", 1))).isEqualTo("Head T\nBody 1");
        assertThat(prompts.render("tree", Map.of("name", "root", "children", List.of(
                Map.of("name", "a", "children", List.of()),
                Map.of("name", "b", "children", List.of(Map.of("name", "c", "children", List.of())))))))
                .isEqualTo("root(a()b(c()))");
        assertThatThrownBy(() -> prompts.render("main", Map.of("x", 1)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("needs variable 'title' at line 1 (the line may be in an included template: "
                        + "[parts/head])");
    }

    @Test
    void aMissingOrBrokenIncludedTemplateIsNamed() {
        PromptRepository prompts = PromptRepository.of(Map.of(
                "a", "{{> nowhere}}",
                "b", "{{> bad}}",
                "bad", "{{/unopened}}"));

        assertThatThrownBy(() -> prompts.render("a", Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Prompt template 'a' includes a template that cannot be used")
                .hasMessageContaining("No prompt template 'nowhere'");
        assertThatThrownBy(() -> prompts.render("b", Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Prompt template 'b' includes a template that cannot be used")
                .hasMessageContaining("Prompt template 'bad' (in-memory templates) is not valid Mustache");
    }

    @Test
    void invalidNamesAreRefused() {
        for (String name : List.of("../secrets", "a/../../b", "/etc/passwd", "a\\b", "c:x", "", "x.mustache", "a//b")) {
            assertThatThrownBy(() -> PromptRepository.of(Map.of()).template(name))
                    .as(name)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("Invalid prompt template name");
        }
        assertThatThrownBy(() -> PromptRepository.of(Map.of("../x", "")))
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void aCustomRepositoryNeedsOnlyTemplatesAndNames() {
        PromptRepository custom = new PromptRepository() {
            @Override
            public Optional<String> template(String name) {
                return name.equals("hello") ? Optional.of("Hello {{who}}") : Optional.empty();
            }

            @Override
            public Set<String> names() {
                return Set.of("hello");
            }

            @Override
            public String toString() {
                return "my database";
            }
        };

        assertThat(custom.render("hello", Map.of("who", "Genie"))).isEqualTo("Hello Genie");
        assertThatThrownBy(() -> custom.render("bye", Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("No prompt template 'bye': looked for my database; known templates: [hello]");
    }

    @Test
    void embeddedRepositoriesCompileEachTemplateOnce() {
        AtomicInteger reads = new AtomicInteger();
        PromptRepository counting = new PromptRepository() {
            @Override
            public Optional<String> template(String name) {
                reads.incrementAndGet();
                return Optional.of("n={{n}}");
            }

            @Override
            public Set<String> names() {
                return Set.of();
            }
        };
        PromptRepository cached = PromptRepository.of(Map.of()).orElse(counting);

        for (int i = 0; i < 50; i++) {
            assertThat(cached.render("t", Map.of("n", i))).isEqualTo("n=" + i);
        }
        assertThat(reads).hasValue(1);
    }

    @Test
    void rendersConcurrentlyWithCorrectResults() throws Exception {
        PromptRepository prompts = PromptRepository.of(Map.of(
                "one", "{{> shared}} one {{n}}{{#items}} {{.}}{{/items}}",
                "two", "{{> shared}} two {{n}}",
                "shared", "[{{who}}]"));
        int threads = 16;
        int perThread = 500;
        CountDownLatch start = new CountDownLatch(1);
        Set<String> wrong = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<Void> worker = () -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        String who = "t" + thread;
                        String name = i % 2 == 0 ? "one" : "two";
                        String got = prompts.render(name, Map.of("who", who, "n", i, "items", List.of(i, thread)));
                        String expected = name.equals("one") ? "[" + who + "] one " + i + " " + i + " " + thread
                                : "[" + who + "] two " + i;
                        if (!got.equals(expected)) {
                            wrong.add(got + " != " + expected);
                        }
                    }
                    return null;
                };
                futures.add(pool.submit(worker));
            }
            start.countDown();
            for (Future<Void> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }

        assertThat(wrong).isEmpty();
    }
}
