-- Tenders (issue 8): from a closed needs campaign to awarded contracts. Twin: sql/sqlite/0013_tenders.sql.
-- Money is cents; BPU unit prices are ten-thousandths of a euro (UnitPrice.Scale); quantities are thousandths;
-- scores and maximum scores are ten-thousandths of a point (TenderScore.Scale: 7,5 = 75000), exact integers that sort.
-- Enumerations are the Core.Tenders / Core.Procedures values. DECP 2.0.3 fields hold the schema's own French codes;
-- a list field (techniques, modalitesExecution, typesPrix, considerations…) joins its codes with "|".

CREATE TABLE dbo.Tenders (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_Tenders PRIMARY KEY,
    CampaignId bigint NOT NULL CONSTRAINT FK_Tenders_Campaign REFERENCES dbo.NeedsCampaigns (Id),
    Reference nvarchar(20) NOT NULL,
    Object nvarchar(1000) NOT NULL,
    Nature int NOT NULL,
    ProcedureType int NOT NULL,
    ContractForm int NOT NULL,
    DurationMonths int NOT NULL,
    State int NOT NULL CONSTRAINT DF_Tenders_State DEFAULT 0,
    StateReason nvarchar(2000) NULL,
    ElectronicOffers bit NOT NULL CONSTRAINT DF_Tenders_ElectronicOffers DEFAULT 1,
    PublishedAtUtc datetime2 NULL,
    OfferDeadlineUtc datetime2 NULL,
    OffersOpenedAtUtc datetime2 NULL,
    CaoDecisionDate date NULL,
    CaoDecision nvarchar(2000) NULL,
    PriceFormula int NOT NULL CONSTRAINT DF_Tenders_PriceFormula DEFAULT 1,
    MaxScoreTenThousandths bigint NOT NULL CONSTRAINT DF_Tenders_MaxScore DEFAULT 200000,
    AbnormallyLowPercent int NOT NULL CONSTRAINT DF_Tenders_AbnormallyLowPercent DEFAULT 20,
    Techniques nvarchar(200) NOT NULL,
    ModalitesExecution nvarchar(200) NOT NULL,
    MarcheInnovant bit NOT NULL CONSTRAINT DF_Tenders_MarcheInnovant DEFAULT 0,
    Ccag nvarchar(100) NOT NULL,
    AttributionAvance bit NOT NULL CONSTRAINT DF_Tenders_AttributionAvance DEFAULT 0,
    TypeGroupementOperateurs nvarchar(50) NOT NULL,
    LieuExecutionCode nvarchar(20) NOT NULL,
    LieuExecutionTypeCode nvarchar(50) NOT NULL,
    TypesPrix nvarchar(200) NOT NULL,
    FormePrix nvarchar(20) NOT NULL,
    ConsiderationsSociales nvarchar(200) NOT NULL,
    ConsiderationsEnvironnementales nvarchar(200) NOT NULL,
    SnapshotDate date NOT NULL,
    SnapshotAtUtc datetime2 NOT NULL,
    SnapshotSubmittedForms int NOT NULL CONSTRAINT DF_Tenders_SnapshotSubmittedForms DEFAULT 0,
    SnapshotValidatedForms int NOT NULL CONSTRAINT DF_Tenders_SnapshotValidatedForms DEFAULT 0,
    SnapshotPendingForms int NOT NULL CONSTRAINT DF_Tenders_SnapshotPendingForms DEFAULT 0,
    SnapshotNotTakingPartForms int NOT NULL CONSTRAINT DF_Tenders_SnapshotNotTakingPartForms DEFAULT 0,
    Version int NOT NULL CONSTRAINT DF_Tenders_Version DEFAULT 1,
    CreatedAtUtc datetime2 NOT NULL,
    UpdatedAtUtc datetime2 NOT NULL
);
CREATE UNIQUE INDEX UX_Tenders_Reference ON dbo.Tenders (Reference);
CREATE INDEX IX_Tenders_Campaign ON dbo.Tenders (CampaignId, CreatedAtUtc);
CREATE INDEX IX_Tenders_State ON dbo.Tenders (State, OfferDeadlineUtc);

-- Lots copied from the campaign: number, title and (accord-cadre) maximum; the CPV code and the procedure of each lot
-- (a lot under the small-lots exception of R2123-1 may follow a MAPA inside a formalised procedure).
CREATE TABLE dbo.TenderLots (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_TenderLots PRIMARY KEY,
    TenderId bigint NOT NULL CONSTRAINT FK_TenderLots_Tender REFERENCES dbo.Tenders (Id) ON DELETE CASCADE,
    CampaignLotId bigint NULL CONSTRAINT FK_TenderLots_CampaignLot REFERENCES dbo.CampaignLots (Id),
    LotNumber int NOT NULL,
    Title nvarchar(300) NOT NULL,
    CpvCode nvarchar(10) NULL,
    MaximumCents bigint NULL,
    SmallLotException bit NOT NULL CONSTRAINT DF_TenderLots_SmallLotException DEFAULT 0,
    ProcedureType int NOT NULL,
    Version int NOT NULL CONSTRAINT DF_TenderLots_Version DEFAULT 1
);
CREATE UNIQUE INDEX UX_TenderLots_Number ON dbo.TenderLots (TenderId, LotNumber);

-- Items copied from the catalogue with their price period, quantity basis and estimated unit price; QuantityMilli is
-- the DQE snapshot: the aggregated quantities of the forms counted on the snapshot date, stored, never recomputed.
CREATE TABLE dbo.TenderItems (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_TenderItems PRIMARY KEY,
    TenderId bigint NOT NULL CONSTRAINT FK_TenderItems_Tender REFERENCES dbo.Tenders (Id) ON DELETE CASCADE,
    TenderLotId bigint NOT NULL CONSTRAINT FK_TenderItems_Lot REFERENCES dbo.TenderLots (Id),
    CatalogueItemId bigint NULL CONSTRAINT FK_TenderItems_CatalogueItem REFERENCES dbo.CatalogueItems (Id),
    Code nvarchar(50) NOT NULL,
    Label nvarchar(300) NOT NULL,
    Unit nvarchar(50) NOT NULL,
    PricePeriod int NOT NULL,
    QuantityBasis int NOT NULL CONSTRAINT DF_TenderItems_QuantityBasis DEFAULT 1,
    EstimatedUnitPriceCents bigint NOT NULL,
    VatRateBasisPoints int NOT NULL CONSTRAINT DF_TenderItems_VatRate DEFAULT 2000,
    QuantityMilli bigint NOT NULL CONSTRAINT DF_TenderItems_QuantityMilli DEFAULT 0,
    SortOrder int NOT NULL CONSTRAINT DF_TenderItems_SortOrder DEFAULT 0
);
CREATE UNIQUE INDEX UX_TenderItems_Code ON dbo.TenderItems (TenderId, Code);
CREATE INDEX IX_TenderItems_Lot ON dbo.TenderItems (TenderLotId, SortOrder);

-- Each member's snapshot quantity per item: its share of a contract is these quantities × the awarded unit prices.
CREATE TABLE dbo.TenderMemberQuantities (
    TenderItemId bigint NOT NULL CONSTRAINT FK_TenderMemberQuantities_Item REFERENCES dbo.TenderItems (Id) ON DELETE CASCADE,
    MemberId bigint NOT NULL CONSTRAINT FK_TenderMemberQuantities_Member REFERENCES dbo.Members (Id),
    QuantityMilli bigint NOT NULL,
    CONSTRAINT PK_TenderMemberQuantities PRIMARY KEY (TenderItemId, MemberId)
);
CREATE INDEX IX_TenderMemberQuantities_Member ON dbo.TenderMemberQuantities (MemberId, TenderItemId);

-- Award criteria (Kind: 1 price, 2 technical, 3 environmental), weights in points of 100.
CREATE TABLE dbo.TenderCriteria (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_TenderCriteria PRIMARY KEY,
    TenderId bigint NOT NULL CONSTRAINT FK_TenderCriteria_Tender REFERENCES dbo.Tenders (Id) ON DELETE CASCADE,
    Code nvarchar(20) NOT NULL,
    Name nvarchar(200) NOT NULL,
    Kind int NOT NULL,
    Weight int NOT NULL,
    SortOrder int NOT NULL CONSTRAINT DF_TenderCriteria_SortOrder DEFAULT 0
);
CREATE UNIQUE INDEX UX_TenderCriteria_Code ON dbo.TenderCriteria (TenderId, Code);

CREATE TABLE dbo.TenderSubCriteria (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_TenderSubCriteria PRIMARY KEY,
    CriterionId bigint NOT NULL CONSTRAINT FK_TenderSubCriteria_Criterion REFERENCES dbo.TenderCriteria (Id) ON DELETE CASCADE,
    TenderId bigint NOT NULL,
    Code nvarchar(20) NOT NULL,
    Name nvarchar(200) NOT NULL,
    Weight int NOT NULL,
    MaxScoreTenThousandths bigint NOT NULL,
    SortOrder int NOT NULL CONSTRAINT DF_TenderSubCriteria_SortOrder DEFAULT 0
);
CREATE UNIQUE INDEX UX_TenderSubCriteria_Code ON dbo.TenderSubCriteria (TenderId, Code);
CREATE INDEX IX_TenderSubCriteria_Criterion ON dbo.TenderSubCriteria (CriterionId, SortOrder);

-- Minimum offer periods (R2161-2 ff.) as dated rows, like the thresholds (ProcedureType: Core.Tenders.TenderProcedure).
CREATE TABLE dbo.OfferPeriodRules (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_OfferPeriodRules PRIMARY KEY,
    ProcedureType int NOT NULL,
    ElectronicOffers bit NOT NULL,
    ValidFrom date NOT NULL,
    ValidUntil date NULL,
    MinimumDays int NOT NULL,
    Article nvarchar(50) NOT NULL,
    Version int NOT NULL CONSTRAINT DF_OfferPeriodRules_Version DEFAULT 1,
    UpdatedAtUtc datetime2 NOT NULL
);
CREATE INDEX IX_OfferPeriodRules_Procedure ON dbo.OfferPeriodRules (ProcedureType, ElectronicOffers, ValidFrom);

-- One offer per supplier and lot, registered before the deadline; a late one is kept with its reason and not scored.
-- AbnormallyLowOutcome: 1 kept, 2 rejected (Core.Tenders.AbnormallyLowOutcome), with the justification asked.
-- No cascade on TenderLotId: SQL Server refuses a second cascade path from Tenders (deleting a tender cascades by TenderId).
CREATE TABLE dbo.TenderOffers (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_TenderOffers PRIMARY KEY,
    TenderId bigint NOT NULL CONSTRAINT FK_TenderOffers_Tender REFERENCES dbo.Tenders (Id) ON DELETE CASCADE,
    TenderLotId bigint NOT NULL CONSTRAINT FK_TenderOffers_Lot REFERENCES dbo.TenderLots (Id),
    SupplierId bigint NOT NULL CONSTRAINT FK_TenderOffers_Supplier REFERENCES dbo.Suppliers (Id),
    ReceivedAtUtc datetime2 NOT NULL,
    IsLate bit NOT NULL CONSTRAINT DF_TenderOffers_IsLate DEFAULT 0,
    LateReason nvarchar(500) NULL,
    AbnormallyLowOutcome int NULL,
    AbnormallyLowJustification nvarchar(4000) NULL,
    Version int NOT NULL CONSTRAINT DF_TenderOffers_Version DEFAULT 1,
    CreatedAtUtc datetime2 NOT NULL,
    UpdatedAtUtc datetime2 NOT NULL
);
CREATE UNIQUE INDEX UX_TenderOffers_LotSupplier ON dbo.TenderOffers (TenderLotId, SupplierId);
CREATE INDEX IX_TenderOffers_Tender ON dbo.TenderOffers (TenderId, TenderLotId);
CREATE INDEX IX_TenderOffers_Supplier ON dbo.TenderOffers (SupplierId);

CREATE TABLE dbo.OfferUnitPrices (
    OfferId bigint NOT NULL CONSTRAINT FK_OfferUnitPrices_Offer REFERENCES dbo.TenderOffers (Id) ON DELETE CASCADE,
    TenderItemId bigint NOT NULL CONSTRAINT FK_OfferUnitPrices_Item REFERENCES dbo.TenderItems (Id),
    UnitPriceTenThousandths bigint NOT NULL,
    CONSTRAINT PK_OfferUnitPrices PRIMARY KEY (OfferId, TenderItemId)
);

-- A score per offer and scored item: a criterion without sub-criteria (SubCriterionKey 0) or one sub-criterion
-- (SubCriterionKey = its Id), with the written justification. The price score is computed, never stored.
CREATE TABLE dbo.OfferScores (
    OfferId bigint NOT NULL CONSTRAINT FK_OfferScores_Offer REFERENCES dbo.TenderOffers (Id) ON DELETE CASCADE,
    CriterionId bigint NOT NULL CONSTRAINT FK_OfferScores_Criterion REFERENCES dbo.TenderCriteria (Id),
    SubCriterionId bigint NULL CONSTRAINT FK_OfferScores_SubCriterion REFERENCES dbo.TenderSubCriteria (Id),
    SubCriterionKey bigint NOT NULL CONSTRAINT DF_OfferScores_SubCriterionKey DEFAULT 0,
    ScoreTenThousandths bigint NOT NULL,
    Justification nvarchar(4000) NOT NULL,
    CONSTRAINT PK_OfferScores PRIMARY KEY (OfferId, CriterionId, SubCriterionKey)
);

-- The officer's settlements of ties, applied in Id order (LotScoring: a tie of three settles in two steps).
CREATE TABLE dbo.TieSettlements (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_TieSettlements PRIMARY KEY,
    TenderLotId bigint NOT NULL CONSTRAINT FK_TieSettlements_Lot REFERENCES dbo.TenderLots (Id) ON DELETE CASCADE,
    WinnerOfferId bigint NOT NULL CONSTRAINT FK_TieSettlements_Offer REFERENCES dbo.TenderOffers (Id),
    Reason nvarchar(2000) NOT NULL,
    SettledAtUtc datetime2 NOT NULL,
    SettledByUserId bigint NULL
);
CREATE UNIQUE INDEX UX_TieSettlements_Winner ON dbo.TieSettlements (TenderLotId, WinnerOfferId);

-- The award of a lot: awardee, certificates (R2143-6 ff.), rejection letters (R2182-1: Channel 1 electronic, 2 post)
-- and the avis d'attribution (R2183-1).
CREATE TABLE dbo.TenderAwards (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_TenderAwards PRIMARY KEY,
    TenderLotId bigint NOT NULL CONSTRAINT FK_TenderAwards_Lot REFERENCES dbo.TenderLots (Id) ON DELETE CASCADE,
    AwardeeOfferId bigint NOT NULL CONSTRAINT FK_TenderAwards_Offer REFERENCES dbo.TenderOffers (Id),
    TaxCertificateReceivedOn date NULL,
    SocialCertificateReceivedOn date NULL,
    RejectionLettersSentOn date NULL,
    RejectionLettersChannel int NULL,
    AwardNoticeSentOn date NULL,
    Version int NOT NULL CONSTRAINT DF_TenderAwards_Version DEFAULT 1,
    CreatedAtUtc datetime2 NOT NULL,
    UpdatedAtUtc datetime2 NOT NULL
);
CREATE UNIQUE INDEX UX_TenderAwards_Lot ON dbo.TenderAwards (TenderLotId);

-- A contract per awarded lot; Reference is the DECP id (at most 16 characters); AmountCents is the amount, or the
-- maximum of an accord-cadre (IsMaximum); PriceForm is the DECP formePrix code.
CREATE TABLE dbo.Contracts (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_Contracts PRIMARY KEY,
    TenderLotId bigint NOT NULL CONSTRAINT FK_Contracts_Lot REFERENCES dbo.TenderLots (Id),
    Reference nvarchar(16) NOT NULL,
    SupplierId bigint NOT NULL CONSTRAINT FK_Contracts_Supplier REFERENCES dbo.Suppliers (Id),
    SignedOn date NOT NULL,
    NotifiedOn date NULL,
    DurationMonths int NOT NULL,
    AmountCents bigint NOT NULL,
    IsMaximum bit NOT NULL CONSTRAINT DF_Contracts_IsMaximum DEFAULT 0,
    CpvCode nvarchar(10) NOT NULL,
    PriceForm nvarchar(20) NOT NULL,
    Version int NOT NULL CONSTRAINT DF_Contracts_Version DEFAULT 1,
    CreatedAtUtc datetime2 NOT NULL,
    UpdatedAtUtc datetime2 NOT NULL
);
CREATE UNIQUE INDEX UX_Contracts_Reference ON dbo.Contracts (Reference);
CREATE UNIQUE INDEX UX_Contracts_Lot ON dbo.Contracts (TenderLotId);
CREATE INDEX IX_Contracts_Supplier ON dbo.Contracts (SupplierId);

-- DOMAIN.md's rows (Core.Tenders.DefaultOfferPeriods), from the code's entry into force on 1 April 2019:
-- open appel d'offres 35 days (R2161-2), 30 when offers are received electronically (R2161-3 2°).
INSERT INTO dbo.OfferPeriodRules (ProcedureType, ElectronicOffers, ValidFrom, ValidUntil, MinimumDays, Article, UpdatedAtUtc) VALUES
    (2, 0, '2019-04-01', NULL, 35, 'R2161-2', '2026-11-29T00:00:00'),
    (2, 1, '2019-04-01', NULL, 30, N'R2161-3 2°', '2026-11-29T00:00:00');
