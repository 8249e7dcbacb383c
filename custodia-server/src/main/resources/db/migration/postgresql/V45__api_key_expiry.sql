-- API keys expire: a key is refused from expires_at on (null: a key issued before keys expired).
ALTER TABLE api_keys ADD COLUMN expires_at TIMESTAMPTZ;
