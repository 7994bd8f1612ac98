-- Tenders (issue 8): from a closed needs campaign to awarded contracts. Twin: sql/sqlserver/0013_tenders.sql.
-- Money is cents; BPU unit prices are ten-thousandths of a euro (UnitPrice.Scale); quantities are thousandths;
-- scores and maximum scores are ten-thousandths of a point (TenderScore.Scale: 7,5 = 75000), exact integers that sort.
-- Enumerations are the Core.Tenders / Core.Procedures values. DECP 2.0.3 fields hold the schema's own French codes;
-- a list field (techniques, modalitesExecution, typesPrix, considerations…) joins its codes with "|".

CREATE TABLE Tenders (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    CampaignId INTEGER NOT NULL REFERENCES NeedsCampaigns (Id),
    Reference TEXT NOT NULL,
    Object TEXT NOT NULL,
    Nature INTEGER NOT NULL,
    ProcedureType INTEGER NOT NULL,
    ContractForm INTEGER NOT NULL,
    DurationMonths INTEGER NOT NULL,
    State INTEGER NOT NULL DEFAULT 0,
    StateReason TEXT NULL,
    ElectronicOffers INTEGER NOT NULL DEFAULT 1,
    PublishedAtUtc TEXT NULL,
    OfferDeadlineUtc TEXT NULL,
    OffersOpenedAtUtc TEXT NULL,
    CaoDecisionDate TEXT NULL,
    CaoDecision TEXT NULL,
    PriceFormula INTEGER NOT NULL DEFAULT 1,
    MaxScoreTenThousandths INTEGER NOT NULL DEFAULT 200000,
    AbnormallyLowPercent INTEGER NOT NULL DEFAULT 20,
    Techniques TEXT NOT NULL,
    ModalitesExecution TEXT NOT NULL,
    MarcheInnovant INTEGER NOT NULL DEFAULT 0,
    Ccag TEXT NOT NULL,
    AttributionAvance INTEGER NOT NULL DEFAULT 0,
    TypeGroupementOperateurs TEXT NOT NULL,
    LieuExecutionCode TEXT NOT NULL,
    LieuExecutionTypeCode TEXT NOT NULL,
    TypesPrix TEXT NOT NULL,
    FormePrix TEXT NOT NULL,
    ConsiderationsSociales TEXT NOT NULL,
    ConsiderationsEnvironnementales TEXT NOT NULL,
    SnapshotDate TEXT NOT NULL,
    SnapshotAtUtc TEXT NOT NULL,
    SnapshotSubmittedForms INTEGER NOT NULL DEFAULT 0,
    SnapshotValidatedForms INTEGER NOT NULL DEFAULT 0,
    SnapshotPendingForms INTEGER NOT NULL DEFAULT 0,
    SnapshotNotTakingPartForms INTEGER NOT NULL DEFAULT 0,
    Version INTEGER NOT NULL DEFAULT 1,
    CreatedAtUtc TEXT NOT NULL,
    UpdatedAtUtc TEXT NOT NULL
);
CREATE UNIQUE INDEX UX_Tenders_Reference ON Tenders (Reference);
CREATE INDEX IX_Tenders_Campaign ON Tenders (CampaignId, CreatedAtUtc);
CREATE INDEX IX_Tenders_State ON Tenders (State, OfferDeadlineUtc);

-- Lots copied from the campaign: number, title and (accord-cadre) maximum; the CPV code and the procedure of each lot
-- (a lot under the small-lots exception of R2123-1 may follow a MAPA inside a formalised procedure).
CREATE TABLE TenderLots (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    TenderId INTEGER NOT NULL REFERENCES Tenders (Id) ON DELETE CASCADE,
    CampaignLotId INTEGER NULL REFERENCES CampaignLots (Id),
    LotNumber INTEGER NOT NULL,
    Title TEXT NOT NULL,
    CpvCode TEXT NULL,
    MaximumCents INTEGER NULL,
    SmallLotException INTEGER NOT NULL DEFAULT 0,
    ProcedureType INTEGER NOT NULL,
    Version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX UX_TenderLots_Number ON TenderLots (TenderId, LotNumber);

-- Items copied from the catalogue with their price period, quantity basis and estimated unit price; QuantityMilli is
-- the DQE snapshot: the aggregated quantities of the forms counted on the snapshot date, stored, never recomputed.
CREATE TABLE TenderItems (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    TenderId INTEGER NOT NULL REFERENCES Tenders (Id) ON DELETE CASCADE,
    TenderLotId INTEGER NOT NULL REFERENCES TenderLots (Id),
    CatalogueItemId INTEGER NULL REFERENCES CatalogueItems (Id),
    Code TEXT NOT NULL,
    Label TEXT NOT NULL,
    Unit TEXT NOT NULL,
    PricePeriod INTEGER NOT NULL,
    QuantityBasis INTEGER NOT NULL DEFAULT 1,
    EstimatedUnitPriceCents INTEGER NOT NULL,
    VatRateBasisPoints INTEGER NOT NULL DEFAULT 2000,
    QuantityMilli INTEGER NOT NULL DEFAULT 0,
    SortOrder INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX UX_TenderItems_Code ON TenderItems (TenderId, Code);
CREATE INDEX IX_TenderItems_Lot ON TenderItems (TenderLotId, SortOrder);

-- Each member's snapshot quantity per item: its share of a contract is these quantities × the awarded unit prices.
CREATE TABLE TenderMemberQuantities (
    TenderItemId INTEGER NOT NULL REFERENCES TenderItems (Id) ON DELETE CASCADE,
    MemberId INTEGER NOT NULL REFERENCES Members (Id),
    QuantityMilli INTEGER NOT NULL,
    PRIMARY KEY (TenderItemId, MemberId)
);
CREATE INDEX IX_TenderMemberQuantities_Member ON TenderMemberQuantities (MemberId, TenderItemId);

-- Award criteria (Kind: 1 price, 2 technical, 3 environmental), weights in points of 100.
CREATE TABLE TenderCriteria (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    TenderId INTEGER NOT NULL REFERENCES Tenders (Id) ON DELETE CASCADE,
    Code TEXT NOT NULL,
    Name TEXT NOT NULL,
    Kind INTEGER NOT NULL,
    Weight INTEGER NOT NULL,
    SortOrder INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX UX_TenderCriteria_Code ON TenderCriteria (TenderId, Code);

CREATE TABLE TenderSubCriteria (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    CriterionId INTEGER NOT NULL REFERENCES TenderCriteria (Id) ON DELETE CASCADE,
    TenderId INTEGER NOT NULL,
    Code TEXT NOT NULL,
    Name TEXT NOT NULL,
    Weight INTEGER NOT NULL,
    MaxScoreTenThousandths INTEGER NOT NULL,
    SortOrder INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX UX_TenderSubCriteria_Code ON TenderSubCriteria (TenderId, Code);
CREATE INDEX IX_TenderSubCriteria_Criterion ON TenderSubCriteria (CriterionId, SortOrder);

-- Minimum offer periods (R2161-2 ff.) as dated rows, like the thresholds (ProcedureType: Core.Tenders.TenderProcedure).
CREATE TABLE OfferPeriodRules (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    ProcedureType INTEGER NOT NULL,
    ElectronicOffers INTEGER NOT NULL,
    ValidFrom TEXT NOT NULL,
    ValidUntil TEXT NULL,
    MinimumDays INTEGER NOT NULL,
    Article TEXT NOT NULL,
    Version INTEGER NOT NULL DEFAULT 1,
    UpdatedAtUtc TEXT NOT NULL
);
CREATE INDEX IX_OfferPeriodRules_Procedure ON OfferPeriodRules (ProcedureType, ElectronicOffers, ValidFrom);

-- One offer per supplier and lot, registered before the deadline; a late one is kept with its reason and not scored.
-- AbnormallyLowOutcome: 1 kept, 2 rejected (Core.Tenders.AbnormallyLowOutcome), with the justification asked.
CREATE TABLE TenderOffers (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    TenderId INTEGER NOT NULL REFERENCES Tenders (Id) ON DELETE CASCADE,
    TenderLotId INTEGER NOT NULL REFERENCES TenderLots (Id),
    SupplierId INTEGER NOT NULL REFERENCES Suppliers (Id),
    ReceivedAtUtc TEXT NOT NULL,
    IsLate INTEGER NOT NULL DEFAULT 0,
    LateReason TEXT NULL,
    AbnormallyLowOutcome INTEGER NULL,
    AbnormallyLowJustification TEXT NULL,
    Version INTEGER NOT NULL DEFAULT 1,
    CreatedAtUtc TEXT NOT NULL,
    UpdatedAtUtc TEXT NOT NULL
);
CREATE UNIQUE INDEX UX_TenderOffers_LotSupplier ON TenderOffers (TenderLotId, SupplierId);
CREATE INDEX IX_TenderOffers_Tender ON TenderOffers (TenderId, TenderLotId);
CREATE INDEX IX_TenderOffers_Supplier ON TenderOffers (SupplierId);

CREATE TABLE OfferUnitPrices (
    OfferId INTEGER NOT NULL REFERENCES TenderOffers (Id) ON DELETE CASCADE,
    TenderItemId INTEGER NOT NULL REFERENCES TenderItems (Id),
    UnitPriceTenThousandths INTEGER NOT NULL,
    PRIMARY KEY (OfferId, TenderItemId)
);

-- A score per offer and scored item: a criterion without sub-criteria (SubCriterionKey 0) or one sub-criterion
-- (SubCriterionKey = its Id), with the written justification. The price score is computed, never stored.
CREATE TABLE OfferScores (
    OfferId INTEGER NOT NULL REFERENCES TenderOffers (Id) ON DELETE CASCADE,
    CriterionId INTEGER NOT NULL REFERENCES TenderCriteria (Id),
    SubCriterionId INTEGER NULL REFERENCES TenderSubCriteria (Id),
    SubCriterionKey INTEGER NOT NULL DEFAULT 0,
    ScoreTenThousandths INTEGER NOT NULL,
    Justification TEXT NOT NULL,
    PRIMARY KEY (OfferId, CriterionId, SubCriterionKey)
);

-- The officer's settlements of ties, applied in Id order (LotScoring: a tie of three settles in two steps).
CREATE TABLE TieSettlements (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    TenderLotId INTEGER NOT NULL REFERENCES TenderLots (Id) ON DELETE CASCADE,
    WinnerOfferId INTEGER NOT NULL REFERENCES TenderOffers (Id),
    Reason TEXT NOT NULL,
    SettledAtUtc TEXT NOT NULL,
    SettledByUserId INTEGER NULL
);
CREATE UNIQUE INDEX UX_TieSettlements_Winner ON TieSettlements (TenderLotId, WinnerOfferId);

-- The award of a lot: awardee, certificates (R2143-6 ff.), rejection letters (R2182-1: Channel 1 electronic, 2 post)
-- and the avis d'attribution (R2183-1).
CREATE TABLE TenderAwards (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    TenderLotId INTEGER NOT NULL REFERENCES TenderLots (Id) ON DELETE CASCADE,
    AwardeeOfferId INTEGER NOT NULL REFERENCES TenderOffers (Id),
    TaxCertificateReceivedOn TEXT NULL,
    SocialCertificateReceivedOn TEXT NULL,
    RejectionLettersSentOn TEXT NULL,
    RejectionLettersChannel INTEGER NULL,
    AwardNoticeSentOn TEXT NULL,
    Version INTEGER NOT NULL DEFAULT 1,
    CreatedAtUtc TEXT NOT NULL,
    UpdatedAtUtc TEXT NOT NULL
);
CREATE UNIQUE INDEX UX_TenderAwards_Lot ON TenderAwards (TenderLotId);

-- A contract per awarded lot; Reference is the DECP id (at most 16 characters); AmountCents is the amount, or the
-- maximum of an accord-cadre (IsMaximum); PriceForm is the DECP formePrix code.
CREATE TABLE Contracts (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    TenderLotId INTEGER NOT NULL REFERENCES TenderLots (Id),
    Reference TEXT NOT NULL,
    SupplierId INTEGER NOT NULL REFERENCES Suppliers (Id),
    SignedOn TEXT NOT NULL,
    NotifiedOn TEXT NULL,
    DurationMonths INTEGER NOT NULL,
    AmountCents INTEGER NOT NULL,
    IsMaximum INTEGER NOT NULL DEFAULT 0,
    CpvCode TEXT NOT NULL,
    PriceForm TEXT NOT NULL,
    Version INTEGER NOT NULL DEFAULT 1,
    CreatedAtUtc TEXT NOT NULL,
    UpdatedAtUtc TEXT NOT NULL
);
CREATE UNIQUE INDEX UX_Contracts_Reference ON Contracts (Reference);
CREATE UNIQUE INDEX UX_Contracts_Lot ON Contracts (TenderLotId);
CREATE INDEX IX_Contracts_Supplier ON Contracts (SupplierId);

-- DOMAIN.md's rows (Core.Tenders.DefaultOfferPeriods), from the code's entry into force on 1 April 2019:
-- open appel d'offres 35 days (R2161-2), 30 when offers are received electronically (R2161-3 2°).
INSERT INTO OfferPeriodRules (ProcedureType, ElectronicOffers, ValidFrom, ValidUntil, MinimumDays, Article, UpdatedAtUtc) VALUES
    (2, 0, '2019-04-01', NULL, 35, 'R2161-2', '2026-11-29 00:00:00.0000000'),
    (2, 1, '2019-04-01', NULL, 30, 'R2161-3 2°', '2026-11-29 00:00:00.0000000');
