package eu.custodia.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.MutableClock;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.SetupStatus;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.identity.internal.totp.Totp;
import eu.custodia.server.identity.internal.totp.TotpSecret;
import eu.custodia.server.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.virtualauthenticator.Credential;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The account pages in a real browser: headless Chromium (see {@link Browser}) against the real server over
 * HTTPS on localhost (so the {@code __Host-} session cookie works), with the pages' own CSP. What a person
 * relies on: sign-in with a password and a TOTP code (clear errors for a wrong password and a wrong or
 * replayed code), enrolment with the secret the page shows and recovery codes shown once, passkeys through
 * Chrome's virtual authenticator, the pages in Italian, the CSRF token on every state change, no console
 * error (a CSP violation or a script error fails), labelled inputs and a live region for what the pages say.
 * Two browsers, both started while the server starts: an Italian one for the Italian pages and the throttled
 * sign-in, an English one for the rest; each test starts signed out. Runs on the embedded store only: the
 * pages do not depend on it.
 */
@EnabledIf(value = "eu.custodia.server.browser.Browser#runnable", disabledReason = Browser.SKIPPED)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
@Import(MutableClock.Configuration.class)
@TestPropertySource(properties = "custodia.test.context=browser")
class AccountPagesBrowserTest {

    private static final String PASSWORD = "a quiet lighthouse at dawn";
    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());
    private static final AtomicInteger PEOPLE = new AtomicInteger();
    private static final int PORT = freePort();
    private static final String ORIGIN = "https://localhost:" + PORT;
    private static final JsonNode TEXTS = texts();
    private static ExecutorService starting;
    private static CompletableFuture<Browser> englishBrowser;
    private static CompletableFuture<Browser> italianBrowser;
    /** The English browser, for all tests but the Italian one. */
    private static Browser browser;

    @Autowired
    Accounts accounts;
    @Autowired
    ApiKeys keys;
    @Autowired
    MutableClock clock;
    @Autowired
    SetupStatus setup;

    /** A port chosen before the server starts, so that the relying party's origin can name it. */
    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("custodia.identity.webauthn.origins", () -> ORIGIN);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode texts() {
        try {
            return JsonMapper.builder().build().readTree(new ClassPathResource("static/account/account-i18n.json")
                    .getContentAsString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A text of the pages' dictionary, with its {@code {name}} placeholders filled in. */
    private static String text(String language, String key, String... namesAndValues) {
        String text = TEXTS.path(language).path(key).asString();
        assertThat(text).as(language + " " + key).isNotBlank();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            text = text.replace("{" + namesAndValues[i] + "}", namesAndValues[i + 1]);
        }
        return text;
    }

    private static String en(String key, String... namesAndValues) {
        return text("en", key, namesAndValues);
    }

    /** Starts both browsers while the server starts (each takes a second or two). */
    @BeforeAll
    static void startBrowsers() {
        Browser.requireInstalled();
        starting = Executors.newFixedThreadPool(2);
        englishBrowser = CompletableFuture.supplyAsync(() -> new Browser(ORIGIN, "en-US"), starting);
        italianBrowser = CompletableFuture.supplyAsync(() -> new Browser(ORIGIN, "it-IT"), starting);
    }

    @AfterAll
    static void stopBrowsers() {
        for (CompletableFuture<Browser> started : Arrays.asList(englishBrowser, italianBrowser)) {
            if (started != null) {
                started.thenAccept(Browser::close).exceptionally(e -> null).join();
            }
        }
        if (starting != null) {
            starting.shutdown();
        }
    }

    @BeforeEach
    void signedOut() {
        if (setup.required()) {
            // Until the first administrator exists, every request but setup gets a 503.
            TestAdministrators.create(accounts, keys, clock);
        }
        browser = englishBrowser.join();
        browser.forgetCookies();
    }

    /** A staff account with a password, and a TOTP secret when it has one enrolled. */
    private record Person(String id, String username, TotpSecret secret) {
    }

    private Person person(boolean withTotp) {
        // Short: the browser types it, key by key. Each context of this class has a fresh database.
        Accounts.Invitation invitation = accounts.invite(SYSTEM, Account.STAFF, null,
                "person" + PEOPLE.incrementAndGet());
        String id = invitation.account().id();
        accounts.acceptInvitation(invitation.token(), PASSWORD);
        TotpSecret secret = null;
        if (withTotp) {
            Caller self = new Caller(id, Account.STAFF, Set.of(), null, List.of(), id, List.of(), false);
            secret = TotpSecret.fromBase32(accounts.startTotp(self).secret());
            // Confirmed with the previous time step's code: the current and the next are left for the pages.
            accounts.confirmTotp(self, totp().code(secret, totp().currentStep() - 1));
        }
        return new Person(id, invitation.account().username(), secret);
    }

    private Totp totp() {
        return Totp.withDefaults(clock);
    }

    private String currentCode(Person person) {
        return totp().code(person.secret(), totp().currentStep());
    }

    /** A six-digit code that no step within the accepted window (±1) of {@code person}'s secret produces. */
    private String wrongCode(Person person) {
        long step = totp().currentStep();
        List<String> valid = List.of(totp().code(person.secret(), step - 1), totp().code(person.secret(), step),
                totp().code(person.secret(), step + 1));
        for (int n = 0; ; n++) {
            String candidate = String.valueOf(100_000 + n * 111_111 % 900_000);
            if (!valid.contains(candidate)) {
                return candidate;
            }
        }
    }

    /** Types the username and password on the sign-in page and presses its button. */
    private void submitPassword(Browser b, String username, String password) {
        b.type("username", username);
        b.type("password", password);
        b.byId("signin-form").findElement(By.cssSelector("button[type=submit]")).click();
    }

    /** Types a code and presses Enter, which submits its form. */
    private void submitCode(Browser b, String input, String code) {
        b.type(input, code);
        b.byId(input).sendKeys(Keys.ENTER);
    }

    /** Signs in with the password on the page, for an account without a second factor: lands on the account. */
    private void signInWithPassword(Browser b, Person person) {
        b.open("/account/signin.html");
        submitPassword(b, person.username(), PASSWORD);
        b.arrivesAt("index.html");
        b.shown("session");
    }

    private String focused(Browser b) {
        return String.valueOf(b.script("return document.activeElement && document.activeElement.id"));
    }

    /** Waits until the keyboard focus is on the element {@code id} (the pages move it after an answer). */
    private void assertFocusOn(String id) {
        browser.waitUntil(d -> id.equals(focused(browser)) ? true : null);
    }

    @Test
    void signInWhenPasswordOrCodeWrongOrReplayedThenClearErrorsAndTheRightCodeLandsOnTheAccountUntilSignOut() {
        Person person = person(true);
        browser.open("/account/signin.html");
        assertThat(browser.script("return document.documentElement.lang")).isEqualTo("en");

        submitPassword(browser, person.username(), "wrong password");
        WebElement message = browser.says(en("error.signinFailed"));
        assertThat(message.getAttribute("aria-live")).isEqualTo("polite");
        assertThat(browser.byId("second-step").isDisplayed()).isFalse();
        browser.assertConsoleClean("401 /api/v1/sessions");

        submitPassword(browser, person.username(), PASSWORD);
        browser.shown("second-step");
        assertThat(browser.byId("signin-form").isDisplayed()).as("the password form goes away").isFalse();
        assertThat(browser.byId("message").getText()).isEmpty();
        assertFocusOn("signin-totp");

        submitCode(browser, "signin-totp", wrongCode(person));
        browser.says(en("error.codeRejected"));
        assertThat(browser.byId("signin-totp").getDomProperty("value")).isEmpty();
        assertFocusOn("signin-totp");
        browser.assertConsoleClean("401 /api/v1/sessions/current/second-factor");

        String code = currentCode(person);
        submitCode(browser, "signin-totp", code);
        browser.arrivesAt("index.html");
        browser.shown("session");
        assertThat(browser.byId("account").getText()).isEqualTo(person.id());
        assertThat(browser.byId("second-factor").getText()).isEqualTo(en("index.yes"));
        assertThat(browser.byId("factors").getText()).startsWith(en("factor.password") + " (")
                .contains(", " + en("factor.totp") + " (");
        assertThat(browser.byId("mfa-link").isDisplayed()).isFalse();
        browser.assertConsoleClean();

        browser.byId("signout").click();
        browser.says(en("status.signedOut"));
        assertThat(browser.byId("session").isDisplayed()).isFalse();
        assertThat(browser.byId("signin-link").isDisplayed()).isTrue();
        browser.assertConsoleClean();

        // The same code again, in a new sign-in: refused, it was used.
        browser.open("/account/signin.html");
        submitPassword(browser, person.username(), PASSWORD);
        browser.shown("second-step");
        submitCode(browser, "signin-totp", code);
        browser.says(en("error.codeRejected"));
        browser.assertConsoleClean("401 /api/v1/sessions/current/second-factor");
        // Thirty seconds later, the next code works.
        clock.advance(Duration.ofSeconds(30));
        submitCode(browser, "signin-totp", currentCode(person));
        browser.arrivesAt("index.html");
        browser.shown("session");
        browser.byId("signout").click();
        browser.says(en("status.signedOut"));

        // The session is over: reloading the account page goes to sign-in, and the API refuses the cookie.
        browser.driver.navigate().refresh();
        browser.arrivesAt("signin.html");
        browser.shown("signin-form");
        assertThat(browser.fetchStatus("GET", "/api/v1/sessions/current", null)).isEqualTo(401);
        browser.assertConsoleClean("401 /api/v1/sessions/current", "401 /api/v1/sessions/current");
        assertThat(browser.assertStateChangesCarryCsrfToken()).isPositive();
    }

    @Test
    void enrolWhenTheCodeOfTheSecretShownIsConfirmedThenRecoveryCodesShownOnceAndOneSignsIn() {
        Person person = person(false);
        signInWithPassword(browser, person);
        assertThat(browser.byId("enrolled").getText()).isEqualTo(en("index.no"));
        browser.driver.findElement(By.cssSelector("a[href^='enrol.html']")).click();
        browser.arrivesAt("enrol.html");
        browser.shown("start");

        browser.byId("start-enrol").click();
        browser.shown("scan");
        browser.says(en("status.enrolStarted"));
        assertFocusOn("confirm-code");
        WebElement qr = browser.byId("qr");
        assertThat(qr.getAttribute("src")).startsWith("data:image/svg+xml;base64,");
        assertThat(qr.getAttribute("alt")).isEqualTo(en("enrol.qrAlt"));
        // The QR code is drawn (the CSP lets the data: image in).
        browser.waitUntil(d -> ((Number) browser.script("return arguments[0].complete ? arguments[0].naturalWidth : 0",
                qr)).intValue() > 0 ? qr : null);
        String shown = browser.byId("secret").getText();
        assertThat(shown).matches("[A-Z2-7]{4}( [A-Z2-7]{1,4})+");
        Person enrolled = new Person(person.id(), person.username(), TotpSecret.fromBase32(shown.replace(" ", "")));

        submitCode(browser, "confirm-code", wrongCode(enrolled));
        browser.says(en("error.codeRejected"));
        assertFocusOn("confirm-code");
        browser.assertConsoleClean("400 /api/v1/account/totp/confirm");

        submitCode(browser, "confirm-code", currentCode(enrolled));
        browser.shown("codes");
        List<String> codes = browser.byId("recovery-codes").findElements(By.tagName("li")).stream()
                .map(WebElement::getText).toList();
        assertThat(codes).hasSize(10).allSatisfy(c -> assertThat(c).matches("[a-z0-9]{4}(-[a-z0-9]{4}){3}"))
                .doesNotHaveDuplicates();
        assertFocusOn("codes-heading");
        assertThat(browser.byId("scan").isDisplayed()).isFalse();
        assertThat(browser.byId("secret").getText()).isEmpty();
        assertThat(browser.byId("qr").getAttribute("src")).isNull();
        browser.assertConsoleClean();

        browser.byId("codes").findElement(By.cssSelector("a[href^='index.html']")).click();
        browser.arrivesAt("index.html");
        browser.shown("session");
        assertThat(browser.byId("enrolled").getText()).isEqualTo(en("index.yes"));
        assertThat(browser.byId("second-factor").getText()).isEqualTo(en("index.no"));
        // Enrolled, not verified in this session: the account page offers the second-factor page.
        browser.shown("mfa-link").findElement(By.tagName("a")).click();
        browser.arrivesAt("mfa.html");
        browser.shown("challenge");
        assertFocusOn("mfa-totp");
        submitCode(browser, "mfa-totp", totp().code(enrolled.secret(), totp().currentStep() + 1));
        browser.arrivesAt("index.html");
        browser.shown("session");
        assertThat(browser.byId("second-factor").getText()).isEqualTo(en("index.yes"));
        assertThat(browser.byId("mfa-link").isDisplayed()).isFalse();
        // Shown once: the enrolment page has them no more, and a new enrolment is refused with a clear notice.
        browser.open("/account/enrol.html");
        browser.shown("start");
        assertThat(browser.byId("recovery-codes").findElements(By.tagName("li"))).isEmpty();
        browser.byId("start-enrol").click();
        browser.says(en("error.alreadyEnrolled"));
        assertThat(browser.byId("scan").isDisplayed()).isFalse();
        browser.assertConsoleClean("409 /api/v1/account/totp");

        // A new sign-in asks for the second factor; a recovery code answers it.
        browser.forgetCookies();
        browser.open("/account/signin.html");
        submitPassword(browser, person.username(), PASSWORD);
        browser.shown("second-step");
        browser.byId("second-step").findElement(By.tagName("summary")).click();
        submitCode(browser, "signin-recovery", codes.get(3));
        browser.arrivesAt("index.html");
        browser.shown("session");
        assertThat(browser.byId("factors").getText()).contains(en("factor.recovery-code") + " (");
        browser.assertConsoleClean();
        assertThat(browser.assertStateChangesCarryCsrfToken()).isPositive();
    }

    @Test
    void passkeyWhenRegisteredOnTheAccountPageThenItSignsInAndIsRenamedAndRemoved() {
        Person person = person(false);
        VirtualAuthenticator laptop = browser.driver.addVirtualAuthenticator(authenticator());
        VirtualAuthenticator phone = null;
        try {
            signInWithPassword(browser, person);
            browser.shown("passkeys-none");
            assertThat(browser.byId("passkeys-none").getText()).isEqualTo(en("passkeys.none"));

            browser.type("passkey-label", "work laptop");
            browser.byId("passkey-label").sendKeys(Keys.ENTER);
            browser.says(en("status.passkeyAdded", "label", "work laptop"));
            assertPasskeys("work laptop");
            assertThat(browser.byId("passkeys-none").isDisplayed()).isFalse();
            assertThat(browser.byId("enrolled").getText()).isEqualTo(en("index.yes"));
            assertFocusOn("passkeys-heading");
            List<Credential> credentials = laptop.getCredentials();
            assertThat(credentials).singleElement().satisfies(c -> {
                assertThat(c.isResidentCredential()).as("a discoverable credential (a passkey)").isTrue();
                assertThat(c.getRpId()).isEqualTo("localhost");
            });
            browser.assertConsoleClean();

            WebElement rename = browser.driver.findElement(By.cssSelector("#passkey-list input[name=label]"));
            assertThat(rename.getAccessibleName()).isEqualTo(en("field.passkeyRename", "label", "work laptop"));
            rename.clear();
            rename.sendKeys("laptop");
            WebElement renameButton = browser.driver.findElement(By.cssSelector("#passkey-list button[type=submit]"));
            assertThat(renameButton.getAccessibleName()).isEqualTo(en("action.renameNamed", "label", "work laptop"));
            renameButton.click();
            browser.says(en("status.passkeyRenamed", "label", "laptop"));
            assertPasskeys("laptop");
            browser.byId("signout").click();
            browser.says(en("status.signedOut"));

            // The passkey as the second factor of a new sign-in.
            browser.open("/account/signin.html");
            submitPassword(browser, person.username(), PASSWORD);
            browser.shown("second-step");
            browser.shown("signin-passkey").click();
            browser.arrivesAt("index.html");
            browser.shown("session");
            assertThat(browser.byId("second-factor").getText()).isEqualTo(en("index.yes"));
            assertThat(browser.byId("factors").getText()).contains(", " + en("factor.webauthn") + " (");
            assertThat(laptop.getCredentials().get(0).getSignCount()).isPositive();
            browser.assertConsoleClean();

            // Passwordless: the passkey alone (it verified its user), no username, no password.
            browser.byId("signout").click();
            browser.says(en("status.signedOut"));
            browser.open("/account/signin.html");
            assertThat(browser.shown("passwordless-option").getText()).contains(en("heading.passwordless"));
            browser.shown("signin-passwordless").click();
            browser.arrivesAt("index.html");
            browser.shown("session");
            assertThat(browser.byId("second-factor").getText()).isEqualTo(en("index.yes"));
            assertThat(browser.byId("factors").getText()).startsWith(en("factor.webauthn") + " (")
                    .doesNotContain(en("factor.password"));
            browser.assertConsoleClean();

            // The same authenticator cannot hold a second passkey for the account; another one can.
            browser.shown("passkey-add-form");
            browser.type("passkey-label", "phone");
            browser.byId("passkey-label").sendKeys(Keys.ENTER);
            browser.says(en("error.passkeyExists"));
            browser.driver.removeVirtualAuthenticator(laptop);
            laptop = null;
            phone = browser.driver.addVirtualAuthenticator(authenticator());
            browser.byId("passkey-label").sendKeys(Keys.ENTER);
            browser.says(en("status.passkeyAdded", "label", "phone"));
            assertPasskeys("laptop", "phone");

            WebElement remove = browser.driver.findElement(By.cssSelector("#passkey-list li:first-child button[type=button]"));
            assertThat(remove.getAccessibleName()).isEqualTo(en("action.removeNamed", "label", "laptop"));
            assertThat(remove.getText()).isEqualTo(en("action.removePasskey"));
            remove.click();
            browser.says(en("status.passkeyRemoved", "label", "laptop"));
            assertPasskeys("phone");

            // An administrator keeps its last second factor.
            eu.custodia.server.access.TestAgreements.register(accounts, person.id());
            accounts.grantRole(SYSTEM, person.id(), Roles.PLATFORM_ADMIN, null);
            browser.driver.findElement(By.cssSelector("#passkey-list li:first-child button[type=button]")).click();
            browser.says(en("error.lastFactor"));
            assertPasskeys("phone");
            browser.assertConsoleClean("409 /api/v1/account/passkeys/" + passkeyIds().get(0));
            assertThat(browser.assertStateChangesCarryCsrfToken()).isPositive();
        } finally {
            for (VirtualAuthenticator a : new VirtualAuthenticator[] {laptop, phone}) {
                if (a != null) {
                    browser.driver.removeVirtualAuthenticator(a);
                }
            }
        }
    }

    /** Chrome's virtual authenticator as a platform authenticator with passkeys: CTAP2, resident keys, UV. */
    private static VirtualAuthenticatorOptions authenticator() {
        return new VirtualAuthenticatorOptions().setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL).setHasResidentKey(true)
                .setHasUserVerification(true).setIsUserVerified(true).setIsUserConsenting(true);
    }

    /** The names of the listed passkeys, once the list shows {@code expected} (the list follows the message). */
    private void assertPasskeys(String... expected) {
        List<String> wanted = List.of(expected);
        browser.waitUntil(d -> passkeyNames().equals(wanted) ? true : null);
    }

    @SuppressWarnings("unchecked")
    private List<String> passkeyNames() {
        return (List<String>) browser.script("return Array.from(document.querySelectorAll('#passkey-list li strong'))"
                + ".map(function (name) { return name.textContent; })");
    }

    private List<String> passkeyIds() {
        return browser.driver.findElements(By.cssSelector("#passkey-list input[name=label]")).stream()
                .map(input -> input.getAttribute("id").substring("rename-".length())).toList();
    }

    @Test
    void pagesWhenTheBrowserSpeaksItalianThenItalianTextsAndHtmlLangFollowTheSwitch() {
        Person person = person(false);
        Browser italian = italianBrowser.join();
        italian.forgetCookies();
        italian.open("/account/signin.html");
        assertThat(italian.script("return document.documentElement.lang")).isEqualTo("it");
        assertThat(italian.driver.getTitle()).isEqualTo(text("it", "title.signin")).isEqualTo("Accedi – Custodia");
        assertThat(italian.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Accedi");
        assertThat(italian.driver.findElement(By.cssSelector("label[for=username]")).getText())
                .isEqualTo(text("it", "field.username")).isEqualTo("Nome utente");
        assertThat(italian.byId("language").getAttribute("aria-label")).isEqualTo("Lingua");
        assertThat(italian.driver.findElement(By.cssSelector("a[aria-current=true]")).getText())
                .isEqualTo("Italiano");

        submitPassword(italian, person.username(), "password sbagliata");
        italian.says(text("it", "error.signinFailed"));
        assertThat(italian.byId("message").getText()).isEqualTo("Nome utente o password non corretti.");
        submitPassword(italian, person.username(), PASSWORD);
        italian.arrivesAt("index.html");
        italian.shown("session");
        assertThat(italian.driver.getCurrentUrl()).endsWith("index.html?lang=it");
        assertThat(italian.driver.findElement(By.tagName("h1")).getText()).isEqualTo(text("it", "heading.index"));
        assertThat(italian.byId("signout").getText()).isEqualTo(text("it", "action.signout")).isEqualTo("Esci");
        assertThat(italian.byId("passkeys-heading").getText()).isEqualTo(text("it", "heading.passkeys"));
        assertThat(italian.byId("factors").getText()).startsWith(text("it", "factor.password") + " (");

        // The page's switch: English at once, in the address too, then back.
        italian.driver.findElement(By.cssSelector("a[data-lang=en]")).click();
        italian.waitUntil(d -> "en".equals(italian.script("return document.documentElement.lang")));
        assertThat(italian.driver.findElement(By.tagName("h1")).getText()).isEqualTo(en("heading.index"));
        assertThat(italian.byId("signout").getText()).isEqualTo(en("action.signout"));
        assertThat(italian.driver.getCurrentUrl()).endsWith("index.html?lang=en");
        assertThat(italian.driver.findElement(By.cssSelector("a[href^='enrol.html']")).getAttribute("href"))
                .endsWith("enrol.html?lang=en");
        italian.driver.findElement(By.cssSelector("a[data-lang=it]")).click();
        italian.waitUntil(d -> "it".equals(italian.script("return document.documentElement.lang")));
        assertThat(italian.driver.getTitle()).isEqualTo(text("it", "title.index"));

        italian.driver.findElement(By.cssSelector("a[href^='enrol.html']")).click();
        italian.arrivesAt("enrol.html");
        italian.shown("start");
        assertThat(italian.script("return document.documentElement.lang")).isEqualTo("it");
        assertThat(italian.byId("start-enrol").getText()).isEqualTo("Inizia la configurazione");
        italian.assertConsoleClean("401 /api/v1/sessions");
    }

    @Test
    void signInWhenThrottledThenTheServersNoticeInTheBrowsersLanguageAndTheButtonWaits() {
        Person person = person(false);
        Browser italian = italianBrowser.join();
        italian.forgetCookies();
        italian.open("/account/signin.html");
        WebElement submit = italian.byId("signin-form").findElement(By.cssSelector("button[type=submit]"));
        // The policy: five free failures per account; the sixth starts a wait of a second (doubling from there),
        // and the attempt after it, within the wait (the test's clock stands still), is refused.
        String notice = "Troppi tentativi: attendere 1 secondo prima di riprovare.";
        int attempts = 0;
        italian.type("username", person.username());
        while (!notice.equals(italian.byId("message").getText()) && attempts < 10) {
            italian.type("password", "x" + attempts);
            italian.byId("password").sendKeys(Keys.ENTER);
            attempts++;
            italian.waitUntil(d -> submit.isEnabled() || notice.equals(italian.byId("message").getText()) ? true : null);
        }
        assertThat(attempts).isEqualTo(7);
        assertThat(submit.isEnabled()).as("the button waits").isFalse();
        italian.waitUntil(d -> submit.isEnabled() ? true : null);
        String[] refusals = new String[attempts];
        Arrays.fill(refusals, "401 /api/v1/sessions");
        refusals[attempts - 1] = "429 /api/v1/sessions";
        italian.assertConsoleClean(refusals);
    }

    @Test
    void stateChangesWhenMadeByThePagesThenCarryTheCsrfTokenAndWithoutItAreRefused() {
        Person person = person(false);
        signInWithPassword(browser, person);

        // The session cookie alone does not change anything: no token, or a wrong one, is refused.
        assertThat(browser.fetchStatus("DELETE", "/api/v1/sessions/current", null)).isEqualTo(403);
        assertThat(browser.fetchStatus("DELETE", "/api/v1/sessions/current", "not-the-token")).isEqualTo(403);
        assertThat(browser.fetchStatus("POST", "/api/v1/account/totp", null)).isEqualTo(403);
        assertThat(browser.fetchStatus("GET", "/api/v1/sessions/current", null)).as("still signed in").isEqualTo(200);
        browser.assertConsoleClean("403 /api/v1/sessions/current", "403 /api/v1/sessions/current",
                "403 /api/v1/account/totp");

        // The page's own sign-out carries it, and works.
        browser.apiRequests();
        browser.byId("signout").click();
        browser.says(en("status.signedOut"));
        List<Browser.Request> signOut = browser.apiRequests();
        assertThat(signOut).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("DELETE");
            assertThat(r.path()).isEqualTo("/api/v1/sessions/current");
            assertThat(r.headers().get("X-CSRF-TOKEN")).isNotBlank();
        });
        assertThat(browser.fetchStatus("GET", "/api/v1/sessions/current", null)).isEqualTo(401);
        browser.assertConsoleClean("401 /api/v1/sessions/current");

        // The CSP holds in the browser, and the console check sees it: inline script does not run, and an
        // image from another origin is not loaded (refused before any connection is made).
        browser.script("var s = document.createElement('script'); s.textContent = 'window.injected = true;';"
                + " document.body.appendChild(s); var i = document.createElement('img');"
                + " i.src = 'https://127.0.0.1:9/x.png'; document.body.appendChild(i);");
        assertThat(browser.script("return window.injected === true")).isEqualTo(false);
        List<String> errors = browser.waitUntil(d -> {
            List<String> seen = browser.console().errors();
            return seen.size() >= 2 ? seen : null;
        });
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("inline script", "Content Security Policy"))
                .anySatisfy(e -> assertThat(e).contains("127.0.0.1:9", "Content Security Policy"));
    }

    @Test
    void pagesWhenShownThenEveryInputHasALabelAndWhatTheySayIsInALiveRegion() {
        Person person = person(false);
        browser.open("/account/signin.html");
        assertAccessible("signin.html");
        signInWithPassword(browser, person);
        assertAccessible("index.html");
        browser.open("/account/mfa.html");
        browser.shown("challenge");
        assertAccessible("mfa.html");
        browser.open("/account/enrol.html");
        browser.shown("start").findElement(By.tagName("button")).click();
        browser.shown("scan");
        assertAccessible("enrol.html");
        browser.assertConsoleClean();
    }

    /**
     * Every input of the page (shown or not) has a label with text; every shown one has that text as its
     * accessible name, as Chrome computes it. The live region that carries the pages' messages and errors is
     * rendered even while empty: a screen reader announces changes only to a live region it already knows.
     */
    @SuppressWarnings("unchecked")
    private void assertAccessible(String page) {
        List<Map<String, Object>> inputs = (List<Map<String, Object>>) browser.script("return Array.from("
                + "document.querySelectorAll('input, select, textarea')).map(function (input) { return {id: input.id,"
                + " labels: Array.from(input.labels).map(function (l) { return l.textContent.trim(); })}; })");
        assertThat(inputs).as(page + ": inputs").isNotEmpty();
        for (Map<String, Object> input : inputs) {
            assertThat((List<String>) input.get("labels")).as(page + ": label of #" + input.get("id"))
                    .singleElement().asString().isNotBlank();
            WebElement element = browser.byId(String.valueOf(input.get("id")));
            if (element.isDisplayed()) {
                assertThat(element.getAccessibleName()).as(page + ": accessible name of #" + input.get("id"))
                        .isEqualTo(((List<String>) input.get("labels")).get(0));
            }
        }
        WebElement message = browser.byId("message");
        assertThat(message.getAriaRole()).as(page).isEqualTo("status");
        assertThat(message.getAttribute("aria-live")).as(page).isEqualTo("polite");
        assertThat(browser.script("return getComputedStyle(arguments[0]).display", message)).as(page + ": live region")
                .isNotEqualTo("none");
        assertThat(browser.driver.findElements(By.tagName("h1"))).as(page).hasSize(1);
        assertThat(browser.script("return document.documentElement.lang")).as(page).isEqualTo("en");
    }
}
