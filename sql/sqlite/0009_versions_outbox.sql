-- Data integrity (issue 6). Twin: sql/sqlserver/0009_versions_outbox.sql.
-- Optimistic concurrency on the rows users edit that had no Version: UPDATE ... WHERE Id = @Id AND Version = @Version,
-- zero rows changed = someone else saved first.
ALTER TABLE MemberSites ADD COLUMN Version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE CampaignLots ADD COLUMN Version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE ProcurementThresholds ADD COLUMN Version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE Adhesions ADD COLUMN Version INTEGER NOT NULL DEFAULT 1;

-- Transactional outbox: rows are written in the transaction of the change that causes them and sent by a recurring
-- job; a sender claims a row (ClaimedAtUtc) before sending, so two runs never send it twice, and a claim older than
-- the timeout (a crashed sender) is taken again. BodyPurgedAtUtc: retention removed the body, the row stays.
ALTER TABLE OutboxMessages ADD COLUMN ClaimedAtUtc TEXT NULL;
ALTER TABLE OutboxMessages ADD COLUMN BodyPurgedAtUtc TEXT NULL;
