package eu.custodia.server.backup;

import eu.custodia.server.platform.TenantId;
import java.nio.file.Path;
import java.util.List;

/**
 * Per-tenant encrypted backups. Each archive is written under a temporary name and moved into place, the
 * signed manifest last, so an interrupted run leaves no archive that looks complete; running again skips
 * tenants whose latest archive in the directory is complete and verified (unless forced).
 *
 * <p>Every failure is a {@link BackupException} whose message says, in English and Italian, what is wrong:
 * a manifest not signed by the expected key, a digest that does not match, an archive that does not decrypt
 * (tampered, or its tenant's key-encryption key destroyed), a store that is not empty for the tenant.
 */
public interface Backups {

    /** Every tenant in the register, in creation order. */
    List<TenantId> tenants();

    /**
     * Writes the tenant's archive and manifest into {@code directory}, and ledgers {@code backup.created} in the
     * tenant's log; or, unless {@code force}, keeps an earlier complete and verified archive of the tenant there.
     */
    BackupResult backup(TenantId tenant, Path directory, boolean force, BackupProgress progress);

    /**
     * Checks an archive without restoring it: the manifest's signature (by {@code verifierKey}, C2SP text form,
     * or the deployment's ledger key when null), every digest, and that the whole body decrypts and parses with
     * the counts the manifest states. Writes nothing.
     *
     * @param manifest the manifest, or null for {@code <archive>.manifest}
     * @return what the archive holds
     */
    VerifiedArchive verify(Path archive, Path manifest, String verifierKey);

    /**
     * Verifies the archive as {@link #verify} does, then restores its tenant into this store, where the tenant
     * must have no keysets, collections, records or blobs yet; the tenant's register row is restored when absent.
     * One transaction: a failure leaves the store as it was. Ledgers {@code backup.restored} in the tenant's log.
     */
    VerifiedArchive restore(Path archive, Path manifest, String verifierKey, BackupProgress progress);
}
