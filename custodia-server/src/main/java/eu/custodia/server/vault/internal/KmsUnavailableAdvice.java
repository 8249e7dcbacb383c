package eu.custodia.server.vault.internal;

import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.vault.KmsUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Fails closed: a request that needed a tenant's keys when the KMS could not give them ends with 503
 * {@code urn:custodia:problem:kms-unavailable}, in English and Italian, saying that nothing was read or
 * written. The cause (adapter, tenant, version) goes to the log, not to the caller.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class KmsUnavailableAdvice {

    static final String DETAIL_EN = "The tenant's encryption keys cannot be reached (the key management service"
            + " is unavailable or the key was destroyed); nothing was read or written. Try again later or"
            + " contact the operator.";
    static final String DETAIL_IT = "Le chiavi di cifratura del tenant non sono raggiungibili (il servizio di"
            + " gestione delle chiavi non è disponibile o la chiave è stata distrutta); nulla è stato letto o"
            + " scritto. Riprovare più tardi o contattare l'operatore.";

    private static final Logger LOG = LoggerFactory.getLogger(KmsUnavailableAdvice.class);

    @ExceptionHandler(KmsUnavailableException.class)
    ResponseEntity<ProblemDetail> kmsUnavailable(KmsUnavailableException e) {
        LOG.warn("failing closed: {}", e.getMessage());
        ProblemType type = ProblemType.KMS_UNAVAILABLE;
        ProblemDetail body = ProblemDetail.forStatusAndDetail(type.status(), DETAIL_EN);
        body.setType(type.uri());
        body.setTitle(type.title());
        body.setProperty("messageIt", DETAIL_IT);
        return ResponseEntity.status(type.status()).header(HttpHeaders.RETRY_AFTER, "60").body(body);
    }

    static final ProblemType TENANT_SHREDDED = new ProblemType("tenant-shredded", org.springframework.http.HttpStatus.GONE,
            "The tenant's data was crypto-shredded");

    /** A crypto-shredded tenant's data is gone for good: 410, never a retry. */
    @ExceptionHandler(eu.custodia.server.vault.TenantShreddedException.class)
    ResponseEntity<ProblemDetail> shredded(eu.custodia.server.vault.TenantShreddedException e) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(TENANT_SHREDDED.status(), "This tenant was "
                + "crypto-shredded: its keys were destroyed, and its records, blobs and backups can never be read again.");
        body.setType(TENANT_SHREDDED.uri());
        body.setTitle(TENANT_SHREDDED.title());
        body.setProperty("messageIt", "Questo tenant è stato distrutto crittograficamente: le sue chiavi sono state "
                + "eliminate e i suoi record, blob e backup non potranno mai più essere letti.");
        return ResponseEntity.status(TENANT_SHREDDED.status()).body(body);
    }
}
