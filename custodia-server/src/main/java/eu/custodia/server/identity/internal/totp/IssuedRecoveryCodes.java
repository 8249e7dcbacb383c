package eu.custodia.server.identity.internal.totp;

import java.util.List;

/**
 * A new set of recovery codes: {@code codes} to show the person once and then forget, {@code hashes} to store
 * ({@code hashes.get(i)} is the hash of {@code codes.get(i)}). {@link #toString()} shows neither.
 *
 * @param codes  the codes in display form, {@code xxxx-xxxx-xxxx-xxxx}
 * @param hashes what to store, one row per code; see {@link RecoveryCodes}
 */
public record IssuedRecoveryCodes(List<String> codes, List<String> hashes) {

    public IssuedRecoveryCodes {
        codes = List.copyOf(codes);
        hashes = List.copyOf(hashes);
        if (codes.size() != hashes.size()) {
            throw new IllegalArgumentException("one hash per code");
        }
    }

    @Override
    public String toString() {
        return "IssuedRecoveryCodes[" + codes.size() + " codes, ***]";
    }
}
