-- Needs campaigns (issue 3): campaigns, catalogue by lot, member sites, needs forms and lines, reminders,
-- the dated threshold table and the stored procedure advice. Twin: sql/sqlite/0003_needs.sql.
-- Quantities are thousandths (QuantityMilli); prices are cents; VAT rates are basis points (2000 = 20 %).

CREATE TABLE dbo.NeedsCampaigns (
    Id bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    PurchasingGroupId bigint NOT NULL REFERENCES dbo.PurchasingGroups (Id),
    Title nvarchar(300) NOT NULL,
    Description nvarchar(4000) NULL,
    OpensAtUtc datetime2 NOT NULL,
    ClosesAtUtc datetime2 NOT NULL,
    PlannedLaunchDate date NOT NULL,
    DurationMonths int NOT NULL,
    Status int NOT NULL,
    CopiedFromCampaignId bigint NULL,
    OpenedAtUtc datetime2 NULL,
    ClosedAtUtc datetime2 NULL,
    Version int NOT NULL DEFAULT 1,
    CreatedAtUtc datetime2 NOT NULL,
    UpdatedAtUtc datetime2 NOT NULL
);
CREATE INDEX IX_NeedsCampaigns_Group ON dbo.NeedsCampaigns (PurchasingGroupId, OpensAtUtc);
CREATE INDEX IX_NeedsCampaigns_Status ON dbo.NeedsCampaigns (Status, OpensAtUtc);

CREATE TABLE dbo.CampaignLots (
    Id bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    CampaignId bigint NOT NULL REFERENCES dbo.NeedsCampaigns (Id) ON DELETE CASCADE,
    LotNumber int NOT NULL,
    Title nvarchar(300) NOT NULL
);
CREATE UNIQUE INDEX UX_CampaignLots_Number ON dbo.CampaignLots (CampaignId, LotNumber);

CREATE TABLE dbo.CatalogueItems (
    Id bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    CampaignId bigint NOT NULL REFERENCES dbo.NeedsCampaigns (Id) ON DELETE CASCADE,
    LotId bigint NOT NULL REFERENCES dbo.CampaignLots (Id),
    Code nvarchar(50) NOT NULL,
    Label nvarchar(300) NOT NULL,
    Unit nvarchar(50) NOT NULL,
    WholeNumbersOnly bit NOT NULL DEFAULT 1,
    UnitPriceCents bigint NOT NULL,
    PricePeriod int NOT NULL,
    VatRateBasisPoints int NOT NULL DEFAULT 2000,
    MaxPerMemberMilli bigint NULL,
    SortOrder int NOT NULL DEFAULT 0,
    Version int NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX UX_CatalogueItems_Code ON dbo.CatalogueItems (CampaignId, Code);
CREATE INDEX IX_CatalogueItems_Lot ON dbo.CatalogueItems (LotId);

-- A deadline extended for one member only (the campaign's own ClosesAtUtc is extended for all).
CREATE TABLE dbo.CampaignMemberDeadlines (
    CampaignId bigint NOT NULL REFERENCES dbo.NeedsCampaigns (Id) ON DELETE CASCADE,
    MemberId bigint NOT NULL REFERENCES dbo.Members (Id),
    ClosesAtUtc datetime2 NOT NULL,
    PRIMARY KEY (CampaignId, MemberId)
);

CREATE TABLE dbo.MemberSites (
    Id bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    MemberId bigint NOT NULL REFERENCES dbo.Members (Id),
    Name nvarchar(200) NOT NULL,
    Address nvarchar(400) NULL,
    CommuneInsee nvarchar(5) NULL,
    IsArchived bit NOT NULL DEFAULT 0,
    CreatedAtUtc datetime2 NOT NULL
);
CREATE INDEX IX_MemberSites_Member ON dbo.MemberSites (MemberId);

CREATE TABLE dbo.NeedsForms (
    Id bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    CampaignId bigint NOT NULL REFERENCES dbo.NeedsCampaigns (Id) ON DELETE CASCADE,
    MemberId bigint NOT NULL REFERENCES dbo.Members (Id),
    Status int NOT NULL,
    ReturnReason nvarchar(2000) NULL,
    SubmittedAtUtc datetime2 NULL,
    SubmittedByUserId bigint NULL,
    ValidatedAtUtc datetime2 NULL,
    ValidatedByUserId bigint NULL,
    ReturnedAtUtc datetime2 NULL,
    Version int NOT NULL DEFAULT 1,
    UpdatedAtUtc datetime2 NOT NULL,
    UpdatedByUserId bigint NULL
);
CREATE UNIQUE INDEX UX_NeedsForms_CampaignMember ON dbo.NeedsForms (CampaignId, MemberId);
CREATE INDEX IX_NeedsForms_Status ON dbo.NeedsForms (CampaignId, Status);

-- CampaignId and MemberId repeat the form's so the aggregation groups over indexed integer columns.
-- SiteKey is SiteId or 0, so "the same item once per site" is a plain unique index on both databases.
CREATE TABLE dbo.NeedLines (
    Id bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    FormId bigint NOT NULL REFERENCES dbo.NeedsForms (Id) ON DELETE CASCADE,
    CampaignId bigint NOT NULL,
    MemberId bigint NOT NULL,
    CatalogueItemId bigint NOT NULL REFERENCES dbo.CatalogueItems (Id),
    SiteId bigint NULL REFERENCES dbo.MemberSites (Id),
    SiteKey bigint NOT NULL DEFAULT 0,
    QuantityMilli bigint NOT NULL,
    Comment nvarchar(1000) NULL
);
CREATE UNIQUE INDEX UX_NeedLines_ItemSite ON dbo.NeedLines (FormId, CatalogueItemId, SiteKey);
CREATE INDEX IX_NeedLines_CampaignItem ON dbo.NeedLines (CampaignId, CatalogueItemId, FormId, QuantityMilli);
CREATE INDEX IX_NeedLines_CampaignMember ON dbo.NeedLines (CampaignId, MemberId);

-- Reminders sent, one row per campaign, member (0 for the officers' closing notice) and kind: jobs are safe to run twice.
CREATE TABLE dbo.NeedsReminders (
    CampaignId bigint NOT NULL REFERENCES dbo.NeedsCampaigns (Id) ON DELETE CASCADE,
    MemberId bigint NOT NULL,
    Kind nvarchar(30) NOT NULL,
    SentAtUtc datetime2 NOT NULL,
    PRIMARY KEY (CampaignId, MemberId, Kind)
);

CREATE TABLE dbo.ProcurementThresholds (
    Id bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    Kind int NOT NULL,
    ValidFrom date NOT NULL,
    ValidUntil date NULL,
    AmountCents bigint NOT NULL,
    Article nvarchar(20) NOT NULL,
    UpdatedAtUtc datetime2 NOT NULL
);
CREATE INDEX IX_ProcurementThresholds_Kind ON dbo.ProcurementThresholds (Kind, ValidFrom);

CREATE TABLE dbo.ProcedureAdvices (
    Id bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    CampaignId bigint NOT NULL REFERENCES dbo.NeedsCampaigns (Id) ON DELETE CASCADE,
    ComputedAtUtc datetime2 NOT NULL,
    ComputedByUserId bigint NULL,
    LaunchDate date NOT NULL,
    EstimatedValueCents bigint NOT NULL,
    RequiredProcedure int NOT NULL,
    Article nvarchar(20) NOT NULL,
    Explanation nvarchar(2000) NOT NULL,
    NoProcedureThresholdId bigint NOT NULL REFERENCES dbo.ProcurementThresholds (Id),
    EuThresholdId bigint NOT NULL REFERENCES dbo.ProcurementThresholds (Id),
    SmallLotsTotalCents bigint NOT NULL DEFAULT 0
);
CREATE INDEX IX_ProcedureAdvices_Campaign ON dbo.ProcedureAdvices (CampaignId, ComputedAtUtc);

-- Lots the officer chose to run as MAPA under R2123-1 2° (small-lots exception).
CREATE TABLE dbo.ProcedureAdviceSmallLots (
    AdviceId bigint NOT NULL REFERENCES dbo.ProcedureAdvices (Id) ON DELETE CASCADE,
    LotId bigint NOT NULL REFERENCES dbo.CampaignLots (Id),
    ValueCents bigint NOT NULL,
    PRIMARY KEY (AdviceId, LotId)
);

-- DOMAIN.md's rows (kinds: see ProcurementGroup.Core.Procedures.ThresholdKind). Administrators may add rows as decrees change.
INSERT INTO dbo.ProcurementThresholds (Kind, ValidFrom, ValidUntil, AmountCents, Article, UpdatedAtUtc) VALUES
    (1, '2024-01-01', '2025-12-31', 22100000, 'R2124-1', '2026-01-01 00:00:00.0000000'),
    (1, '2026-01-01', NULL, 21600000, 'R2124-1', '2026-01-01 00:00:00.0000000'),
    (2, '2024-01-01', '2025-12-31', 14300000, 'R2124-1', '2026-01-01 00:00:00.0000000'),
    (2, '2026-01-01', NULL, 14000000, 'R2124-1', '2026-01-01 00:00:00.0000000'),
    (3, '2024-01-01', '2025-12-31', 553800000, 'R2124-1', '2026-01-01 00:00:00.0000000'),
    (3, '2026-01-01', NULL, 540400000, 'R2124-1', '2026-01-01 00:00:00.0000000'),
    (4, '2024-01-01', '2026-03-31', 4000000, 'R2122-8', '2026-01-01 00:00:00.0000000'),
    (4, '2026-04-01', NULL, 6000000, 'R2122-8', '2026-01-01 00:00:00.0000000'),
    (5, '2024-01-01', NULL, 10000000, 'R2122-8', '2026-01-01 00:00:00.0000000'),
    (6, '2024-01-01', NULL, 2500000, 'R2112-1', '2026-01-01 00:00:00.0000000'),
    (7, '2024-01-01', NULL, 4000000, 'R2196-1', '2026-01-01 00:00:00.0000000');
