-- Accounts: a folded search column (upper case, no accents: SearchText.Fold of display name and e-mail)
-- so the users list searches the same way on SQLite and SQL Server. Twin: sql/sqlserver/0002_accounts.sql.
ALTER TABLE Users ADD COLUMN SearchText TEXT NOT NULL DEFAULT '';
