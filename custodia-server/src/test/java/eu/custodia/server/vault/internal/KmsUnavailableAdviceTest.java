package eu.custodia.server.vault.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import eu.custodia.server.vault.KmsUnavailableException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A request that needs a tenant's keys when the KMS cannot give them fails closed with a 503 problem. */
class KmsUnavailableAdviceTest {

    @RestController
    static class SealingController {

        @GetMapping("/seal")
        String seal() {
            throw new KmsUnavailableException("KMS local-file, tenant t-aaaaaaaaaaaaaaaaaaaaaaaaaa: no key version 1");
        }
    }

    @Test
    void requestWhenKmsUnavailableThen503KmsUnavailableInBothLanguagesWithoutInternals() throws Exception {
        MockMvc mvc = MockMvcBuilders.standaloneSetup(new SealingController())
                .setControllerAdvice(new KmsUnavailableAdvice()).build();

        MvcResult r = mvc.perform(get("/seal")).andReturn();

        assertThat(r.getResponse().getStatus()).isEqualTo(503);
        assertThat(r.getResponse().getContentType()).isEqualTo("application/problem+json");
        assertThat(r.getResponse().getHeader("Retry-After")).isEqualTo("60");
        String body = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(body).contains("\"type\":\"urn:custodia:problem:kms-unavailable\"", "\"status\":503",
                "The tenant's keys cannot be reached", "nothing was read or written", "\"messageIt\":",
                "nulla è stato letto o scritto").doesNotContain("local-file", "t-aaaa", "key version");
    }
}
