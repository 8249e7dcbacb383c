package eu.custodia.server.identity.internal;

import eu.custodia.server.identity.internal.password.Argon2idParameters;
import eu.custodia.server.identity.internal.password.PasswordHasher;
import eu.custodia.server.identity.internal.password.PasswordPolicy;
import org.springframework.context.annotation.Bean;
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
}
