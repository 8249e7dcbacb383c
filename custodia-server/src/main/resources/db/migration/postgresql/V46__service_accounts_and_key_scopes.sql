-- Service accounts and key scopes.
--
-- Service accounts (kind 'service') are machine identities: a name and a description chosen by an
-- administrator (no personal data), no username, no password, no second factor. A tenant's service account
-- belongs to the tenant; a platform service account to no tenant (staff accounts too; tenant users always
-- have one). Names are unique within a tenant (and among the platform's).
ALTER TABLE accounts DROP CONSTRAINT accounts_check;
ALTER TABLE accounts ALTER COLUMN username DROP NOT NULL;
ALTER TABLE accounts ADD COLUMN name TEXT;
ALTER TABLE accounts ADD COLUMN description TEXT;
ALTER TABLE accounts ADD CONSTRAINT accounts_staff_tenant CHECK (kind <> 'staff' OR tenant_id IS NULL);
ALTER TABLE accounts ADD CONSTRAINT accounts_user_tenant CHECK (kind <> 'tenant-user' OR tenant_id IS NOT NULL);
ALTER TABLE accounts ADD CONSTRAINT accounts_service_username CHECK ((kind = 'service') = (username IS NULL));
ALTER TABLE accounts ADD CONSTRAINT accounts_service_name CHECK ((kind = 'service') = (name IS NOT NULL));
ALTER TABLE accounts ADD CONSTRAINT accounts_service_description CHECK (kind = 'service' OR description IS NULL);
CREATE UNIQUE INDEX accounts_service_name_unique ON accounts (COALESCE(tenant_id, ''), name) WHERE kind = 'service';

-- A key's scopes: the permission codes it is narrowed to, sorted and comma-separated (null: everything its
-- roles allow). Its effective authority is what its roles allow on those permissions only.
ALTER TABLE api_keys ADD COLUMN scopes TEXT;
