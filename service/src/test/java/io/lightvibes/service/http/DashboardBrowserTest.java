package io.lightvibes.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's chromium through its chromedriver, headless): the
 * charts grow as the link distils blocks, the eavesdropper drill flips the mode to PQC on screen,
 * and the browser's own check of the evidence passes. Skipped when chromium is not installed.
 * With {@code -Dlightvibes.dashboard.screenshot=FILE} it also runs a longer story and saves a PNG.
 */
@ServerTest
class DashboardBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final LiveService LIVE = new LiveService();
    private static Path profile;
    private static ChromeDriver browser;
    private final URI uri;
    private final Http1Client client;

    DashboardBrowserTest(URI uri, Http1Client client) {
        this.uri = uri;
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        LIVE.configure(server);
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)");
        profile = Files.createTempDirectory("lightvibes-chromium");
        var options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1200,1800",
                "--user-data-dir=" + profile);
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        LIVE.close();
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Each test starts from a link without an eavesdropper and out of quarantine. */
    @BeforeEach
    void cleanLink() {
        LIVE.link.adjust(OptionalDouble.of(0.0), OptionalDouble.empty());
        LIVE.link.restore();
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    private int points() {
        return Integer.parseInt(browser.findElement(By.id("qber-chart")).getDomAttribute("data-points"));
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private void signCheckpoint() {
        try (var response = client.post("/lightvibes/evidence/checkpoint").request()) {
            assertThat(response.status().code()).isEqualTo(200);
        }
    }

    @Test
    void theChartsFollowTheBlocksAndTheDrillFlipsTheModeToPqc() {
        LIVE.link.step();
        signCheckpoint();
        browser.get(uri.resolve("/").toString());
        waiting().until(ExpectedConditions.textToBe(By.id("stream"), "live"));
        waiting().until(driver -> points() >= 1);
        assertThat(browser.findElements(By.cssSelector("#qber-chart canvas"))).isNotEmpty();

        int before = points();
        LIVE.link.step();
        LIVE.link.step();
        waiting().until(driver -> points() == before + 2);
        waiting().until(ExpectedConditions.textToBe(By.id("mode"), "QMK"));
        assertThat(text("link-state")).isEqualTo("healthy");
        assertThat(text("driver")).isEqualTo("java");
        assertThat(text("pool")).isNotEqualTo("0 bit");

        assertThat(browser.findElement(By.id("drill")).isDisplayed()).isTrue();
        browser.findElement(By.id("eve-fraction")).clear();
        browser.findElement(By.id("eve-fraction")).sendKeys("1");
        browser.findElement(By.id("drill-on")).click();
        waiting().until(ExpectedConditions.textMatches(By.id("drill-result"), java.util.regex.Pattern.compile(
                "Eavesdropper fraction now 1")));
        LIVE.link.step();
        waiting().until(ExpectedConditions.textToBe(By.id("mode"), "PQC"));
        assertThat(text("link-state")).isEqualTo("quarantined");
        assertThat(points()).isEqualTo(before + 3);

        browser.findElement(By.id("drill-off")).click();
        waiting().until(ExpectedConditions.textMatches(By.id("drill-result"), java.util.regex.Pattern.compile(
                "fraction now 0")));
    }

    @Test
    void theBrowserVerifiesTheEvidenceAgainstTheServedProofs() {
        signCheckpoint();
        browser.get(uri.resolve("/").toString());
        waiting().until(driver -> !browser.findElements(By.cssSelector("#entries tr")).isEmpty());
        browser.findElement(By.id("evidence-verify")).click();
        waiting().until(ExpectedConditions.textMatches(By.id("verify-result"),
                java.util.regex.Pattern.compile("^(Verified|Verification failed)")));
        assertThat(text("verify-result")).startsWith("Verified: checkpoint of").contains("entries included");
        assertThat(browser.findElements(By.cssSelector("#entries td.inclusion.ok"))).isNotEmpty();

        openSession(); // new entries, so the next checkpoint is a larger tree
        signCheckpoint();
        browser.findElement(By.id("evidence-refresh")).click();
        waiting().until(driver -> !text("checkpoint").isBlank());
        browser.findElement(By.id("evidence-verify")).click();
        waiting().until(ExpectedConditions.textMatches(By.id("verify-result"),
                java.util.regex.Pattern.compile("^(Verified|Verification failed)")));
        assertThat(text("verify-result")).startsWith("Verified").contains("consistent with the checkpoint of");
    }

    /** The page's RFC 9162 checks, run on every entry and every pair of checkpoints the server has. */
    private static final String MERKLE_CHECKS = """
            const done = arguments[arguments.length - 1];
            (async () => {
              const E = LightvibesEvidence, json = async (url) => (await fetch(url)).json();
              const notes = (await json("/lightvibes/evidence/checkpoints?start=0&limit=1000")).checkpoints;
              const checkpoints = notes.map((c) => E.parseCheckpoint(c.note)).filter((c) => c.size > 0);
              const last = checkpoints[checkpoints.length - 1];
              const out = { entries: 0, inclusion: 0, refused: 0, pairs: 0, consistency: 0, failures: [] };
              const page = await json("/lightvibes/evidence/entries?start=0&end=" + last.size);
              for (const e of page.entries) {
                out.entries++;
                const proof = (await json("/lightvibes/evidence/proof/inclusion?index=" + e.index
                  + "&tree_size=" + last.size)).proof.map(E.bytes);
                if (await E.verifyInclusion(e.index, last.size, E.bytes(e.data), proof, last.root)) out.inclusion++;
                else out.failures.push("inclusion " + e.index);
                if (proof.length > 0) {
                  proof[0][0] ^= 1; // one flipped bit must fail
                  if (!(await E.verifyInclusion(e.index, last.size, E.bytes(e.data), proof, last.root))) out.refused++;
                  else out.failures.push("tampered inclusion " + e.index);
                }
              }
              for (const a of checkpoints) for (const b of checkpoints) {
                if (a.size > b.size) continue;
                out.pairs++;
                const proof = (await json("/lightvibes/evidence/proof/consistency?first=" + a.size
                  + "&second=" + b.size)).proof.map(E.bytes);
                if (await E.verifyConsistency(a.size, b.size, a.root, b.root, proof)) out.consistency++;
                else out.failures.push("consistency " + a.size + " to " + b.size);
              }
              out.sizes = checkpoints.map((c) => c.size).join(",");
              return out;
            })().then(done, (e) => done({ error: String(e) }));
            """;

    @Test
    @SuppressWarnings("unchecked")
    void theBrowsersMerkleChecksAgreeWithTheServersProofs() {
        for (int i = 0; i < 6; i++) {
            openSession();
            signCheckpoint();
        }
        browser.get(uri.resolve("/").toString());
        waiting().until(ExpectedConditions.textToBe(By.id("stream"), "live"));
        var out = (java.util.Map<String, Object>) browser.executeAsyncScript(MERKLE_CHECKS);
        assertThat(out).doesNotContainKey("error");
        assertThat((java.util.List<Object>) out.get("failures")).as(String.valueOf(out)).isEmpty();
        assertThat(((Number) out.get("entries")).longValue()).isGreaterThan(10);
        assertThat(out.get("inclusion")).isEqualTo(out.get("entries"));
        assertThat(((Number) out.get("refused")).longValue()).isGreaterThan(10);
        assertThat(((Number) out.get("pairs")).longValue()).isGreaterThan(20);
        assertThat(out.get("consistency")).isEqualTo(out.get("pairs"));
    }

    private void openSession() {
        try (var response = client.post("/lightvibes/session")
                .contentType(io.helidon.common.media.type.MediaTypes.APPLICATION_JSON)
                .submit("{\"peer_id\": \"node-b\"}")) {
            assertThat(response.status().code()).isEqualTo(201);
        }
    }

    @Test
    void aLongerStoryForTheReadmeScreenshot() throws IOException {
        Optional<String> target = Optional.ofNullable(System.getProperty("lightvibes.dashboard.screenshot"));
        assumeTrue(target.isPresent(), "no -Dlightvibes.dashboard.screenshot=FILE given");
        browser.get(uri.resolve("/").toString());
        waiting().until(ExpectedConditions.textToBe(By.id("stream"), "live"));
        for (int block = 0; block < 40; block++) {
            if (block == 24) {
                LIVE.link.adjust(OptionalDouble.of(0.6), OptionalDouble.empty());
            }
            LIVE.link.step();
        }
        signCheckpoint();
        browser.findElement(By.id("evidence-refresh")).click();
        waiting().until(driver -> !browser.findElements(By.cssSelector("#entries tr")).isEmpty());
        browser.findElement(By.id("evidence-verify")).click();
        waiting().until(ExpectedConditions.textMatches(By.id("verify-result"), java.util.regex.Pattern.compile("^Verified")));
        Files.write(Path.of(target.get()), browser.getScreenshotAs(OutputType.BYTES));
    }
}
