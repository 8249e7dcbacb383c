package eu.custodia.server.records.internal;

import com.google.crypto.tink.prf.Prf;
import com.google.crypto.tink.prf.PrfSet;
import eu.custodia.server.platform.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * The records kernel: the associated data that binds each sealed value to its place, and blind-index tokens.
 *
 * <p><b>Documents.</b> A document is sealed with the tenant's records AEAD (Tink AES-256-GCM, RFC 5116 AEAD;
 * NIST SP 800-38D) under associated data {@code custodia/records/v1|<tenant>|<collection>|<id>|<version>}.
 * The Tink ciphertext is {@code 0x01 || key id (4 bytes, big-endian) || IV (12) || ciphertext || tag (16)}:
 * the key id names which key of the tenant's keyset sealed it, so older keys still open older documents and
 * re-encryption can find them. A ciphertext copied to another row, tenant or version fails to open, because
 * its associated data differs. Names and ids cannot contain {@code |}, so the encoding is unambiguous.
 *
 * <p><b>Blobs.</b> Streamed with the tenant's streaming AEAD (Tink AES-256-GCM-HKDF, 1 MB segments; the
 * construction of Hoang, Reyhanitabar, Rogaway and Vizár, "Online Authenticated-Encryption and its
 * Nonce-Reuse Misuse-Resistance", CRYPTO 2015) under {@code custodia/blobs/v1|<tenant>|<blob id>|<version>}.
 *
 * <p><b>Blind indexes.</b> A token is HMAC-SHA256 (RFC 2104) under the tenant's PRF key over
 * {@code custodia/records/index/v1|<collection>|<field>|<value>}, 32 bytes. Equal values give equal tokens
 * within a tenant and a key; nothing about the value can be learnt from the token without the key. After a
 * PRF rotation a search computes one token per key, so documents indexed under older keys are still found.
 * Data-subject keys become tokens the same way, under {@code custodia/records/subject/v1|<value>}.
 */
final class RecordSealing {

    static final int TOKEN_BYTES = 32;

    private RecordSealing() {
    }

    static byte[] documentAad(TenantId tenant, String collection, String id, long version) {
        return eu.custodia.server.records.RecordLayout.documentAad(tenant, collection, id, version);
    }

    static byte[] blobAad(TenantId tenant, String blobId, long version) {
        return ("custodia/blobs/v1|" + tenant.value() + "|" + blobId + "|" + version).getBytes(StandardCharsets.UTF_8);
    }

    /** The id of the key that sealed a Tink ciphertext (output prefix TINK: {@code 0x01 || id}), unsigned. */
    static long keyId(byte[] ciphertext) {
        if (ciphertext.length < 5 || ciphertext[0] != 0x01) {
            throw new IllegalArgumentException("not a Tink ciphertext with a TINK output prefix");
        }
        return ((ciphertext[1] & 0xffL) << 24) | ((ciphertext[2] & 0xffL) << 16) | ((ciphertext[3] & 0xffL) << 8)
                | (ciphertext[4] & 0xffL);
    }

    /** The index token of {@code value} under the PRF set's primary key. */
    static byte[] indexToken(PrfSet prf, String collection, String field, String value) {
        try {
            return prf.computePrimary(indexInput(collection, field, value), TOKEN_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot compute a blind index token", e);
        }
    }

    /** The index tokens of {@code value} under every key of the PRF set (primary first), for searching. */
    static List<byte[]> searchTokens(PrfSet prf, String collection, String field, String value) {
        return all(prf, indexInput(collection, field, value));
    }

    /** The blind token of a data-subject key under the PRF set's primary key. */
    static byte[] subjectToken(PrfSet prf, String subjectKey) {
        try {
            return prf.computePrimary(subjectInput(subjectKey), TOKEN_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot compute a subject token", e);
        }
    }

    private static List<byte[]> all(PrfSet prf, byte[] input) {
        List<byte[]> tokens = new ArrayList<>();
        try {
            tokens.add(prf.computePrimary(input, TOKEN_BYTES));
            for (var entry : prf.getPrfs().entrySet()) {
                if (entry.getKey() != prf.getPrimaryId()) {
                    Prf key = entry.getValue();
                    tokens.add(key.compute(input, TOKEN_BYTES));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot compute blind index tokens", e);
        }
        return tokens;
    }

    private static byte[] indexInput(String collection, String field, String value) {
        return eu.custodia.server.records.RecordLayout.indexInput(collection, field, value);
    }

    private static byte[] subjectInput(String subjectKey) {
        return ("custodia/records/subject/v1|" + subjectKey).getBytes(StandardCharsets.UTF_8);
    }
}
