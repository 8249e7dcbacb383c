package eu.custodia.tlog.merkle;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.tlog.VerificationException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of RFC 9162 proofs over random trees of up to 10,000 leaves: every honest proof verifies;
 * every single-bit flip, truncation, extra hash, changed index or changed size is rejected.
 */
class MerkleProofProperties {

    private static final int MAX_LEAVES = 10_000;
    private static final InMemoryHashStore TREE = new InMemoryHashStore();
    private static final Map<Long, byte[]> ROOTS = new ConcurrentHashMap<>();

    static {
        for (int i = 0; i < MAX_LEAVES; i++) {
            TREE.appendEntry(ByteBuffer.allocate(12).putInt(0xC0FFEE).putLong(i).array());
        }
    }

    record Inclusion(long index, long size) {
    }

    record Consistency(long size1, long size2) {
    }

    @Provide
    Arbitrary<Inclusion> inclusions() {
        return Arbitraries.longs().between(1, MAX_LEAVES)
                .flatMap(size -> Arbitraries.longs().between(0, size - 1).map(i -> new Inclusion(i, size)));
    }

    @Provide
    Arbitrary<Consistency> consistencies() {
        return Arbitraries.longs().between(1, MAX_LEAVES)
                .flatMap(s2 -> Arbitraries.longs().between(1, s2).map(s1 -> new Consistency(s1, s2)));
    }

    @Property(tries = 400)
    void inclusionProofWhenHonestThenVerifies(@ForAll("inclusions") Inclusion c) throws Exception {
        ProofVerifier.verifyInclusion(TREE.hash(0, c.index()), c.index(), c.size(),
                MerkleTree.inclusionProof(TREE, c.index(), c.size()), root(c.size()));
    }

    @Property(tries = 400)
    void consistencyProofWhenHonestThenVerifies(@ForAll("consistencies") Consistency c) throws Exception {
        ProofVerifier.verifyConsistency(c.size1(), c.size2(),
                MerkleTree.consistencyProof(TREE, c.size1(), c.size2()), root(c.size1()), root(c.size2()));
    }

    @Property(tries = 400)
    void inclusionProofWhenAnyBitFlippedThenRejected(@ForAll("inclusions") Inclusion c,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int where) throws Exception {
        List<byte[]> proof = MerkleTree.inclusionProof(TREE, c.index(), c.size());
        byte[] leaf = TREE.hash(0, c.index());
        byte[] root = root(c.size());
        int bits = (proof.size() + 2) * 256;
        int bit = where % bits;
        int slot = bit / 256;
        byte[] target = slot == proof.size() ? leaf : slot == proof.size() + 1 ? root : proof.get(slot);
        target[(bit % 256) / 8] ^= (byte) (1 << (bit % 8));
        assertRejected(() -> ProofVerifier.verifyInclusion(leaf, c.index(), c.size(), proof, root));
    }

    @Property(tries = 300)
    void inclusionProofWhenTruncatedOrExtendedThenRejected(@ForAll("inclusions") Inclusion c,
            @ForAll boolean atFront) throws Exception {
        List<byte[]> proof = MerkleTree.inclusionProof(TREE, c.index(), c.size());
        byte[] leaf = TREE.hash(0, c.index());
        byte[] root = root(c.size());
        List<byte[]> longer = new ArrayList<>(proof);
        longer.add(atFront ? 0 : longer.size(), TREE.hash(0, (c.index() + 1) % MAX_LEAVES));
        assertRejected(() -> ProofVerifier.verifyInclusion(leaf, c.index(), c.size(), longer, root));
        if (!proof.isEmpty()) {
            List<byte[]> shorter = new ArrayList<>(proof);
            shorter.remove(atFront ? 0 : shorter.size() - 1);
            assertRejected(() -> ProofVerifier.verifyInclusion(leaf, c.index(), c.size(), shorter, root));
        }
    }

    @Property(tries = 300)
    void inclusionProofWhenIndexOrSizeChangedThenRejected(@ForAll("inclusions") Inclusion c,
            @ForAll @IntRange(min = 1, max = MAX_LEAVES) int delta) throws Exception {
        List<byte[]> proof = MerkleTree.inclusionProof(TREE, c.index(), c.size());
        byte[] leaf = TREE.hash(0, c.index());
        long otherIndex = (c.index() + delta) % c.size();
        if (otherIndex != c.index()) {
            assertRejected(() -> ProofVerifier.verifyInclusion(leaf, otherIndex, c.size(), proof, root(c.size())));
        }
        long otherSize = 1 + (c.size() - 1 + delta) % MAX_LEAVES;
        if (otherSize != c.size() && c.index() < otherSize) {
            // The proof of one size, presented with another size's (genuine) root.
            assertRejected(() -> ProofVerifier.verifyInclusion(leaf, c.index(), otherSize, proof, root(otherSize)));
        }
    }

    @Property(tries = 400)
    void consistencyProofWhenAnyBitFlippedThenRejected(@ForAll("consistencies") Consistency c,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int where) throws Exception {
        List<byte[]> proof = MerkleTree.consistencyProof(TREE, c.size1(), c.size2());
        byte[] root1 = root(c.size1());
        byte[] root2 = root(c.size2());
        int bits = (proof.size() + 2) * 256;
        int bit = where % bits;
        int slot = bit / 256;
        byte[] target = slot == proof.size() ? root1 : slot == proof.size() + 1 ? root2 : proof.get(slot);
        target[(bit % 256) / 8] ^= (byte) (1 << (bit % 8));
        assertRejected(() -> ProofVerifier.verifyConsistency(c.size1(), c.size2(), proof, root1, root2));
    }

    @Property(tries = 300)
    void consistencyProofWhenTruncatedExtendedOrResizedThenRejected(@ForAll("consistencies") Consistency c,
            @ForAll boolean atFront, @ForAll @IntRange(min = 1, max = MAX_LEAVES) int delta) throws Exception {
        List<byte[]> proof = MerkleTree.consistencyProof(TREE, c.size1(), c.size2());
        byte[] root1 = root(c.size1());
        byte[] root2 = root(c.size2());
        List<byte[]> longer = new ArrayList<>(proof);
        longer.add(atFront ? 0 : longer.size(), TREE.hash(0, delta - 1));
        assertRejected(() -> ProofVerifier.verifyConsistency(c.size1(), c.size2(), longer, root1, root2));
        if (!proof.isEmpty()) {
            List<byte[]> shorter = new ArrayList<>(proof);
            shorter.remove(atFront ? 0 : shorter.size() - 1);
            assertRejected(() -> ProofVerifier.verifyConsistency(c.size1(), c.size2(), shorter, root1, root2));
        }
        long otherSize2 = 1 + (c.size2() - 1 + delta) % MAX_LEAVES;
        if (otherSize2 != c.size2() && otherSize2 >= c.size1()) {
            assertRejected(() -> ProofVerifier.verifyConsistency(c.size1(), otherSize2, proof, root1,
                    root(otherSize2)));
        }
        long otherSize1 = 1 + (c.size1() - 1 + delta) % c.size2();
        if (otherSize1 != c.size1()) {
            assertRejected(() -> ProofVerifier.verifyConsistency(otherSize1, c.size2(), proof,
                    root(otherSize1), root2));
        }
    }

    private static byte[] root(long size) {
        return ROOTS.computeIfAbsent(size, s -> {
            try {
                return MerkleTree.rootHash(TREE, s);
            } catch (VerificationException e) {
                throw new IllegalStateException(e);
            }
        }).clone();
    }

    private static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(VerificationException.class);
    }

}
