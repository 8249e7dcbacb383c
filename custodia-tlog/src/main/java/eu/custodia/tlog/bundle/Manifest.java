package eu.custodia.tlog.bundle;

import eu.custodia.tlog.VerificationException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The text of an evidence bundle's {@code MANIFEST} (version 1): origin, creation time, member digests. */
record Manifest(String origin, Instant created, Map<String, Listed> files) {

    /** A listed member: its size and lower-case hex SHA-256. */
    record Listed(long size, String sha256) {
    }

    private static final Pattern FILE = Pattern.compile("file ([0-9a-f]{64}) (0|[1-9][0-9]{0,18}) (\\S+)");

    static Manifest parse(String text) throws VerificationException {
        String[] lines = text.split("\n", -1);
        if (lines.length < 4 || !lines[lines.length - 1].isEmpty()) {
            throw new VerificationException("MANIFEST is too short or does not end with a newline");
        }
        if (!lines[0].equals(EvidenceBundle.VERSION_LINE)) {
            throw new VerificationException("MANIFEST line 1: unknown bundle version \"" + lines[0]
                    + "\"; this verifier knows " + EvidenceBundle.VERSION_LINE);
        }
        if (!lines[1].startsWith("origin ") || lines[1].length() == "origin ".length()) {
            throw new VerificationException("MANIFEST line 2: expected \"origin <log origin>\"");
        }
        Instant created;
        try {
            if (!lines[2].startsWith("created ")) {
                throw new VerificationException("MANIFEST line 3: expected \"created <RFC 3339 time>\"");
            }
            created = Instant.parse(lines[2].substring("created ".length()));
        } catch (DateTimeParseException e) {
            throw new VerificationException("MANIFEST line 3: not an RFC 3339 UTC time", e);
        }
        Map<String, Listed> files = new TreeMap<>();
        String previous = null;
        for (int i = 3; i < lines.length - 1; i++) {
            Matcher m = FILE.matcher(lines[i]);
            if (!m.matches()) {
                throw new VerificationException("MANIFEST line " + (i + 1) + ": expected \"file <sha256> <size> <name>\"");
            }
            String name = m.group(3);
            if (previous != null && previous.compareTo(name) >= 0) {
                throw new VerificationException("MANIFEST line " + (i + 1) + ": " + name
                        + " is out of order or listed twice");
            }
            previous = name;
            files.put(name, new Listed(Long.parseLong(m.group(2)), m.group(1)));
        }
        return new Manifest(lines[1].substring("origin ".length()), created, files);
    }

    /** Checks that {@code members} are exactly the listed files, with the listed sizes and digests. */
    void check(Map<String, byte[]> members) throws VerificationException {
        for (String name : members.keySet()) {
            if (!files.containsKey(name)) {
                throw new VerificationException("member " + name + " is not listed in the MANIFEST");
            }
        }
        for (Map.Entry<String, Listed> f : files.entrySet()) {
            byte[] data = members.get(f.getKey());
            if (data == null) {
                throw new VerificationException("the MANIFEST lists " + f.getKey() + ", which is missing");
            }
            if (data.length != f.getValue().size()
                    || !EvidenceBundleVerifier.sha256(data).equals(f.getValue().sha256())) {
                throw new VerificationException("member " + f.getKey() + " does not match its SHA-256 in the MANIFEST");
            }
        }
    }
}
