package eu.custodia.bench.vault;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The documents the {@code vault} suite writes: a customer record of a fictitious SaaS application as JSON,
 * padded with a notes field to exactly the size asked for, so every measured write carries the same bytes.
 */
final class BenchDocuments {

    /** Size of the documents of the {@code document_write_read} figure: 1 KiB. */
    static final int DOCUMENT_BYTES = 1024;

    private BenchDocuments() {
    }

    /**
     * Returns the {@code n}-th customer document, exactly {@code size} bytes of UTF-8 JSON.
     *
     * @throws IllegalArgumentException if {@code size} is too small for the fields without notes
     */
    static byte[] customer(long n, int size) {
        String head = String.format(Locale.ROOT, "{\"customerId\":\"C-%08d\",\"email\":\"customer%d@example.test\","
                + "\"name\":\"Customer %d\",\"plan\":\"%s\",\"country\":\"IT\",\"vatNumber\":\"IT%011d\","
                + "\"createdAt\":\"2026-11-24T00:00:00Z\",\"notes\":\"", n, n, n, n % 3 == 0 ? "pro" : "free",
                n % 100_000_000_000L);
        String tail = "\"}";
        int pad = size - head.length() - tail.length();
        if (pad < 0) {
            throw new IllegalArgumentException("a customer document needs at least " + (head.length() + tail.length())
                    + " bytes, asked for " + size);
        }
        StringBuilder b = new StringBuilder(size).append(head);
        String filler = "Customer since 2019, pays by SEPA direct debit, prefers e-mail. ";
        for (int i = 0; i < pad; i++) {
            b.append(filler.charAt(i % filler.length()));
        }
        return b.append(tail).toString().getBytes(StandardCharsets.US_ASCII);
    }
}
