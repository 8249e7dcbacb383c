package eu.custodia.tlog.note;

/**
 * A freshly generated key pair in the text forms of Go's {@code golang.org/x/mod/sumdb/note}
 * (<a href="https://c2sp.org/signed-note">C2SP signed-note</a> key IDs). {@link #toString()} omits the
 * private key.
 *
 * @param privateKey the secret private key text {@code PRIVATE+KEY+<name>+<hex ID>+base64(0x01 || seed)}
 * @param verifierKey the public verifier key
 */
public record NoteKeyPair(String privateKey, VerifierKey verifierKey) {

    @Override
    public String toString() {
        return "NoteKeyPair[privateKey=<redacted>, verifierKey=" + verifierKey.encode() + "]";
    }
}
