-- Platform settings: one row per key (e.g. demo-data marker, deployment facts). No secrets here.
CREATE TABLE platform_settings (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
