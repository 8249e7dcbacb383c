-- The second wall around tenant data (commitment 4): forced row-level security on every tenant-data table.
-- A transaction sees, inserts, updates and deletes only the rows of the tenant it has entered with
-- TenantRowScope.enter (set_config('custodia.tenant_id', <tenant>, true), transaction-local); a query that
-- forgets its tenant_id filter therefore finds only that tenant's rows, and without a scope it finds nothing
-- (current_setting(..., true) is then NULL or empty, which equals no tenant_id). FORCE applies the policies to the
-- tables' owner too; only a superuser or a role with BYPASSRLS passes them, which is why the application
-- connects as a role that owns nothing and is neither (custodia.db.migration-user migrates; hardening check
-- db-row-security). A new tenant-data table must be added here, in a later migration, the same way.
ALTER TABLE tenant_keysets ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_keysets FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_keysets
    USING (tenant_id = current_setting('custodia.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('custodia.tenant_id', true));

ALTER TABLE record_collections ENABLE ROW LEVEL SECURITY;
ALTER TABLE record_collections FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON record_collections
    USING (tenant_id = current_setting('custodia.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('custodia.tenant_id', true));

ALTER TABLE records ENABLE ROW LEVEL SECURITY;
ALTER TABLE records FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON records
    USING (tenant_id = current_setting('custodia.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('custodia.tenant_id', true));

ALTER TABLE record_index ENABLE ROW LEVEL SECURITY;
ALTER TABLE record_index FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON record_index
    USING (tenant_id = current_setting('custodia.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('custodia.tenant_id', true));

ALTER TABLE blobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE blobs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON blobs
    USING (tenant_id = current_setting('custodia.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('custodia.tenant_id', true));

-- Not reencryption_jobs: it holds a job's progress (state, counts, the last record id done), no tenant content,
-- and the node that starts finds every tenant's interrupted job in it to resume it.
