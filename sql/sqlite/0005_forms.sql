-- Needs forms (issue 3): a form reopened by an officer after closing (or past the member's deadline) stays editable by
-- its member's buyers while it is a draft or returned. Twin: sql/sqlserver/0005_forms.sql.
ALTER TABLE NeedsForms ADD COLUMN ReopenedAtUtc TEXT NULL;
