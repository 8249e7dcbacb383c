package eu.custodia.tlog.bundle;

import java.util.regex.Pattern;

/**
 * Constants of the Custodia evidence bundle, version 1 ({@code docs/evidence-bundle.md}): a ZIP with a
 * signed manifest, a signed C2SP checkpoint, entries and their C2SP tlog-proofs.
 */
public final class EvidenceBundle {

    /** First line of the manifest. */
    public static final String VERSION_LINE = "custodia-evidence-bundle/v1";
    public static final String MANIFEST = "MANIFEST";
    public static final String CHECKPOINT = "checkpoint";

    /** Bounds checked before any member is used. */
    public static final int MAX_MEMBERS = 100_000;
    public static final long MAX_MEMBER_BYTES = 64L * 1024 * 1024;
    public static final long MAX_TOTAL_BYTES = 1024L * 1024 * 1024;

    static final Pattern ENTRY = Pattern.compile("entries/(0|[1-9][0-9]{0,18})");
    static final Pattern PROOF = Pattern.compile("proofs/(0|[1-9][0-9]{0,18})\\.tlog-proof");

    private EvidenceBundle() {
    }

    static String entryName(long index) {
        return "entries/" + index;
    }

    static String proofName(long index) {
        return "proofs/" + index + ".tlog-proof";
    }
}
