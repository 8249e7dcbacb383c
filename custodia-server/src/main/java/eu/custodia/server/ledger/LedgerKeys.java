package eu.custodia.server.ledger;

import eu.custodia.tlog.note.VerifierKey;

/**
 * The key that signs every log's checkpoints (one Ed25519 key per deployment, named after
 * {@code custodia.origin}). Its verifier key is what customers and auditors pass to {@code custodia-verify}.
 */
public interface LedgerKeys {

    /** Returns the verifier key of the log signing key. */
    VerifierKey verifierKey();

    /** Returns the verifier key in C2SP signed-note text form, {@code <name>+<key id>+<base64 key>}. */
    default String verifierKeyText() {
        return verifierKey().encode();
    }

    /**
     * Signs {@code noteText} with the log signing key as a <a href="https://c2sp.org/signed-note">C2SP
     * signed note</a>: the text (which must end with a newline), a blank line, and one signature line
     * {@code — <key name> base64(key id || Ed25519 signature)}. Anyone holding {@link #verifierKeyText()}
     * can check it (e.g. a backup manifest).
     *
     * @return the signed note, UTF-8 text
     * @throws IllegalArgumentException if the text is not a valid note text
     */
    String sign(String noteText);

    /** Returns where the private key material lives, for the hardening report. */
    KeyLocation keyLocation();

    /**
     * Where the signing key is kept.
     *
     * @param kind how it is protected
     * @param where a description for operators, e.g. the file path (never key material)
     */
    record KeyLocation(Kind kind, String where) {

        /** How the signing key is protected. */
        public enum Kind {
            /** A private-key text file on the local disk, protected by file permissions only. */
            PLAIN_FILE
        }
    }
}
