package eu.custodia.server.identity.internal;

import eu.custodia.server.identity.internal.password.Argon2idParameters;
import eu.custodia.server.identity.internal.password.PasswordHasher;
import eu.custodia.server.identity.internal.password.PasswordPolicy;
import eu.custodia.server.identity.internal.password.CommonPasswords;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.context.annotation.Configuration;

/** The shipped password hashing (Argon2id at OWASP's minimum) and policy (NIST SP 800-63B, blocklist). */
@Configuration(proxyBeanMethods = false)
class PasswordConfiguration {

    @Bean
    PasswordHasher passwordHasher() {
        return new PasswordHasher(Argon2idParameters.OWASP_MINIMUM);
    }

    @Bean
    PasswordPolicy passwordPolicy() {
        return PasswordPolicy.shipped();
    }

    /** Reads the shipped blocklist once the server is up, on a thread of its own, so no sign-up waits for it. */
    @EventListener(ApplicationReadyEvent.class)
    void preloadBlocklist() {
        Thread preload = new Thread(CommonPasswords::shipped, "password-blocklist-preload");
        preload.setDaemon(true);
        preload.start();
    }
}
