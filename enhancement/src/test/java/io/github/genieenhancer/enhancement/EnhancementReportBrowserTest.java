package io.github.genieenhancer.enhancement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.genieenhancer.core.benchmark.Benchmark;
import io.github.genieenhancer.core.benchmark.BenchmarkSet;
import io.github.genieenhancer.core.progress.ProgressListener;
import io.github.genieenhancer.core.state.StateStore;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The enhancement report of a real session (the local workspace, its Genie and warehouse, the scripted LLM) opened
 * in headless Chromium: what a reviewer sees on screen, that the page is no wider than a 1280-pixel window (wide
 * tables scroll inside their own box, one holding a word wider than the window), that a question holding markup is
 * shown as text, and a screenshot under
 * {@code target/}. Skipped when Debian's chromium and chromedriver are not installed.
 */
class EnhancementReportBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String SCRIPT_QUESTION = "<script>document.title='pwned'</script>How many customers are "
            + "there?";
    /** A question naming a long identifier: one word wider than the window, so its table must scroll in its box. */
    private static final String WIDE_QUESTION = "How many rows has retail.sales."
            + "customer_lifetime_value_by_segment_region_channel_and_loyalty_tier_".repeat(4) + "v2?";
    private static final int WIDTH = 1280;

    @Test
    void theReportOfARealSessionReadsRightInABrowser() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "needs Debian's chromium and "
                + "chromedriver at " + CHROMIUM + " and " + CHROMEDRIVER + ": apt-get install chromium "
                + "chromium-driver (.ci/run installs them)");
        Path dir = Path.of("target", "enhancement-report-browser").toAbsolutePath();
        SessionHistory history = realSession();
        EnhancementReport.builder(history).minAccuracy(0.5).build().writeTo(dir);

        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=" + WIDTH + ",1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            browser.get(dir.resolve(EnhancementReport.HTML_FILE).toUri().toString());

            assertThat(browser.findElement(By.tagName("h1")).getText())
                    .isEqualTo("Enhancement of space " + history.spaceId());
            assertThat(browser.findElements(By.tagName("h2"))).extracting(WebElement::getText).contains("Gate",
                    "Accuracy per iteration", "Questions", "Failures by reason code",
                    "Failures by benchmark category and difficulty", "Failures by fix category", "Fixes proposed",
                    "Configuration changes kept", "LLM calls, tokens and time per stage");
            WebElement chart = browser.findElement(By.cssSelector("svg[aria-label='Accuracy per iteration']"));
            assertThat(chart.isDisplayed()).isTrue();
            assertThat(chart.getSize().getWidth()).isGreaterThan(400);
            assertThat(chart.findElements(By.tagName("circle"))).hasSizeGreaterThanOrEqualTo(2);
            assertThat(browser.findElements(By.xpath("//tr[td/span[normalize-space()='fixed']]"))).isNotEmpty();
            WebElement added = browser.findElement(By.cssSelector(".diff-line.added"));
            assertThat(added.getText()).startsWith("+ ");
            assertThat(browser.findElements(By.cssSelector(".diff-head"))).extracting(WebElement::getText)
                    .anyMatch(s -> s.startsWith("instructions."));

            assertThat(browser.findElements(By.xpath("//td[contains(., \"<script>document.title='pwned'\")]")))
                    .isNotEmpty();
            assertThat(browser.findElements(By.tagName("script"))).isEmpty();
            assertThat(browser.getTitle()).isEqualTo("Enhancement of space " + history.spaceId());

            JavascriptExecutor js = browser;
            long innerWidth = (Long) js.executeScript("return window.innerWidth");
            assertThat(innerWidth).isLessThanOrEqualTo(WIDTH);
            assertThat((Long) js.executeScript("return document.documentElement.scrollWidth"))
                    .as("the page scrolls sideways: a wide table is not inside its own box")
                    .isLessThanOrEqualTo(innerWidth);
            assertThat((Long) js.executeScript("return Math.max(...Array.from(document.querySelectorAll('.scroll'))"
                    + ".map(e => e.scrollWidth - e.clientWidth))")).as("the questions table, wider than the "
                    + "window, scrolls in its box").isGreaterThan(WIDTH / 2);

            long height = (Long) js.executeScript("return document.documentElement.scrollHeight");
            browser.manage().window().setSize(new Dimension(WIDTH, (int) Math.min(height + 140, 12_000)));
            File shot = browser.getScreenshotAs(OutputType.FILE);
            Path png = Path.of("target", "enhancement-report.png");
            Files.copy(shot.toPath(), png, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertThat(Files.size(png)).isGreaterThan(10_000);
        } finally {
            browser.quit();
        }
    }

    /** A CLONE session on the sample space to the target, with a held-out set and a question holding markup. */
    private static SessionHistory realSession() {
        try (LocalWorkspace workspace = LocalStack.start()) {
            StateStore store = StateStore.inMemory();
            List<Benchmark> benchmarks = new ArrayList<>(LocalStack.quickBenchmarks(workspace).benchmarks());
            benchmarks.add(Benchmark.of("markup", SCRIPT_QUESTION, "SELECT COUNT(*) FROM retail.sales.customers"));
            benchmarks.add(Benchmark.of("wide", WIDE_QUESTION, "SELECT COUNT(*) FROM retail.sales.customers"));
            EnhancementSession session = LocalStack.session(workspace, store, ProgressListener.none())
                    .spaceId(workspace.sampleSpaceId()).benchmarks(BenchmarkSet.of("sample", benchmarks))
                    .llm(LocalStack.scriptedLlm(workspace)).applyMode(ApplyMode.CLONE).heldOutFraction(0.2)
                    .targetAccuracy(0.9).maxIterations(3).build();
            session.run();
            session.close();
            return EnhancementSession.history(store, session.id());
        }
    }
}
