package eu.custodia.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.identity.VerifiedFactor;
import eu.custodia.server.testing.CustodiaTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The static account pages under /account/: public, with their own CSP (the API keeps the strict one), no
 * inline script or style, accessible markup, and the same texts in English and Italian.
 */
@CustodiaTest
class AccountPagesTest {

    static final List<String> PAGES = List.of("index.html", "signin.html", "mfa.html", "enrol.html");
    static final List<String> ASSETS = List.of("account.js", "account.css", "account-i18n.json");
    static final String PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    static final String STRICT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    @Autowired
    WebApplicationContext context;
    @Autowired
    Accounts accounts;
    @Autowired
    ApiKeys keys;
    @Autowired
    java.time.Clock clock;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        // Past setup: until the first administrator exists every request but setup gets a 503.
        TestAdministrators.create(accounts, keys, clock);
    }

    private static String read(String file) throws IOException {
        return new ClassPathResource("static/account/" + file).getContentAsString(StandardCharsets.UTF_8);
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void pagesWhenRequestedWithoutCredentialsThenServedWithPageCsp() throws Exception {
        for (String page : PAGES) {
            mvc.perform(get("/account/" + page))
                    .andExpect(status().isOk())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                    .andExpect(header().string("Content-Security-Policy", PAGE_CSP))
                    .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                    .andExpect(header().string("Strict-Transport-Security", Matchers.startsWith("max-age=")))
                    .andExpect(header().string("Referrer-Policy", "no-referrer"));
        }
        for (String asset : ASSETS) {
            mvc.perform(get("/account/" + asset)).andExpect(status().isOk())
                    .andExpect(header().string("Content-Security-Policy", PAGE_CSP))
                    .andExpect(header().string("X-Content-Type-Options", "nosniff"));
        }
    }

    @Test
    void apiWhenPagesExistThenKeepsStrictCspAndPagesAcceptNoStateChange() throws Exception {
        mvc.perform(get("/api/v1/sessions/current")).andExpect(status().isUnauthorized())
                .andExpect(header().string("Content-Security-Policy", STRICT_CSP));
        // Only reading is open: a POST to a page is refused (no CSRF token, no credential).
        mvc.perform(post("/account/signin.html")).andExpect(status().isForbidden());
        mvc.perform(get("/account/missing.html")).andExpect(status().isNotFound())
                .andExpect(header().string("Content-Security-Policy", PAGE_CSP));
    }

    @Test
    void pagesWhenParsedThenNoInlineScriptStyleOrHandlers() throws IOException {
        Pattern script = Pattern.compile("<script\\b([^>]*)>(.*?)</script>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
        for (String page : PAGES) {
            String html = read(page);
            Matcher m = script.matcher(html);
            int scripts = 0;
            while (m.find()) {
                scripts++;
                assertThat(m.group(1)).as(page + ": external script").contains("src=\"account.js\"");
                assertThat(m.group(2)).as(page + ": script body").isBlank();
            }
            assertThat(scripts).as(page + ": scripts").isEqualTo(1);
            assertThat(Pattern.compile("\\sstyle\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find())
                    .as(page + ": style attribute").isFalse();
            assertThat(Pattern.compile("<style\\b", Pattern.CASE_INSENSITIVE).matcher(html).find())
                    .as(page + ": style element").isFalse();
            assertThat(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find())
                    .as(page + ": event handler attribute").isFalse();
            assertThat(html).as(page).doesNotContainIgnoringCase("javascript:");
        }
        // The script builds no markup from strings either.
        assertThat(read("account.js")).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML",
                "document.write", "eval(");
    }

    @Test
    void pagesWhenParsedThenAccessibleMarkup() throws IOException {
        Pattern input = Pattern.compile("<input\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
        Pattern id = Pattern.compile("\\bid=\"([^\"]+)\"");
        for (String page : PAGES) {
            String html = read(page);
            assertThat(html).as(page).startsWith("<!doctype html>").contains("<html lang=\"en\">")
                    .contains("<main>").contains("</main>").contains("<h1 ")
                    .contains("<meta name=\"viewport\"").contains("aria-live=\"polite\"")
                    .contains("hreflang=\"it\"").contains("hreflang=\"en\"");
            for (String attributes : all(input, html)) {
                Matcher idOf = id.matcher(attributes);
                assertThat(idOf.find()).as(page + ": input has an id: " + attributes).isTrue();
                assertThat(html).as(page + ": label for " + idOf.group(1))
                        .containsPattern("<label for=\"" + Pattern.quote(idOf.group(1)) + "\"[^>]*>[^<]+</label>");
                assertThat(attributes).as(page + ": autocomplete").contains("autocomplete=\"");
                if (attributes.contains("name=\"code\"") && !attributes.contains("recovery")) {
                    assertThat(attributes).as(page + ": one-time code")
                            .contains("autocomplete=\"one-time-code\"", "inputmode=\"numeric\"");
                }
            }
        }
        String signin = read("signin.html");
        assertThat(signin).contains("autocomplete=\"username\"", "autocomplete=\"current-password\"",
                "type=\"password\"", "autocomplete=\"one-time-code\"");
        assertThat(read("mfa.html")).contains("autocomplete=\"one-time-code\"", "id=\"mfa-recovery\"");
        assertThat(read("enrol.html")).contains("id=\"qr\"", "alt=\"", "id=\"recovery-codes\"");
        // The QR code goes in as a data: image, never as markup.
        assertThat(read("account.js")).contains("'data:image/svg+xml;base64,'");
    }

    @Test
    @SuppressWarnings("unchecked")
    void dictionaryWhenLoadedThenSameKeysInBothLanguagesAndEveryUsedKeyPresent() throws IOException {
        Map<String, Object> languages = JsonParserFactory.getJsonParser().parseMap(read("account-i18n.json"));
        assertThat(languages).containsOnlyKeys("en", "it");
        Map<String, Object> en = (Map<String, Object>) languages.get("en");
        Map<String, Object> it = (Map<String, Object>) languages.get("it");
        assertThat(it.keySet()).isEqualTo(en.keySet());
        for (Map<String, Object> dictionary : List.of(en, it)) {
            assertThat(dictionary.values()).allSatisfy(text -> assertThat(text).isInstanceOf(String.class)
                    .asString().isNotBlank());
        }
        assertThat(en).isNotEqualTo(it);
        Set<String> used = new LinkedHashSet<>();
        Pattern attribute = Pattern.compile("data-(?:i18n(?:-alt|-aria-label)?|title)=\"([^\"]+)\"");
        for (String page : PAGES) {
            used.addAll(all(attribute, read(page)));
        }
        String script = read("account.js");
        used.addAll(all(Pattern.compile("\\bt\\('([a-zA-Z.-]*[a-zA-Z])'"), script));
        used.addAll(all(Pattern.compile("sayFailure\\([a-z]+, '([a-zA-Z.-]+)'\\)"), script));
        for (String kind : List.of(VerifiedFactor.PASSWORD, VerifiedFactor.TOTP, VerifiedFactor.RECOVERY_CODE,
                VerifiedFactor.WEBAUTHN, VerifiedFactor.API_KEY)) {
            used.add("factor." + kind);
        }
        assertThat(used).hasSizeGreaterThan(40);
        assertThat(en.keySet()).containsAll(used);
    }
}
