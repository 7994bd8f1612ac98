-- Open data (issue 10): the stored checks of each contract against the export schemas and the publication log.
-- Twin: sql/sqlite/0016_open_data.sql.
-- OpenDataChecks: one row per contract and format ('decp', 'ocds') written by OpenDataCheck when the contract, its
-- amendments or what its export depends on change; Errors NULL means valid, otherwise the French messages, one per
-- line. A contract with errors in any format is left out of both exports and listed on /opendata/checks.
CREATE TABLE dbo.OpenDataChecks (
    ContractId bigint NOT NULL CONSTRAINT FK_OpenDataChecks_Contract REFERENCES dbo.Contracts (Id) ON DELETE CASCADE,
    Format nvarchar(10) NOT NULL,
    CheckedAtUtc datetime2 NOT NULL,
    Errors nvarchar(max) NULL,
    CONSTRAINT PK_OpenDataChecks PRIMARY KEY (ContractId, Format)
);

-- OpenDataPublications: the day (Paris) a contract (AmendmentId NULL) or one of its amendments first appeared in the
-- DECP export; that day is its datePublicationDonnees (datePublicationDonneesModification) ever after (R2196-1: the
-- date of first publication is never updated). One row per contract and one per amendment: two filtered unique
-- indexes, because a unique index over a NULL-able column treats NULLs differently in SQLite and SQL Server.
-- The export's version stamp (OpenDataStamp) is derived from the timestamps and counts of the published tables and
-- of this log: it needs no table of its own.
CREATE TABLE dbo.OpenDataPublications (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_OpenDataPublications PRIMARY KEY,
    ContractId bigint NOT NULL CONSTRAINT FK_OpenDataPublications_Contract REFERENCES dbo.Contracts (Id),
    AmendmentId bigint NULL CONSTRAINT FK_OpenDataPublications_Amendment REFERENCES dbo.ContractAmendments (Id),
    FirstPublishedOn date NOT NULL,
    CreatedAtUtc datetime2 NOT NULL
);
CREATE UNIQUE INDEX UX_OpenDataPublications_Contract ON dbo.OpenDataPublications (ContractId) WHERE AmendmentId IS NULL;
CREATE UNIQUE INDEX UX_OpenDataPublications_Amendment ON dbo.OpenDataPublications (AmendmentId) WHERE AmendmentId IS NOT NULL;
