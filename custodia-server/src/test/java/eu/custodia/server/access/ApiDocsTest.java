package eu.custodia.server.access;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.testing.CustodiaTest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

/** The API documentation is public and read-only; the API itself is not. */
@CustodiaTest
@AutoConfigureMockMvc
class ApiDocsTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    ApiKeys keys;

    @BeforeEach
    void setUpAdministrator() {
        if (keys.list().isEmpty()) {
            keys.create(new Caller("system", "system", Set.of(), null, List.of()), Set.of(Roles.PLATFORM_ADMIN), null,
                    "docs test");
        }
    }

    @Test
    void openApiWhenAnonymousThenServedWithTheTenantApi() throws Exception {
        mvc.perform(get("/api/openapi.json")).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("/api/v1/tenants")));
    }

    @Test
    void openApiWhenServedThenDocumentsKeyScopesAndServiceAccounts() throws Exception {
        String doc = mvc.perform(get("/api/openapi.json")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        org.assertj.core.api.Assertions.assertThat(doc)
                .contains("/api/v1/keys", "/api/v1/accounts/{id}/keys", "/api/v1/accounts/{id}/keys/{keyId}/revoke")
                .contains("Leave `scopes` out for a key with everything its roles allow")
                .contains("urn:custodia:problem:invalid-scope", "urn:custodia:problem:service-account-admin-role")
                .contains("records:read");
    }

    @Test
    void docsWhenAnonymousThenBrowsableWithTheirOwnCsp() throws Exception {
        mvc.perform(get("/api/docs")).andExpect(status().is3xxRedirection())
                .andExpect(header().string("Content-Security-Policy", org.hamcrest.Matchers.containsString("script-src 'self'")));
    }

    @Test
    void apiWhenAnonymousThenStillUnauthorized() throws Exception {
        mvc.perform(get("/api/v1/tenants")).andExpect(status().isUnauthorized());
        mvc.perform(get("/logs")).andExpect(status().isUnauthorized());
    }
}
