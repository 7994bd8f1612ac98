-- Needs campaigns (issue 3): campaigns, catalogue by lot, member sites, needs forms and lines, reminders,
-- the dated threshold table and the stored procedure advice. Twin: sql/sqlserver/0003_needs.sql.
-- Quantities are thousandths (QuantityMilli); prices are cents; VAT rates are basis points (2000 = 20 %).

CREATE TABLE NeedsCampaigns (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    PurchasingGroupId INTEGER NOT NULL REFERENCES PurchasingGroups (Id),
    Title TEXT NOT NULL,
    Description TEXT NULL,
    OpensAtUtc TEXT NOT NULL,
    ClosesAtUtc TEXT NOT NULL,
    PlannedLaunchDate TEXT NOT NULL,
    DurationMonths INTEGER NOT NULL,
    Status INTEGER NOT NULL,
    CopiedFromCampaignId INTEGER NULL,
    OpenedAtUtc TEXT NULL,
    ClosedAtUtc TEXT NULL,
    Version INTEGER NOT NULL DEFAULT 1,
    CreatedAtUtc TEXT NOT NULL,
    UpdatedAtUtc TEXT NOT NULL
);
CREATE INDEX IX_NeedsCampaigns_Group ON NeedsCampaigns (PurchasingGroupId, OpensAtUtc);
CREATE INDEX IX_NeedsCampaigns_Status ON NeedsCampaigns (Status, OpensAtUtc);

CREATE TABLE CampaignLots (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    CampaignId INTEGER NOT NULL REFERENCES NeedsCampaigns (Id) ON DELETE CASCADE,
    LotNumber INTEGER NOT NULL,
    Title TEXT NOT NULL
);
CREATE UNIQUE INDEX UX_CampaignLots_Number ON CampaignLots (CampaignId, LotNumber);

CREATE TABLE CatalogueItems (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    CampaignId INTEGER NOT NULL REFERENCES NeedsCampaigns (Id) ON DELETE CASCADE,
    LotId INTEGER NOT NULL REFERENCES CampaignLots (Id),
    Code TEXT NOT NULL,
    Label TEXT NOT NULL,
    Unit TEXT NOT NULL,
    WholeNumbersOnly INTEGER NOT NULL DEFAULT 1,
    UnitPriceCents INTEGER NOT NULL,
    PricePeriod INTEGER NOT NULL,
    VatRateBasisPoints INTEGER NOT NULL DEFAULT 2000,
    MaxPerMemberMilli INTEGER NULL,
    SortOrder INTEGER NOT NULL DEFAULT 0,
    Version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX UX_CatalogueItems_Code ON CatalogueItems (CampaignId, Code);
CREATE INDEX IX_CatalogueItems_Lot ON CatalogueItems (LotId);

-- A deadline extended for one member only (the campaign's own ClosesAtUtc is extended for all).
CREATE TABLE CampaignMemberDeadlines (
    CampaignId INTEGER NOT NULL REFERENCES NeedsCampaigns (Id) ON DELETE CASCADE,
    MemberId INTEGER NOT NULL REFERENCES Members (Id),
    ClosesAtUtc TEXT NOT NULL,
    PRIMARY KEY (CampaignId, MemberId)
);

CREATE TABLE MemberSites (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    MemberId INTEGER NOT NULL REFERENCES Members (Id),
    Name TEXT NOT NULL,
    Address TEXT NULL,
    CommuneInsee TEXT NULL,
    IsArchived INTEGER NOT NULL DEFAULT 0,
    CreatedAtUtc TEXT NOT NULL
);
CREATE INDEX IX_MemberSites_Member ON MemberSites (MemberId);

CREATE TABLE NeedsForms (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    CampaignId INTEGER NOT NULL REFERENCES NeedsCampaigns (Id) ON DELETE CASCADE,
    MemberId INTEGER NOT NULL REFERENCES Members (Id),
    Status INTEGER NOT NULL,
    ReturnReason TEXT NULL,
    SubmittedAtUtc TEXT NULL,
    SubmittedByUserId INTEGER NULL,
    ValidatedAtUtc TEXT NULL,
    ValidatedByUserId INTEGER NULL,
    ReturnedAtUtc TEXT NULL,
    Version INTEGER NOT NULL DEFAULT 1,
    UpdatedAtUtc TEXT NOT NULL,
    UpdatedByUserId INTEGER NULL
);
CREATE UNIQUE INDEX UX_NeedsForms_CampaignMember ON NeedsForms (CampaignId, MemberId);
CREATE INDEX IX_NeedsForms_Status ON NeedsForms (CampaignId, Status);

-- CampaignId and MemberId repeat the form's so the aggregation groups over indexed integer columns.
-- SiteKey is SiteId or 0, so "the same item once per site" is a plain unique index on both databases.
CREATE TABLE NeedLines (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    FormId INTEGER NOT NULL REFERENCES NeedsForms (Id) ON DELETE CASCADE,
    CampaignId INTEGER NOT NULL,
    MemberId INTEGER NOT NULL,
    CatalogueItemId INTEGER NOT NULL REFERENCES CatalogueItems (Id),
    SiteId INTEGER NULL REFERENCES MemberSites (Id),
    SiteKey INTEGER NOT NULL DEFAULT 0,
    QuantityMilli INTEGER NOT NULL,
    Comment TEXT NULL
);
CREATE UNIQUE INDEX UX_NeedLines_ItemSite ON NeedLines (FormId, CatalogueItemId, SiteKey);
CREATE INDEX IX_NeedLines_CampaignItem ON NeedLines (CampaignId, CatalogueItemId, FormId, QuantityMilli);
CREATE INDEX IX_NeedLines_CampaignMember ON NeedLines (CampaignId, MemberId);

-- Reminders sent, one row per campaign, member (0 for the officers' closing notice) and kind: jobs are safe to run twice.
CREATE TABLE NeedsReminders (
    CampaignId INTEGER NOT NULL REFERENCES NeedsCampaigns (Id) ON DELETE CASCADE,
    MemberId INTEGER NOT NULL,
    Kind TEXT NOT NULL,
    SentAtUtc TEXT NOT NULL,
    PRIMARY KEY (CampaignId, MemberId, Kind)
);

CREATE TABLE ProcurementThresholds (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    Kind INTEGER NOT NULL,
    ValidFrom TEXT NOT NULL,
    ValidUntil TEXT NULL,
    AmountCents INTEGER NOT NULL,
    Article TEXT NOT NULL,
    UpdatedAtUtc TEXT NOT NULL
);
CREATE INDEX IX_ProcurementThresholds_Kind ON ProcurementThresholds (Kind, ValidFrom);

CREATE TABLE ProcedureAdvices (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    CampaignId INTEGER NOT NULL REFERENCES NeedsCampaigns (Id) ON DELETE CASCADE,
    ComputedAtUtc TEXT NOT NULL,
    ComputedByUserId INTEGER NULL,
    LaunchDate TEXT NOT NULL,
    EstimatedValueCents INTEGER NOT NULL,
    RequiredProcedure INTEGER NOT NULL,
    Article TEXT NOT NULL,
    Explanation TEXT NOT NULL,
    NoProcedureThresholdId INTEGER NOT NULL REFERENCES ProcurementThresholds (Id),
    EuThresholdId INTEGER NOT NULL REFERENCES ProcurementThresholds (Id),
    SmallLotsTotalCents INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IX_ProcedureAdvices_Campaign ON ProcedureAdvices (CampaignId, ComputedAtUtc);

-- Lots the officer chose to run as MAPA under R2123-1 2° (small-lots exception).
CREATE TABLE ProcedureAdviceSmallLots (
    AdviceId INTEGER NOT NULL REFERENCES ProcedureAdvices (Id) ON DELETE CASCADE,
    LotId INTEGER NOT NULL REFERENCES CampaignLots (Id),
    ValueCents INTEGER NOT NULL,
    PRIMARY KEY (AdviceId, LotId)
);

-- DOMAIN.md's rows (kinds: see ProcurementGroup.Core.Procedures.ThresholdKind). Administrators may add rows as decrees change.
INSERT INTO ProcurementThresholds (Kind, ValidFrom, ValidUntil, AmountCents, Article, UpdatedAtUtc) VALUES
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
