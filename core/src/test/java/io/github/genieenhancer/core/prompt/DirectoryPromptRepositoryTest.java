package io.github.genieenhancer.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.genieenhancer.core.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryPromptRepositoryTest {
    private static final Map<String, Object> FAILURE = Map.of(
            "spaceTitle", "Sales", "question", "Revenue?", "expectedSql", "SELECT 1", "genieSql", "SELECT 2");

    @TempDir
    Path dir;

    private Path write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void rendersAndListsTemplateFilesIncludingSubdirectories() throws IOException {
        write("plan.mustache", "Plan for {{space}}");
        write("categories/metadata_add.mustache", "Metadata {{n}}");
        write("notes.txt", "not a template");
        PromptRepository prompts = PromptRepository.directory(dir);

        assertThat(prompts.names()).containsExactly("categories/metadata_add", "plan");
        assertThat(prompts.render("plan", Map.of("space", "Sales"))).isEqualTo("Plan for Sales");
        assertThat(prompts.render("categories/metadata_add", Map.of("n", 3))).isEqualTo("Metadata 3");
        assertThat(prompts.template("notes")).isEmpty();
    }

    @Test
    void theDirectoryOverridesTheClassPathTemplateByTemplate() throws IOException {
        write("greeting.mustache", "Custom hello {{name}}");
        write("shared/preamble.mustache", "Custom preamble for {{spaceTitle}}.");
        PromptRepository prompts = PromptRepository.directory(dir).orElse(PromptRepository.classpath());

        assertThat(prompts.render("greeting", Map.of("name", "Ada"))).isEqualTo("Custom hello Ada");
        // analyze_failure itself comes from the class path; the template it includes comes from the directory.
        assertThat(prompts.render("analyze_failure", FAILURE)).isEqualTo("""
                Custom preamble for Sales.
                Question: Revenue?
                Expected SQL:
                SELECT 1
                Genie's SQL:
                SELECT 2
                """);
        assertThat(prompts.names()).containsExactly("analyze_failure", "greeting", "shared/preamble");
    }

    @Test
    void aMapCanOverrideToo() {
        PromptRepository prompts = PromptRepository.of(Map.of("greeting", "Yo {{name}}"))
                .orElse(PromptRepository.classpath());

        assertThat(prompts.render("greeting", Map.of("name", "Ada"))).isEqualTo("Yo Ada");
        assertThat(prompts.template("analyze_failure")).isPresent();
    }

    @Test
    void aMissingTemplateNamesEveryPlaceLookedIn() {
        PromptRepository prompts = PromptRepository.directory(dir).orElse(PromptRepository.classpath());

        assertThatThrownBy(() -> prompts.render("summary", Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("No prompt template 'summary': looked for file " + dir.toAbsolutePath().resolve(
                        "summary.mustache") + ", then class path resource prompts/summary.mustache; known templates: "
                        + "[analyze_failure, greeting, shared/preamble]");
    }

    @Test
    void aMissingDirectoryIsAConfigurationError() {
        Path missing = dir.resolve("nope");

        assertThatThrownBy(() -> PromptRepository.directory(missing))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Prompt directory " + missing.toAbsolutePath() + " does not exist or is not a directory");
    }

    @Test
    void namesCannotEscapeTheDirectory() throws IOException {
        Path inside = Files.createDirectories(dir.resolve("inside"));
        write("secret.mustache", "outside");
        PromptRepository prompts = PromptRepository.directory(inside);

        assertThatThrownBy(() -> prompts.template("../secret"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Invalid prompt template name '../secret'");
        assertThatThrownBy(() -> prompts.render("../secret", Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Invalid prompt template name '../secret'");
    }

    @Test
    void invalidUtf8IsReportedWithTheFile() throws IOException {
        Path file = Files.write(dir.resolve("latin1.mustache"), new byte[] {'c', 'a', 'f', (byte) 0xE9});

        assertThatThrownBy(() -> PromptRepository.directory(dir).render("latin1", Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Prompt template file " + file.toAbsolutePath() + " is not valid UTF-8");
    }

    @Test
    void renderingCompilesOnceSoLaterEditsNeedANewRepository() throws IOException {
        Path file = write("t.mustache", "v1 {{x}}");
        PromptRepository prompts = PromptRepository.directory(dir);
        assertThat(prompts.render("t", Map.of("x", 1))).isEqualTo("v1 1");

        Files.writeString(file, "v2 {{x}}");

        assertThat(prompts.render("t", Map.of("x", 1))).isEqualTo("v1 1");
        assertThat(prompts.template("t")).contains("v2 {{x}}");
        assertThat(PromptRepository.directory(dir).render("t", Map.of("x", 1))).isEqualTo("v2 1");
    }
}
