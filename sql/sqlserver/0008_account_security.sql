-- Account security (issue 6): two-factor authentication with an authenticator app (TOTP). The shared key and the
-- on/off switch sit on the user; recovery codes are kept as SHA-256 hashes, one row each, so that redeeming one is a
-- single DELETE (single use even when two requests race). Twin: sql/sqlite/0008_account_security.sql.
ALTER TABLE dbo.Users ADD TwoFactorEnabled bit NOT NULL CONSTRAINT DF_Users_TwoFactorEnabled DEFAULT 0;
ALTER TABLE dbo.Users ADD AuthenticatorKey nvarchar(200) NULL;

CREATE TABLE dbo.UserRecoveryCodes (
    UserId bigint NOT NULL CONSTRAINT FK_UserRecoveryCodes_Users REFERENCES dbo.Users (Id) ON DELETE CASCADE,
    CodeHash nvarchar(64) NOT NULL,
    CONSTRAINT PK_UserRecoveryCodes PRIMARY KEY (UserId, CodeHash)
);
