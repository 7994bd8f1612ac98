-- Procedure advice a lawyer would sign (issue 7, items 5 and 6). Twin: sql/sqlserver/0010_procedure_advice.sql.
-- The campaign states the nature of the purchase (1 supplies, 2 services, 3 works: it selects the thresholds) and the
-- contract form (0 ordinary, 1 accord-cadre à bons de commande, 2 accord-cadre with marchés subséquents); an
-- accord-cadre has a maximum HT per lot (mandatory since 2022). Existing campaigns: supplies, ordinary contract.
ALTER TABLE NeedsCampaigns ADD COLUMN Nature INTEGER NOT NULL DEFAULT 1;
ALTER TABLE NeedsCampaigns ADD COLUMN ContractForm INTEGER NOT NULL DEFAULT 0;
ALTER TABLE CampaignLots ADD COLUMN MaximumCents INTEGER NULL;

-- What the stored advice rested on: nature and contract form, the estimate and the lots' maxima (EstimatedValueCents
-- stays the value compared with the thresholds), the forms counted, pending (draft or returned) and missing, whether
-- the pending forms would change the procedure, and the obligations listed.
ALTER TABLE ProcedureAdvices ADD COLUMN Nature INTEGER NOT NULL DEFAULT 1;
ALTER TABLE ProcedureAdvices ADD COLUMN ContractForm INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ProcedureAdvices ADD COLUMN EstimateCents INTEGER NULL;
ALTER TABLE ProcedureAdvices ADD COLUMN LotMaximaCents INTEGER NULL;
ALTER TABLE ProcedureAdvices ADD COLUMN CountedForms INTEGER NULL;
ALTER TABLE ProcedureAdvices ADD COLUMN PendingForms INTEGER NULL;
ALTER TABLE ProcedureAdvices ADD COLUMN MissingForms INTEGER NULL;
ALTER TABLE ProcedureAdvices ADD COLUMN PendingChangesProcedure INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ProcedureAdvices ADD COLUMN Obligations TEXT NULL;

-- Every threshold row an advice cites (procedure and obligations): such a row is history, only end-dated.
CREATE TABLE ProcedureAdviceThresholds (
    AdviceId INTEGER NOT NULL REFERENCES ProcedureAdvices (Id) ON DELETE CASCADE,
    ThresholdId INTEGER NOT NULL REFERENCES ProcurementThresholds (Id),
    PRIMARY KEY (AdviceId, ThresholdId)
);
CREATE INDEX IX_ProcedureAdviceThresholds_Threshold ON ProcedureAdviceThresholds (ThresholdId);

INSERT INTO ProcedureAdviceThresholds (AdviceId, ThresholdId) SELECT Id, NoProcedureThresholdId FROM ProcedureAdvices;
INSERT INTO ProcedureAdviceThresholds (AdviceId, ThresholdId) SELECT Id, EuThresholdId FROM ProcedureAdvices WHERE EuThresholdId <> NoProcedureThresholdId;

-- The 2026 EU thresholds are set for 2026 and 2027: after 31 December 2027 the advice says the value is unknown.
UPDATE ProcurementThresholds SET ValidUntil = '2027-12-31', Version = Version + 1
WHERE Kind IN (1, 2, 3) AND ValidFrom = '2026-01-01' AND ValidUntil IS NULL;

-- Publication thresholds (kinds: see ProcurementGroup.Core.Procedures.ThresholdKind).
INSERT INTO ProcurementThresholds (Kind, ValidFrom, ValidUntil, AmountCents, Article, UpdatedAtUtc) VALUES
    (8, '2024-01-01', NULL, 9000000, 'R2131-12', '2026-11-29 00:00:00.0000000'),
    (9, '2024-01-01', NULL, 4000000, 'R2132-2', '2026-11-29 00:00:00.0000000');
