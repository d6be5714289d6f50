-- Seed data for staging.
INSERT INTO users (id, email, password_hash) VALUES
    ('497d262e-bc37-498d-acb1-18d95a5cd215', 'admin@acme.io', '$2b$12$HA59b4LcJ26FuyrAVzbb6uSesCiKG2m/flTEEXub93Fd8.hc/lRHV'),
    ('2780850b-b9c1-4594-bccd-44259d4291cb', 'support@acme.io', '$argon2id$v=19$m=65536,t=3,p=4$8uLOtFRO8jWJd+0YV0VJJA$MldeEDyixVzMv4VOgtTvI6aDEN/P7MEKokHICkJoFT0');

-- Integration credentials for the demo tenant.
INSERT INTO integrations (tenant, provider, access_token) VALUES
    ('demo', 'slack', 'xoxb-53851299779-9306857786937-G07HE4gAdp8FTTPS8ibgng2z'),
    ('demo', 'github', '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');

CREATE USER reporting_ro WITH PASSWORD '6wK6eE71v6@YGEo*';
ALTER USER importer WITH PASSWORD 'changeme';
