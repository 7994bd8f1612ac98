-- Data integrity (issue 6). Twin: sql/sqlite/0009_versions_outbox.sql.
-- Optimistic concurrency on the rows users edit that had no Version: UPDATE ... WHERE Id = @Id AND Version = @Version,
-- zero rows changed = someone else saved first.
ALTER TABLE dbo.MemberSites ADD Version int NOT NULL CONSTRAINT DF_MemberSites_Version DEFAULT 1;
ALTER TABLE dbo.CampaignLots ADD Version int NOT NULL CONSTRAINT DF_CampaignLots_Version DEFAULT 1;
ALTER TABLE dbo.ProcurementThresholds ADD Version int NOT NULL CONSTRAINT DF_ProcurementThresholds_Version DEFAULT 1;
ALTER TABLE dbo.Adhesions ADD Version int NOT NULL CONSTRAINT DF_Adhesions_Version DEFAULT 1;

-- Transactional outbox: rows are written in the transaction of the change that causes them and sent by a recurring
-- job; a sender claims a row (ClaimedAtUtc) before sending, so two runs never send it twice, and a claim older than
-- the timeout (a crashed sender) is taken again. BodyPurgedAtUtc: retention removed the body, the row stays.
ALTER TABLE dbo.OutboxMessages ADD ClaimedAtUtc datetime2 NULL;
ALTER TABLE dbo.OutboxMessages ADD BodyPurgedAtUtc datetime2 NULL;
