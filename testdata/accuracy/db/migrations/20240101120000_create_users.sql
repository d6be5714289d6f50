CREATE TABLE users (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email         text NOT NULL UNIQUE,
    password_hash text NOT NULL,
    api_token     text,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_tokens (
    id         uuid PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES users (id),
    token_hash bytea NOT NULL,
    last_used  timestamptz
);

-- The service account for the importer; its password is set by the deploy job.
CREATE ROLE importer LOGIN PASSWORD :'importer_password';
