package eu.custodia.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import eu.custodia.server.identity.MutableClock;
import eu.custodia.server.testing.CustodiaTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MvcResult;

/**
 * An {@code Idempotency-Key} replays its first response for 24 hours and is then forgotten: a retry after the
 * window creates a new tenant, and the purge (hourly; every 100 ms here) deletes the stored responses (they hold personal data).
 */
@CustodiaTest
@AutoConfigureMockMvc
@Import({TenancyTestConfiguration.class, MutableClock.Configuration.class})
@TestPropertySource(properties = "custodia.tenancy.idempotency-purge-interval-ms=100")
class TenantIdempotencyWindowTest extends TenancyApi {

    @Autowired
    MutableClock clock;

    private MvcResult createWithKey(String key) throws Exception {
        return perform(as(ADMIN, post("/api/v1/tenants").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(contract()))));
    }

    private int storedKeys(String key) {
        return jdbc.sql("select count(*) from tenant_idempotency_keys where idem_key = :key").param("key", key)
                .query(Integer.class).single();
    }

    @Test
    void createWhenKeyReusedWithinTheWindowThenReplayedAndAfterItThenANewTenant() throws Exception {
        MvcResult first = createWithKey("window-4711");
        clock.advance(Duration.ofHours(23).plusMinutes(59));
        MvcResult within = createWithKey("window-4711");
        clock.advance(Duration.ofMinutes(2));
        int before = tenantCount();
        MvcResult after = createWithKey("window-4711");

        assertThat(within.getResponse().getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(body(within).get("id")).isEqualTo(body(first).get("id"));
        assertThat(after.getResponse().getStatus()).isEqualTo(201);
        assertThat(after.getResponse().getHeader("Idempotent-Replayed")).isNull();
        assertThat(body(after).get("id")).isNotEqualTo(body(first).get("id"));
        assertThat(tenantCount()).isEqualTo(before + 1);
        assertThat(storedKeys("window-4711")).as("the new response replaces the expired one").isEqualTo(1);
        assertThat(createWithKey("window-4711").getResponse().getHeader("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void purgeWhenKeysOutliveTheWindowThenOnlyThoseAreDeleted() throws Exception {
        createWithKey("purge-old");
        clock.advance(Duration.ofHours(20));
        createWithKey("purge-recent");
        clock.advance(Duration.ofHours(5));

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (storedKeys("purge-old") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        assertThat(storedKeys("purge-old")).as("purged by the scheduled job").isZero();
        assertThat(storedKeys("purge-recent")).isEqualTo(1);
    }
}
