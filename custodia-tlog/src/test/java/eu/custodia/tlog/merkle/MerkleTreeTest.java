package eu.custodia.tlog.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.tlog.VerificationException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

    /** RFC 6962 reference tree of eight leaves (certificate-transparency-go merkle test data). */
    private static final String[] LEAVES = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
        "606162636465666768696a6b6c6d6e6f"};

    private static final String[] ROOTS = {
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

    private static InMemoryHashStore tree(int size) {
        InMemoryHashStore store = new InMemoryHashStore();
        for (int i = 0; i < size; i++) {
            store.appendEntry(HexFormat.of().parseHex(LEAVES[i]));
        }
        return store;
    }

    @Test
    void rootHashWhenReferenceTreeThenMatchesRfc6962Roots() throws Exception {
        for (int size = 1; size <= 8; size++) {
            assertThat(Hex.encode(MerkleTree.rootHash(tree(size), size))).as("size %d", size)
                    .isEqualTo(ROOTS[size - 1]);
        }
    }

    @Test
    void rootHashWhenEmptyThenSha256OfNothing() throws Exception {
        assertThat(Hex.encode(MerkleTree.rootHash(new InMemoryHashStore(), 0)))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void rootHashWhenSmallerSizeThenRootOfThatPrefix() throws Exception {
        InMemoryHashStore all = tree(8);
        for (int size = 1; size <= 8; size++) {
            assertThat(Hex.encode(MerkleTree.rootHash(all, size))).isEqualTo(ROOTS[size - 1]);
        }
    }

    @Test
    void inclusionProofWhenEveryLeafThenVerifiesAgainstReferenceRoot() throws Exception {
        InMemoryHashStore all = tree(8);
        for (int size = 1; size <= 8; size++) {
            byte[] root = HexFormat.of().parseHex(ROOTS[size - 1]);
            for (int i = 0; i < size; i++) {
                List<byte[]> proof = MerkleTree.inclusionProof(all, i, size);
                ProofVerifier.verifyInclusion(all.hash(0, i), i, size, proof, root);
            }
        }
    }

    @Test
    void consistencyProofWhenEveryPairThenVerifiesAgainstReferenceRoots() throws Exception {
        InMemoryHashStore all = tree(8);
        for (int m = 1; m <= 8; m++) {
            for (int n = m; n <= 8; n++) {
                List<byte[]> proof = MerkleTree.consistencyProof(all, m, n);
                ProofVerifier.verifyConsistency(m, n, proof, HexFormat.of().parseHex(ROOTS[m - 1]),
                        HexFormat.of().parseHex(ROOTS[n - 1]));
            }
        }
    }

    @Test
    void consistencyProofWhenRfc9162ExampleThenHasDocumentedShape() throws Exception {
        // RFC 9162 §2.1.5: PROOF(3, D[7]) = [c, d, g, l]; PROOF(4, D[7]) = [l]; PROOF(6, D[7]) = [i, j, k].
        InMemoryHashStore all = tree(7);
        assertThat(MerkleTree.consistencyProof(all, 3, 7)).hasSize(4);
        assertThat(MerkleTree.consistencyProof(all, 4, 7)).hasSize(1);
        assertThat(MerkleTree.consistencyProof(all, 6, 7)).hasSize(3);
        assertThat(MerkleTree.inclusionProof(all, 0, 7)).hasSize(3);
        assertThat(MerkleTree.inclusionProof(all, 6, 7)).hasSize(2);
    }

    @Test
    void inclusionProofWhenIndexOutsideTreeThenRejected() {
        assertThatThrownBy(() -> MerkleTree.inclusionProof(tree(3), 3, 3))
                .isInstanceOf(VerificationException.class).hasMessageContaining("outside the tree of size 3");
    }

    @Test
    void consistencyProofWhenShrinkingOrFromEmptyThenRejected() {
        assertThatThrownBy(() -> MerkleTree.consistencyProof(tree(3), 3, 2))
                .isInstanceOf(VerificationException.class);
        assertThatThrownBy(() -> MerkleTree.consistencyProof(tree(3), 0, 2))
                .isInstanceOf(VerificationException.class);
    }

    @Test
    void rootHashWhenReaderReturnsShortHashThenRejectedWithPosition() {
        HashReader broken = (level, index) -> Arrays.copyOf("x".getBytes(StandardCharsets.US_ASCII), 5);
        assertThatThrownBy(() -> MerkleTree.rootHash(broken, 3))
                .isInstanceOf(VerificationException.class).hasMessageContaining("level 1, index 0");
    }

    @Test
    void verifyInclusionWhenProofTooLongThenRefusedBeforeHashing() {
        List<byte[]> proof = java.util.Collections.nCopies(65, new byte[32]);
        assertThatThrownBy(() -> ProofVerifier.verifyInclusion(new byte[32], 0, Long.MAX_VALUE, proof,
                new byte[32])).hasMessageContaining("at most 64");
    }
}
