-- Who employs each member of the provider's staff who may ask for just-in-time access, and the country they
-- work from (elevation, commitment 5): named in every elevation.grant-used event, so the customer knows whether
-- its data was reached by the provider or by a named sub-processor, and from where. A staff account without a
-- row is employed by the provider (custodia.elevation.employer, custodia.elevation.country). Set by a security
-- officer; each change ledgered in the platform log. A company name and a country code, no personal data.
CREATE TABLE staff_affiliations (
    account_id TEXT        NOT NULL PRIMARY KEY,
    employer   TEXT        NOT NULL,
    country    TEXT        NOT NULL,
    updated_at TEXT        NOT NULL,
    updated_by TEXT        NOT NULL
);
