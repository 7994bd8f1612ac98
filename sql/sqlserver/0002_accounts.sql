-- Accounts: a folded search column (upper case, no accents: SearchText.Fold of display name and e-mail)
-- so the users list searches the same way on SQLite and SQL Server. Twin: sql/sqlite/0002_accounts.sql.
ALTER TABLE dbo.Users ADD SearchText nvarchar(500) NOT NULL CONSTRAINT DF_Users_SearchText DEFAULT N'';
