package io.watchbox.it.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium for the browser tests: Debian's {@code chromium} driven by its
 * {@code chromedriver}, both named by path so that Selenium never looks for (or downloads) a
 * browser or a driver of its own. Where either is missing the calling test is skipped, with the
 * reason on standard output and in the test report. One per test class, which registers it:
 * {@code @RegisterExtension static final Browser browser = new Browser();} starts it before the
 * class's tests and closes it after them.
 */
public final class Browser implements BeforeAllCallback, AfterAllCallback {

    public static final Path CHROMIUM = Path.of(System.getProperty("watchbox.it.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("watchbox.it.chromedriver", "/usr/bin/chromedriver"));

    private static final Path SCREENSHOTS = Path.of(System.getProperty("watchbox.it.screenshots", "target/screenshots"));
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);

    private ChromeDriver driver;

    /** Starts a headless Chromium, or skips the test class when it is not installed. */
    @Override
    public void beforeAll(ExtensionContext context) {
        for (Path program : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(program)) {
                String reason = "browser tests skipped: " + program + " is missing (Debian packages chromium and "
                        + "chromium-driver; .ci/run installs them)";
                System.out.println("[WARNING] " + reason);
                Assumptions.abort(reason);
            }
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File(System.getProperty("java.io.tmpdir"), "watchbox-chromedriver.log"))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // As root in a container, with no network but loopback: no sandbox, nothing in the background.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--window-size=1200,900",
                // Tabs in the background keep their timers and sockets, as the tests switch between them.
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows");
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(SCRIPT_TIMEOUT);
        driver.manage().timeouts().pageLoadTimeout(SCRIPT_TIMEOUT);
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens the page in the current tab. */
    public void open(String url) {
        driver.get(url);
    }

    /** Opens the page in a new tab, which becomes the current one; returns its handle. */
    public String openInNewTab(String url) {
        driver.switchTo().newWindow(WindowType.TAB);
        driver.get(url);
        return driver.getWindowHandle();
    }

    /** Makes the tab with this handle the current one. */
    public void switchTo(String handle) {
        driver.switchTo().window(handle);
    }

    public Set<String> tabs() {
        return driver.getWindowHandles();
    }

    /** Runs a script in the current tab and returns its value (see {@link JavascriptExecutor}). */
    public Object script(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /**
     * Runs an async script in the current tab: it ends by calling {@code arguments[arguments.length - 1]}
     * with its result.
     */
    public Object asyncScript(String script, Object... args) {
        return driver.executeAsyncScript(script, args);
    }

    /** Saves a PNG of the current tab as target/screenshots/NAME.png, a build artifact. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new AssertionError("cannot save the screenshot " + name, e);
        }
    }

    /** A screenshot named for the test, its class and the server it ran against (class-method-server). */
    public Path screenshot(TestInfo test) {
        return screenshot(test.getTestClass().orElseThrow().getSimpleName() + "-"
                + test.getTestMethod().orElseThrow().getName() + "-"
                + System.getProperty("watchbox.it.server.kind", "server"));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }
}
