-- Procedure advice a lawyer would sign (issue 7, items 5 and 6). Twin: sql/sqlite/0010_procedure_advice.sql.
-- The campaign states the nature of the purchase (1 supplies, 2 services, 3 works: it selects the thresholds) and the
-- contract form (0 ordinary, 1 accord-cadre à bons de commande, 2 accord-cadre with marchés subséquents); an
-- accord-cadre has a maximum HT per lot (mandatory since 2022). Existing campaigns: supplies, ordinary contract.
ALTER TABLE dbo.NeedsCampaigns ADD Nature int NOT NULL CONSTRAINT DF_NeedsCampaigns_Nature DEFAULT 1;
ALTER TABLE dbo.NeedsCampaigns ADD ContractForm int NOT NULL CONSTRAINT DF_NeedsCampaigns_ContractForm DEFAULT 0;
ALTER TABLE dbo.CampaignLots ADD MaximumCents bigint NULL;

-- What the stored advice rested on: nature and contract form, the estimate and the lots' maxima (EstimatedValueCents
-- stays the value compared with the thresholds), the forms counted, pending (draft or returned) and missing, whether
-- the pending forms would change the procedure, and the obligations listed.
ALTER TABLE dbo.ProcedureAdvices ADD Nature int NOT NULL CONSTRAINT DF_ProcedureAdvices_Nature DEFAULT 1;
ALTER TABLE dbo.ProcedureAdvices ADD ContractForm int NOT NULL CONSTRAINT DF_ProcedureAdvices_ContractForm DEFAULT 0;
ALTER TABLE dbo.ProcedureAdvices ADD EstimateCents bigint NULL;
ALTER TABLE dbo.ProcedureAdvices ADD LotMaximaCents bigint NULL;
ALTER TABLE dbo.ProcedureAdvices ADD CountedForms int NULL;
ALTER TABLE dbo.ProcedureAdvices ADD PendingForms int NULL;
ALTER TABLE dbo.ProcedureAdvices ADD MissingForms int NULL;
ALTER TABLE dbo.ProcedureAdvices ADD PendingChangesProcedure bit NOT NULL CONSTRAINT DF_ProcedureAdvices_PendingChangesProcedure DEFAULT 0;
ALTER TABLE dbo.ProcedureAdvices ADD Obligations nvarchar(max) NULL;

-- Every threshold row an advice cites (procedure and obligations): such a row is history, only end-dated.
CREATE TABLE dbo.ProcedureAdviceThresholds (
    AdviceId bigint NOT NULL CONSTRAINT FK_ProcedureAdviceThresholds_Advice REFERENCES dbo.ProcedureAdvices (Id) ON DELETE CASCADE,
    ThresholdId bigint NOT NULL CONSTRAINT FK_ProcedureAdviceThresholds_Threshold REFERENCES dbo.ProcurementThresholds (Id),
    CONSTRAINT PK_ProcedureAdviceThresholds PRIMARY KEY (AdviceId, ThresholdId)
);
CREATE INDEX IX_ProcedureAdviceThresholds_Threshold ON dbo.ProcedureAdviceThresholds (ThresholdId);

INSERT INTO dbo.ProcedureAdviceThresholds (AdviceId, ThresholdId) SELECT Id, NoProcedureThresholdId FROM dbo.ProcedureAdvices;
INSERT INTO dbo.ProcedureAdviceThresholds (AdviceId, ThresholdId) SELECT Id, EuThresholdId FROM dbo.ProcedureAdvices WHERE EuThresholdId <> NoProcedureThresholdId;

-- The 2026 EU thresholds are set for 2026 and 2027: after 31 December 2027 the advice says the value is unknown.
UPDATE dbo.ProcurementThresholds SET ValidUntil = '2027-12-31', Version = Version + 1
WHERE Kind IN (1, 2, 3) AND ValidFrom = '2026-01-01' AND ValidUntil IS NULL;

-- Publication thresholds (kinds: see ProcurementGroup.Core.Procedures.ThresholdKind).
INSERT INTO dbo.ProcurementThresholds (Kind, ValidFrom, ValidUntil, AmountCents, Article, UpdatedAtUtc) VALUES
    (8, '2024-01-01', NULL, 9000000, 'R2131-12', '2026-11-29T00:00:00'),
    (9, '2024-01-01', NULL, 4000000, 'R2132-2', '2026-11-29T00:00:00');
