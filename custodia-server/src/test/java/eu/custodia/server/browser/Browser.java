package eu.custodia.server.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Headless Chromium driven through chromedriver (WebDriver), both from Debian ({@code /usr/bin/chromium},
 * {@code /usr/bin/chromedriver}); Selenium Manager is never asked for anything, since the driver's path is
 * given. Without them the browser tests are skipped (with {@link #SKIPPED} as the reason), unless
 * {@code CUSTODIA_REQUIRE_BROWSER=true} (as in CI), where they fail. The browser accepts the server's self-signed certificate ({@code acceptInsecureCerts}),
 * runs in one language, and records its console (to assert that no page logs an error) and its network
 * events (to see the headers the pages send).
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** What Chrome logs for an HTTP error answer: an expected refusal of the API, not a page error. */
    private static final Pattern REFUSAL = Pattern.compile(
            "(\\S+) - Failed to load resource: the server responded with a status of (\\d{3}) .*");

    final ChromeDriver driver;
    final String origin;

    /** Why browser tests are skipped here (see {@link #runnable()}). */
    static final String SKIPPED = "browser tests skipped: /usr/bin/chromium and /usr/bin/chromedriver are not installed"
            + " (Debian: apt-get install chromium chromium-driver); CI sets CUSTODIA_REQUIRE_BROWSER=true and"
            + " requires them";

    private static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    private static boolean required() {
        return "true".equals(System.getenv("CUSTODIA_REQUIRE_BROWSER"));
    }

    /**
     * Whether a browser test class should run: Chromium and chromedriver are installed, or they are required
     * (then {@link #requireInstalled()} fails the class). For {@code @EnabledIf}, which reports the skip.
     */
    static boolean runnable() {
        return installed() || required();
    }

    /**
     * Fails the calling test class when Chromium or chromedriver is missing: where they are not required, an
     * {@code @EnabledIf(runnable)} test class is skipped before it gets here.
     */
    static void requireInstalled() {
        if (!installed()) {
            fail("CUSTODIA_REQUIRE_BROWSER=true but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing (Debian: apt-get install chromium chromium-driver)");
        }
    }

    /**
     * Starts a browser for pages at {@code origin} ({@code https://localhost:port}).
     *
     * @param language the browser's language, as in Accept-Language ({@code en-US}, {@code it-IT})
     */
    Browser(String origin, String language) {
        this.origin = origin;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1024,900", "--lang=" + language, "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-default-apps", "--password-store=basic");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language + ","
                + language.substring(0, 2), "credentials_enable_service", false,
                "profile.password_manager_enabled", false));
        options.setAcceptInsecureCerts(true);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        options.setExperimentalOption("perfLoggingPrefs", Map.of("enableNetwork", true, "enablePage", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PATIENCE).scriptTimeout(PATIENCE);
    }

    /** Opens a path of the server ({@code /account/signin.html?lang=en}) and waits until its texts are in place. */
    void open(String path) {
        driver.get(origin + path);
        waitUntil(d -> translated());
    }

    /** Whether the page's script has put its texts in place (it marks the current language's link). */
    private Boolean translated() {
        return (Boolean) script("return document.querySelector('a[data-lang][aria-current=\"true\"]') !== null");
    }

    /** Waits until {@code condition} answers something other than null or false. */
    <T> T waitUntil(ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, PATIENCE, Duration.ofMillis(50)).until(condition);
    }

    WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    /** Waits until the element is shown, and answers it. */
    WebElement shown(String id) {
        // One script per poll (cheaper than WebDriver's isDisplayed): in the layout, and not in a hidden section.
        return waitUntil(d -> (WebElement) script("var e = document.getElementById(arguments[0]);"
                + " return e && !e.closest('[hidden]') && e.getClientRects().length > 0 ? e : null;", id));
    }

    /** Waits until the page's live region says {@code text}, and answers the live region. */
    WebElement says(String text) {
        return waitUntil(d -> (WebElement) script("var e = document.getElementById('message');"
                + " return e.textContent === arguments[0] ? e : null;", text));
    }

    /** Waits until the browser is at the page {@code file} (e.g. {@code index.html}) with its texts in place. */
    void arrivesAt(String file) {
        waitUntil(d -> script("return window.location.pathname.endsWith(arguments[0])"
                + " && document.querySelector('a[data-lang][aria-current=\"true\"]') !== null ? true : null",
                "/" + file));
    }

    void type(String id, String text) {
        WebElement input = byId(id);
        input.clear();
        input.sendKeys(text);
    }

    Object script(String code, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(code, arguments);
    }

    /** The console's errors and the API's refusals (as {@code "<status> <path>"}) since the last call. */
    record Console(List<String> errors, List<String> refusals) {
    }

    /** Drains the console. */
    Console console() {
        List<String> errors = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() < Level.SEVERE.intValue()) {
                continue;
            }
            var m = REFUSAL.matcher(entry.getMessage());
            if (m.matches() && m.group(1).startsWith(origin + "/api/")) {
                refusals.add(m.group(2) + " " + m.group(1).substring(origin.length()));
            } else {
                errors.add(entry.getMessage());
            }
        }
        return new Console(errors, refusals);
    }

    /**
     * Drains the console and asserts that it holds no error, except the HTTP refusals listed, each as
     * {@code "<status> <path>"} (e.g. {@code "401 /api/v1/sessions"}): Chrome logs every error answer of a
     * fetch, which is how the API refuses. A CSP violation, a script error or any other refusal fails.
     */
    void assertConsoleClean(String... expectedRefusals) {
        List<String> errors = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        List<String> expected = List.of(expectedRefusals).stream().sorted().toList();
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        do {
            // An entry may reach the driver's log a moment after the page has shown the answer.
            Console console = console();
            errors.addAll(console.errors());
            refusals.addAll(console.refusals());
        } while (errors.isEmpty() && refusals.size() < expected.size() && System.nanoTime() < deadline);
        assertThat(errors).as("console errors").isEmpty();
        assertThat(refusals).as("refused API requests").containsExactlyInAnyOrderElementsOf(expected);
    }

    /** A request the page sent: method, path and headers (names lower-cased by the browser's protocol). */
    record Request(String method, String path, Map<String, String> headers) {
    }

    /** Drains the network log and answers the requests to the API made since the last call. */
    List<Request> apiRequests() {
        List<Request> requests = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = JSON.readTree(entry.getMessage()).path("message");
            if (!"Network.requestWillBeSent".equals(message.path("method").asString())) {
                continue;
            }
            JsonNode request = message.path("params").path("request");
            String url = request.path("url").asString();
            if (!url.startsWith(origin + "/api/")) {
                continue;
            }
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            request.path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asString()));
            requests.add(new Request(request.path("method").asString(), url.substring(origin.length()), headers));
        }
        return requests;
    }

    /**
     * Drains the network log and asserts that every state-changing request to the API carried a CSRF token
     * ({@code X-CSRF-TOKEN}), except the sign-ins (password, passwordless passkey), which start the session
     * (and its token); answers how many did.
     */
    int assertStateChangesCarryCsrfToken() {
        java.util.Set<String> signIns = java.util.Set.of("/api/v1/sessions", "/api/v1/sessions/passkey/options",
                "/api/v1/sessions/passkey");
        int carried = 0;
        for (Request request : apiRequests()) {
            if (request.method().equals("GET") || request.method().equals("HEAD")
                    || (request.method().equals("POST") && signIns.contains(request.path()))) {
                continue;
            }
            assertThat(request.headers().get("X-CSRF-TOKEN")).as(request.method() + " " + request.path())
                    .isNotBlank();
            carried++;
        }
        return carried;
    }

    /**
     * Sends a request from the page with the browser's cookies, as a script of the page (or another one on
     * the same origin) could, and answers the status; {@code csrfToken} is sent as X-CSRF-TOKEN unless null.
     */
    int fetchStatus(String method, String path, String csrfToken) {
        Object status = driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + " var headers = {Accept: 'application/json'};"
                + " if (arguments[2]) { headers['X-CSRF-TOKEN'] = arguments[2]; }"
                + " fetch(arguments[1], {method: arguments[0], headers: headers, credentials: 'same-origin',"
                + " cache: 'no-store'}).then(function (r) { done(r.status); }, function () { done(-1); });",
                method, path, csrfToken);
        return ((Number) status).intValue();
    }

    /** Forgets every cookie (signs the browser out without asking the server) and drains the logs. */
    void forgetCookies() {
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.manage().logs().get(LogType.BROWSER);
        driver.manage().logs().get(LogType.PERFORMANCE);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
