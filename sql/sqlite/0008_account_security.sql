-- Account security (issue 6): two-factor authentication with an authenticator app (TOTP). The shared key and the
-- on/off switch sit on the user; recovery codes are kept as SHA-256 hashes, one row each, so that redeeming one is a
-- single DELETE (single use even when two requests race). Twin: sql/sqlserver/0008_account_security.sql.
ALTER TABLE Users ADD COLUMN TwoFactorEnabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE Users ADD COLUMN AuthenticatorKey TEXT NULL;

CREATE TABLE UserRecoveryCodes (
    UserId INTEGER NOT NULL REFERENCES Users (Id) ON DELETE CASCADE,
    CodeHash TEXT NOT NULL,
    PRIMARY KEY (UserId, CodeHash)
);
