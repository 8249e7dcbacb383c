package eu.custodia.server.identity.internal.throttle;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Turns on scheduling for {@link SignInThrottle#purgeExpired()}, whatever other modules do. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ThrottleConfiguration {
}
