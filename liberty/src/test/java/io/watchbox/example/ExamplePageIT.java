package io.watchbox.example;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.it.browser.Browser;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The bundled example's page, http://HOST:PORT/, in two tabs of a real Chromium against the example
 * application on its own Liberty server (started by the build on a free port): each join is
 * announced in both, and what one tab sends the other shows.
 */
class ExamplePageIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final Browser browser = new Browser();

    @Test
    void twoTabsSeeEachJoinAndEachOthersMessages() {
        String url = System.getProperty("example.it.url") + "/";
        browser.open(url);
        String ann = browser.driver().getWindowHandle();
        join("ann");
        String bob = browser.openInNewTab(url);
        join("bob");

        browser.switchTo(ann);
        await().atMost(WAIT).until(() -> texts().stream().filter("person joined"::equals).count() == 2);
        send("hello from ann");
        browser.switchTo(bob);
        await().atMost(WAIT).until(() -> texts().contains("ann: hello from ann"));
        send("hi ann");
        await().atMost(WAIT).until(() -> texts().contains("bob: hi ann"));
        assertEquals(List.of("person joined", "ann: hello from ann", "bob: hi ann"), texts(),
                "bob sees his own join, ann's message and his own, in order");
        browser.screenshot("ExamplePageIT-bob");

        browser.switchTo(ann);
        await().atMost(WAIT).until(() -> texts().contains("bob: hi ann"));
        assertEquals(List.of("person joined", "person joined", "ann: hello from ann", "bob: hi ann"), texts());
        assertTrue(browser.driver().findElement(By.id("status")).getText().startsWith("connected as ann"));
        browser.screenshot("ExamplePageIT-ann");
    }

    private static void join(String name) {
        await().atMost(WAIT).until(() -> browser.driver().findElement(By.id("name")).isDisplayed());
        browser.driver().findElement(By.id("name")).sendKeys(name);
        browser.driver().findElement(By.id("join")).click();
        await().atMost(WAIT).until(() -> browser.driver().findElement(By.id("text")).isDisplayed()
                && !browser.driver().findElement(By.id("join-form")).isDisplayed());
    }

    private static void send(String text) {
        browser.driver().findElement(By.id("text")).sendKeys(text);
        browser.driver().findElement(By.id("send")).click();
    }

    private static List<String> texts() {
        return browser.driver().findElements(By.cssSelector("#messages li")).stream().map(WebElement::getText).toList();
    }
}
