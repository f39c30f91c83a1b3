-- People who use Utter. The first one, set up by the first visitor, is the admin.
CREATE TABLE accounts (
    id                  VARCHAR(36)  NOT NULL PRIMARY KEY,
    username            VARCHAR(64)  NOT NULL,
    password_hash       VARCHAR(255) NOT NULL,
    role                VARCHAR(16)  NOT NULL,
    enabled             BOOLEAN      NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    password_changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_login_at       TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX accounts_username ON accounts (username);

-- Exactly one row once the admin exists: its primary key makes setting up twice fail, on any number of instances.
CREATE TABLE instance_setup (
    id          INTEGER     NOT NULL PRIMARY KEY,
    admin_id    VARCHAR(36) NOT NULL,
    finished_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- API keys are kept as a SHA-256 of the key: the key itself is shown once and never stored.
CREATE TABLE api_keys (
    id           VARCHAR(36) NOT NULL PRIMARY KEY,
    account_id   VARCHAR(36) NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name         VARCHAR(100) NOT NULL,
    prefix       VARCHAR(16) NOT NULL,
    key_sha256   CHAR(64)    NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at TIMESTAMP WITH TIME ZONE,
    revoked_at   TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX api_keys_by_hash ON api_keys (key_sha256);
CREATE INDEX api_keys_by_account ON api_keys (account_id);

-- One-time sign-up links an admin hands out; stored hashed like API keys.
CREATE TABLE invitations (
    id          VARCHAR(36) NOT NULL PRIMARY KEY,
    token_sha256 CHAR(64)   NOT NULL,
    created_by  VARCHAR(36) NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    used_by     VARCHAR(36),
    used_at     TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX invitations_by_hash ON invitations (token_sha256);

-- Characters sent for speech, per account; kept apart from generations so deleting history does not refill the allowance.
CREATE TABLE character_usage (
    account_id VARCHAR(36) NOT NULL,
    used_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    characters INTEGER     NOT NULL
);
CREATE INDEX character_usage_by_account ON character_usage (account_id, used_at);

-- Everything personal belongs to one account. Rows from before accounts existed get the admin once one is set up.
ALTER TABLE voices ADD COLUMN owner_id VARCHAR(36);
ALTER TABLE voices ADD COLUMN consent_accepted_by VARCHAR(64);
CREATE INDEX voices_by_owner ON voices (owner_id, created_at DESC, id);
ALTER TABLE generations ADD COLUMN owner_id VARCHAR(36);
CREATE INDEX generations_by_owner ON generations (owner_id, created_at DESC, id);
