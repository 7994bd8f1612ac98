-- Contracts, costs and statements (issue 9). Twin: sql/sqlserver/0014_contracts_costs.sql.
-- Money is cents; unit prices are ten-thousandths of a euro (UnitPrice.Scale); quantities are thousandths; VAT rates and
-- coordination-fee percentages are basis points (2000 = 20 %). Dates are ISO text, date-times UTC text.
-- Enumerations are the Core values (Core.Procedures, Core.Tenders, Core.Needs, Core.Allocation); DECP 2.0.3 fields hold
-- the schema's own French codes, a list field joining its codes with "|", as on Tenders.

-- Contracts: a contract may now exist without a tender (recorded as signed before the app), so TenderLotId becomes
-- NULL-able. SQLite cannot change a column's nullability: the table is rebuilt, keeping its rows, ids and indexes (the
-- old table is renamed first: no table references Contracts yet).
-- PurchasingGroupId is backfilled from the tender's campaign, Title from the tender's object, LotLabel from the lot's
-- title and StartsOn from the notification date. Amendments never update this row: its amount, duration and supplier
-- are the initial ones (Core derives the current values from ContractAmendments).
-- AccordCadreContractId: the accord-cadre a marché subséquent is passed under. AllocationKeyId: the contract's key.
-- The DECP fields (Nature … SousTraitanceDeclaree) are those of Tenders, same names and codes, filled for a contract
-- recorded without a tender and NULL when a tender supplies them; the DECP formePrix stays PriceForm.
ALTER TABLE Contracts RENAME TO Contracts_Old;

-- Clés de répartition, created before the new Contracts that references them (with foreign keys on, SQLite refuses an
-- insert into a table whose parent table does not exist). Components is the canonical text of Core AllocationKey;
-- ContractId NULL for a key of a cost entry; PopulationKind 2 municipale / 3 totale (AllocationBasis); custom weights
-- per member as exact decimal text.
CREATE TABLE AllocationKeys (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    ContractId INTEGER NULL REFERENCES Contracts (Id),
    Components TEXT NOT NULL,
    Year INTEGER NULL,
    PopulationKind INTEGER NULL,
    Version INTEGER NOT NULL DEFAULT 1,
    CreatedAtUtc TEXT NOT NULL,
    UpdatedAtUtc TEXT NOT NULL
);
CREATE INDEX IX_AllocationKeys_Contract ON AllocationKeys (ContractId);

CREATE TABLE AllocationKeyWeights (
    AllocationKeyId INTEGER NOT NULL REFERENCES AllocationKeys (Id) ON DELETE CASCADE,
    MemberId INTEGER NOT NULL REFERENCES Members (Id),
    Weight TEXT NOT NULL,
    PRIMARY KEY (AllocationKeyId, MemberId)
);

CREATE TABLE Contracts (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    PurchasingGroupId INTEGER NOT NULL REFERENCES PurchasingGroups (Id),
    TenderLotId INTEGER NULL REFERENCES TenderLots (Id),
    Reference TEXT NOT NULL,
    Title TEXT NOT NULL,
    LotLabel TEXT NULL,
    SupplierId INTEGER NOT NULL REFERENCES Suppliers (Id),
    SignedOn TEXT NOT NULL,
    NotifiedOn TEXT NULL,
    StartsOn TEXT NULL,
    DurationMonths INTEGER NOT NULL,
    AmountCents INTEGER NOT NULL,
    IsMaximum INTEGER NOT NULL DEFAULT 0,
    CpvCode TEXT NOT NULL,
    PriceForm TEXT NOT NULL,
    AccordCadreContractId INTEGER NULL REFERENCES Contracts (Id),
    AllocationKeyId INTEGER NULL REFERENCES AllocationKeys (Id),
    Nature INTEGER NULL,
    ProcedureType INTEGER NULL,
    ContractForm INTEGER NULL,
    Techniques TEXT NULL,
    ModalitesExecution TEXT NULL,
    MarcheInnovant INTEGER NULL,
    Ccag TEXT NULL,
    AttributionAvance INTEGER NULL,
    TypeGroupementOperateurs TEXT NULL,
    LieuExecutionCode TEXT NULL,
    LieuExecutionTypeCode TEXT NULL,
    TypesPrix TEXT NULL,
    ConsiderationsSociales TEXT NULL,
    ConsiderationsEnvironnementales TEXT NULL,
    OffresRecues INTEGER NULL,
    SousTraitanceDeclaree INTEGER NULL,
    CreatedByUserId INTEGER NULL,
    Version INTEGER NOT NULL DEFAULT 1,
    CreatedAtUtc TEXT NOT NULL,
    UpdatedAtUtc TEXT NOT NULL
);

INSERT INTO Contracts (Id, PurchasingGroupId, TenderLotId, Reference, Title, LotLabel, SupplierId, SignedOn, NotifiedOn, StartsOn,
    DurationMonths, AmountCents, IsMaximum, CpvCode, PriceForm, Version, CreatedAtUtc, UpdatedAtUtc)
SELECT c.Id, n.PurchasingGroupId, c.TenderLotId, c.Reference, t.Object, l.Title, c.SupplierId, c.SignedOn, c.NotifiedOn, c.NotifiedOn,
    c.DurationMonths, c.AmountCents, c.IsMaximum, c.CpvCode, c.PriceForm, c.Version, c.CreatedAtUtc, c.UpdatedAtUtc
FROM Contracts_Old c
JOIN TenderLots l ON l.Id = c.TenderLotId
JOIN Tenders t ON t.Id = l.TenderId
JOIN NeedsCampaigns n ON n.Id = t.CampaignId;

-- The AUTOINCREMENT counter goes on from the old table's (a deleted contract's id is never reused).
INSERT INTO sqlite_sequence (name, seq)
SELECT 'Contracts', seq FROM sqlite_sequence WHERE name = 'Contracts_Old' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'Contracts');
UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('Contracts', 'Contracts_Old')) WHERE name = 'Contracts';

DROP TABLE Contracts_Old;

CREATE UNIQUE INDEX UX_Contracts_Reference ON Contracts (Reference);
CREATE UNIQUE INDEX UX_Contracts_Lot ON Contracts (TenderLotId) WHERE TenderLotId IS NOT NULL;
CREATE INDEX IX_Contracts_Supplier ON Contracts (SupplierId);
CREATE INDEX IX_Contracts_Group ON Contracts (PurchasingGroupId, SignedOn);
CREATE INDEX IX_Contracts_AccordCadre ON Contracts (AccordCadreContractId);

-- The contract's BPU: copied from the awarded offer's unit prices at signing (TenderItemId keeps the link), typed for a
-- contract recorded without a tender. PricePeriod and QuantityBasis as the campaign's catalogue items have them.
CREATE TABLE ContractItems (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    ContractId INTEGER NOT NULL REFERENCES Contracts (Id) ON DELETE CASCADE,
    TenderItemId INTEGER NULL REFERENCES TenderItems (Id),
    Position INTEGER NOT NULL,
    Label TEXT NOT NULL,
    Unit TEXT NOT NULL,
    UnitPriceTenThousandths INTEGER NOT NULL,
    PricePeriod INTEGER NOT NULL,
    QuantityBasis INTEGER NOT NULL DEFAULT 1,
    VatRateBasisPoints INTEGER NOT NULL DEFAULT 2000
);
CREATE UNIQUE INDEX UX_ContractItems_Position ON ContractItems (ContractId, Position);

-- The members taking part in a contract (only they share its costs), and their quantities per item (thousandths):
-- the tender's snapshot quantities at signing, typed for a contract recorded without a tender.
CREATE TABLE ContractMembers (
    ContractId INTEGER NOT NULL REFERENCES Contracts (Id) ON DELETE CASCADE,
    MemberId INTEGER NOT NULL REFERENCES Members (Id),
    PRIMARY KEY (ContractId, MemberId)
);
CREATE INDEX IX_ContractMembers_Member ON ContractMembers (MemberId, ContractId);

CREATE TABLE ContractMemberQuantities (
    ContractId INTEGER NOT NULL REFERENCES Contracts (Id),
    MemberId INTEGER NOT NULL REFERENCES Members (Id),
    ContractItemId INTEGER NOT NULL REFERENCES ContractItems (Id) ON DELETE CASCADE,
    QuantityMilli INTEGER NOT NULL,
    PRIMARY KEY (ContractItemId, MemberId)
);
CREATE INDEX IX_ContractMemberQuantities_Member ON ContractMemberQuantities (ContractId, MemberId);

-- Avenants, numbered per contract: each may set a new amount (or maximum), a new duration, a new supplier. They are
-- stored beside the contract's initial values, never over them.
CREATE TABLE ContractAmendments (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    ContractId INTEGER NOT NULL REFERENCES Contracts (Id) ON DELETE CASCADE,
    Number INTEGER NOT NULL,
    SignedOn TEXT NOT NULL,
    NotifiedOn TEXT NULL,
    NewAmountCents INTEGER NULL,
    NewDurationMonths INTEGER NULL,
    NewSupplierId INTEGER NULL REFERENCES Suppliers (Id),
    Reason TEXT NOT NULL,
    CreatedAtUtc TEXT NOT NULL,
    CreatedByUserId INTEGER NULL
);
CREATE UNIQUE INDEX UX_ContractAmendments_Number ON ContractAmendments (ContractId, Number);

-- Bons de commande against an accord-cadre, numbered per contract; a line's amount is quantity × the contract's unit
-- price rounded once to the cent, stored with the unit price it used.
CREATE TABLE Orders (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    ContractId INTEGER NOT NULL REFERENCES Contracts (Id),
    MemberId INTEGER NOT NULL REFERENCES Members (Id),
    Number INTEGER NOT NULL,
    OrderedOn TEXT NOT NULL,
    TotalCents INTEGER NOT NULL,
    CreatedByUserId INTEGER NULL,
    CreatedAtUtc TEXT NOT NULL
);
CREATE UNIQUE INDEX UX_Orders_Number ON Orders (ContractId, Number);
CREATE INDEX IX_Orders_Member ON Orders (MemberId, OrderedOn);

CREATE TABLE OrderLines (
    OrderId INTEGER NOT NULL REFERENCES Orders (Id) ON DELETE CASCADE,
    ContractItemId INTEGER NOT NULL REFERENCES ContractItems (Id),
    QuantityMilli INTEGER NOT NULL,
    UnitPriceTenThousandths INTEGER NOT NULL,
    AmountCents INTEGER NOT NULL,
    PRIMARY KEY (OrderId, ContractItemId)
);

-- Supplier invoices against a contract. MemberId: a cost assigned to one member only (an order, a member's own line);
-- AllocationKeyId overrides the contract's key; VatCents is the invoice's stated VAT when given (else HT × rate).
CREATE TABLE CostEntries (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    PurchasingGroupId INTEGER NOT NULL REFERENCES PurchasingGroups (Id),
    ContractId INTEGER NOT NULL REFERENCES Contracts (Id),
    InvoiceNumber TEXT NOT NULL,
    InvoiceDate TEXT NOT NULL,
    PeriodFrom TEXT NOT NULL,
    PeriodTo TEXT NOT NULL,
    Label TEXT NOT NULL,
    AmountHtCents INTEGER NOT NULL,
    VatRateBasisPoints INTEGER NOT NULL,
    VatCents INTEGER NULL,
    MemberId INTEGER NULL REFERENCES Members (Id),
    OrderId INTEGER NULL REFERENCES Orders (Id),
    AllocationKeyId INTEGER NULL REFERENCES AllocationKeys (Id),
    Version INTEGER NOT NULL DEFAULT 1,
    CreatedAtUtc TEXT NOT NULL,
    UpdatedAtUtc TEXT NOT NULL,
    CreatedByUserId INTEGER NULL
);
CREATE UNIQUE INDEX UX_CostEntries_Invoice ON CostEntries (ContractId, InvoiceNumber, Label);
CREATE INDEX IX_CostEntries_Period ON CostEntries (PurchasingGroupId, PeriodFrom, PeriodTo);

-- The coordination fee (Core CoordinationFeeKind: 1 percent, Value in basis points; 2 flat, Value in cents per member),
-- its VAT rate, the budget account of the accounting export and the payment term of the statements.
ALTER TABLE CoordinatorSettings ADD COLUMN CoordinationFeeKind INTEGER NULL;
ALTER TABLE CoordinatorSettings ADD COLUMN CoordinationFeeValue INTEGER NULL;
ALTER TABLE CoordinatorSettings ADD COLUMN CoordinationFeeVatRateBasisPoints INTEGER NULL;
ALTER TABLE CoordinatorSettings ADD COLUMN BudgetAccount TEXT NULL;
ALTER TABLE CoordinatorSettings ADD COLUMN PaymentTermDays INTEGER NULL;

-- An allocation run for a period: State 0 preview, 1 issued (frozen). A rectifying run references the run it corrects
-- and carries only the differences. The fee settings are copied into the run when it is computed.
CREATE TABLE AllocationRuns (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    PurchasingGroupId INTEGER NOT NULL REFERENCES PurchasingGroups (Id),
    PeriodFrom TEXT NOT NULL,
    PeriodTo TEXT NOT NULL,
    State INTEGER NOT NULL DEFAULT 0,
    RectifiesRunId INTEGER NULL REFERENCES AllocationRuns (Id),
    FeeKind INTEGER NULL,
    FeeValue INTEGER NULL,
    FeeVatRateBasisPoints INTEGER NULL,
    IssuedAtUtc TEXT NULL,
    IssuedByUserId INTEGER NULL,
    StatementsJobId TEXT NULL,
    CreatedByUserId INTEGER NULL,
    Version INTEGER NOT NULL DEFAULT 1,
    CreatedAtUtc TEXT NOT NULL,
    UpdatedAtUtc TEXT NOT NULL
);
CREATE INDEX IX_AllocationRuns_Period ON AllocationRuns (PurchasingGroupId, PeriodFrom, PeriodTo);
CREATE INDEX IX_AllocationRuns_Rectifies ON AllocationRuns (RectifiesRunId);

-- The run's cost lines as computed (KeyText: the key's canonical text), and each member's share of each line; a share
-- with RunCostLineId NULL is the coordination fee. BaseText, TotalBaseText and ShareText are exact fractions as text.
CREATE TABLE RunCostLines (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    RunId INTEGER NOT NULL REFERENCES AllocationRuns (Id) ON DELETE CASCADE,
    CostEntryId INTEGER NULL REFERENCES CostEntries (Id),
    ContractId INTEGER NULL REFERENCES Contracts (Id),
    Label TEXT NOT NULL,
    KeyText TEXT NOT NULL,
    HtCents INTEGER NOT NULL,
    VatRateBasisPoints INTEGER NOT NULL,
    VatCents INTEGER NOT NULL
);
CREATE INDEX IX_RunCostLines_Run ON RunCostLines (RunId, ContractId);
CREATE INDEX IX_RunCostLines_CostEntry ON RunCostLines (CostEntryId);

CREATE TABLE RunShares (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    RunId INTEGER NOT NULL REFERENCES AllocationRuns (Id) ON DELETE CASCADE,
    RunCostLineId INTEGER NULL REFERENCES RunCostLines (Id),
    MemberId INTEGER NOT NULL REFERENCES Members (Id),
    BaseText TEXT NOT NULL,
    TotalBaseText TEXT NOT NULL,
    ShareText TEXT NOT NULL,
    HtCents INTEGER NOT NULL,
    VatCents INTEGER NOT NULL
);
CREATE INDEX IX_RunShares_Run ON RunShares (RunId, MemberId);
CREATE INDEX IX_RunShares_Line ON RunShares (RunCostLineId);

-- Statement numbers: one locked counter per year (gapless 2026-0001, 2026-0002…), incremented when a run is issued.
CREATE TABLE StatementCounters (
    Year INTEGER PRIMARY KEY,
    LastValue INTEGER NOT NULL
);

-- One statement (or credit statement, IsCredit) per member and issued run. The PDF's bytes are stored when generated
-- (PdfBytes, or StoragePath in the configured folder) with their SHA-256; TitreNumber and PaidOn are recorded by finance.
CREATE TABLE Statements (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    RunId INTEGER NOT NULL REFERENCES AllocationRuns (Id),
    MemberId INTEGER NOT NULL REFERENCES Members (Id),
    Number TEXT NOT NULL,
    Year INTEGER NOT NULL,
    Sequence INTEGER NOT NULL,
    IsCredit INTEGER NOT NULL DEFAULT 0,
    HtCents INTEGER NOT NULL,
    VatCents INTEGER NOT NULL,
    TtcCents INTEGER NOT NULL,
    IssuedOn TEXT NOT NULL,
    DueOn TEXT NULL,
    PdfBytes BLOB NULL,
    PdfSha256 TEXT NULL,
    StoragePath TEXT NULL,
    GeneratedAtUtc TEXT NULL,
    TitreNumber TEXT NULL,
    PaidOn TEXT NULL,
    Version INTEGER NOT NULL DEFAULT 1,
    CreatedAtUtc TEXT NOT NULL,
    UpdatedAtUtc TEXT NOT NULL
);
CREATE UNIQUE INDEX UX_Statements_Number ON Statements (Number);
CREATE UNIQUE INDEX UX_Statements_RunMember ON Statements (RunId, MemberId);
CREATE INDEX IX_Statements_Member ON Statements (MemberId, IssuedOn);
