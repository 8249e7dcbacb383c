package eu.custodia.server.platform.internal;

import eu.custodia.server.platform.CustodiaProperties;
import eu.custodia.server.platform.TlsProperties;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The HTTPS listener's certificate files: prepared before Spring Boot loads the SSL bundle (this registrar
 * runs first and registers nothing itself), then re-checked every {@code custodia.tls.renewal-check} so a
 * generated certificate is renewed while the server runs; the bundle reloads the replaced files.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class TlsConfiguration {

    @Bean
    TlsCertificateProvisioner tlsCertificateProvisioner(TlsProperties tls, CustodiaProperties properties,
            Clock clock) {
        return new TlsCertificateProvisioner(tls, properties.dataDir(), clock);
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SslBundleRegistrar custodiaTlsFiles(TlsCertificateProvisioner provisioner) {
        return (SslBundleRegistry registry) -> provisioner.provision();
    }

    @Bean
    TlsRenewal tlsRenewal(TlsCertificateProvisioner provisioner, TlsProperties tls) {
        return new TlsRenewal(provisioner, tls.renewalCheck().toMillis());
    }

    /** Runs the provisioner periodically on one daemon thread while the application runs. */
    static final class TlsRenewal implements SmartLifecycle {

        private static final Logger LOG = LoggerFactory.getLogger(TlsRenewal.class);
        private final TlsCertificateProvisioner provisioner;
        private final long periodMillis;
        private ScheduledExecutorService executor;

        TlsRenewal(TlsCertificateProvisioner provisioner, long periodMillis) {
            this.provisioner = provisioner;
            this.periodMillis = Math.max(periodMillis, 1000);
        }

        @Override
        public synchronized void start() {
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "custodia-tls-renewal");
                t.setDaemon(true);
                return t;
            });
            executor.scheduleWithFixedDelay(this::renew, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        }

        private void renew() {
            try {
                provisioner.provision();
            } catch (RuntimeException e) {
                LOG.error("TLS: could not renew the certificate files (rinnovo del certificato non riuscito)", e);
            }
        }

        @Override
        public synchronized void stop() {
            if (executor != null) {
                executor.shutdownNow();
                executor = null;
            }
        }

        @Override
        public synchronized boolean isRunning() {
            return executor != null;
        }
    }
}
