-- Contracts, costs and statements (issue 9). Twin: sql/sqlite/0014_contracts_costs.sql.
-- Money is cents; unit prices are ten-thousandths of a euro (UnitPrice.Scale); quantities are thousandths; VAT rates and
-- coordination-fee percentages are basis points (2000 = 20 %).
-- Enumerations are the Core values (Core.Procedures, Core.Tenders, Core.Needs, Core.Allocation); DECP 2.0.3 fields hold
-- the schema's own French codes, a list field joining its codes with "|", as on Tenders.
-- The script has batches (GO): a column added by ALTER TABLE can only be used by a later batch.

-- Contracts: a contract may now exist without a tender (recorded as signed before the app), so TenderLotId becomes
-- NULL-able (its unique index becomes filtered). PurchasingGroupId is backfilled from the tender's campaign, Title from
-- the tender's object, LotLabel from the lot's title and StartsOn from the notification date. Amendments never update
-- this row: its amount, duration and supplier are the initial ones (Core derives the current values).
-- AccordCadreContractId: the accord-cadre a marché subséquent is passed under. AllocationKeyId (added below, after
-- AllocationKeys): the contract's key. The DECP fields (Nature … SousTraitanceDeclaree) are those of Tenders, same
-- names and codes, filled for a contract recorded without a tender and NULL when a tender supplies them; the DECP
-- formePrix stays PriceForm.
DROP INDEX UX_Contracts_Lot ON dbo.Contracts;
ALTER TABLE dbo.Contracts DROP CONSTRAINT FK_Contracts_Lot;
ALTER TABLE dbo.Contracts ALTER COLUMN TenderLotId bigint NULL;
ALTER TABLE dbo.Contracts ADD CONSTRAINT FK_Contracts_Lot FOREIGN KEY (TenderLotId) REFERENCES dbo.TenderLots (Id);
CREATE UNIQUE INDEX UX_Contracts_Lot ON dbo.Contracts (TenderLotId) WHERE TenderLotId IS NOT NULL;

ALTER TABLE dbo.Contracts ADD
    PurchasingGroupId bigint NULL,
    Title nvarchar(1000) NULL,
    LotLabel nvarchar(300) NULL,
    StartsOn date NULL,
    AccordCadreContractId bigint NULL CONSTRAINT FK_Contracts_AccordCadre REFERENCES dbo.Contracts (Id),
    Nature int NULL,
    ProcedureType int NULL,
    ContractForm int NULL,
    Techniques nvarchar(200) NULL,
    ModalitesExecution nvarchar(200) NULL,
    MarcheInnovant bit NULL,
    Ccag nvarchar(100) NULL,
    AttributionAvance bit NULL,
    TypeGroupementOperateurs nvarchar(50) NULL,
    LieuExecutionCode nvarchar(20) NULL,
    LieuExecutionTypeCode nvarchar(50) NULL,
    TypesPrix nvarchar(200) NULL,
    ConsiderationsSociales nvarchar(200) NULL,
    ConsiderationsEnvironnementales nvarchar(200) NULL,
    OffresRecues int NULL,
    SousTraitanceDeclaree bit NULL,
    CreatedByUserId bigint NULL;
GO

UPDATE c SET PurchasingGroupId = n.PurchasingGroupId, Title = t.Object, LotLabel = l.Title, StartsOn = c.NotifiedOn
FROM dbo.Contracts c
JOIN dbo.TenderLots l ON l.Id = c.TenderLotId
JOIN dbo.Tenders t ON t.Id = l.TenderId
JOIN dbo.NeedsCampaigns n ON n.Id = t.CampaignId;
GO

ALTER TABLE dbo.Contracts ALTER COLUMN PurchasingGroupId bigint NOT NULL;
ALTER TABLE dbo.Contracts ALTER COLUMN Title nvarchar(1000) NOT NULL;
ALTER TABLE dbo.Contracts ADD CONSTRAINT FK_Contracts_PurchasingGroup FOREIGN KEY (PurchasingGroupId) REFERENCES dbo.PurchasingGroups (Id);
CREATE INDEX IX_Contracts_Group ON dbo.Contracts (PurchasingGroupId, SignedOn);
CREATE INDEX IX_Contracts_AccordCadre ON dbo.Contracts (AccordCadreContractId);

-- The contract's BPU: copied from the awarded offer's unit prices at signing (TenderItemId keeps the link), typed for a
-- contract recorded without a tender. PricePeriod and QuantityBasis as the campaign's catalogue items have them.
CREATE TABLE dbo.ContractItems (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_ContractItems PRIMARY KEY,
    ContractId bigint NOT NULL CONSTRAINT FK_ContractItems_Contract REFERENCES dbo.Contracts (Id) ON DELETE CASCADE,
    TenderItemId bigint NULL CONSTRAINT FK_ContractItems_TenderItem REFERENCES dbo.TenderItems (Id),
    Position int NOT NULL,
    Label nvarchar(300) NOT NULL,
    Unit nvarchar(50) NOT NULL,
    UnitPriceTenThousandths bigint NOT NULL,
    PricePeriod int NOT NULL,
    QuantityBasis int NOT NULL CONSTRAINT DF_ContractItems_QuantityBasis DEFAULT 1,
    VatRateBasisPoints int NOT NULL CONSTRAINT DF_ContractItems_VatRate DEFAULT 2000
);
CREATE UNIQUE INDEX UX_ContractItems_Position ON dbo.ContractItems (ContractId, Position);

-- The members taking part in a contract (only they share its costs), and their quantities per item (thousandths):
-- the tender's snapshot quantities at signing, typed for a contract recorded without a tender.
CREATE TABLE dbo.ContractMembers (
    ContractId bigint NOT NULL CONSTRAINT FK_ContractMembers_Contract REFERENCES dbo.Contracts (Id) ON DELETE CASCADE,
    MemberId bigint NOT NULL CONSTRAINT FK_ContractMembers_Member REFERENCES dbo.Members (Id),
    CONSTRAINT PK_ContractMembers PRIMARY KEY (ContractId, MemberId)
);
CREATE INDEX IX_ContractMembers_Member ON dbo.ContractMembers (MemberId, ContractId);

-- No cascade on ContractId: SQL Server refuses a second cascade path from Contracts (through ContractItems).
CREATE TABLE dbo.ContractMemberQuantities (
    ContractId bigint NOT NULL CONSTRAINT FK_ContractMemberQuantities_Contract REFERENCES dbo.Contracts (Id),
    MemberId bigint NOT NULL CONSTRAINT FK_ContractMemberQuantities_Member REFERENCES dbo.Members (Id),
    ContractItemId bigint NOT NULL CONSTRAINT FK_ContractMemberQuantities_Item REFERENCES dbo.ContractItems (Id) ON DELETE CASCADE,
    QuantityMilli bigint NOT NULL,
    CONSTRAINT PK_ContractMemberQuantities PRIMARY KEY (ContractItemId, MemberId)
);
CREATE INDEX IX_ContractMemberQuantities_Member ON dbo.ContractMemberQuantities (ContractId, MemberId);

-- Avenants, numbered per contract: each may set a new amount (or maximum), a new duration, a new supplier. They are
-- stored beside the contract's initial values, never over them.
CREATE TABLE dbo.ContractAmendments (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_ContractAmendments PRIMARY KEY,
    ContractId bigint NOT NULL CONSTRAINT FK_ContractAmendments_Contract REFERENCES dbo.Contracts (Id) ON DELETE CASCADE,
    Number int NOT NULL,
    SignedOn date NOT NULL,
    NotifiedOn date NULL,
    NewAmountCents bigint NULL,
    NewDurationMonths int NULL,
    NewSupplierId bigint NULL CONSTRAINT FK_ContractAmendments_Supplier REFERENCES dbo.Suppliers (Id),
    Reason nvarchar(2000) NOT NULL,
    CreatedAtUtc datetime2 NOT NULL,
    CreatedByUserId bigint NULL
);
CREATE UNIQUE INDEX UX_ContractAmendments_Number ON dbo.ContractAmendments (ContractId, Number);

-- Bons de commande against an accord-cadre, numbered per contract; a line's amount is quantity × the contract's unit
-- price rounded once to the cent, stored with the unit price it used.
CREATE TABLE dbo.Orders (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_Orders PRIMARY KEY,
    ContractId bigint NOT NULL CONSTRAINT FK_Orders_Contract REFERENCES dbo.Contracts (Id),
    MemberId bigint NOT NULL CONSTRAINT FK_Orders_Member REFERENCES dbo.Members (Id),
    Number int NOT NULL,
    OrderedOn date NOT NULL,
    TotalCents bigint NOT NULL,
    CreatedByUserId bigint NULL,
    CreatedAtUtc datetime2 NOT NULL
);
CREATE UNIQUE INDEX UX_Orders_Number ON dbo.Orders (ContractId, Number);
CREATE INDEX IX_Orders_Member ON dbo.Orders (MemberId, OrderedOn);

CREATE TABLE dbo.OrderLines (
    OrderId bigint NOT NULL CONSTRAINT FK_OrderLines_Order REFERENCES dbo.Orders (Id) ON DELETE CASCADE,
    ContractItemId bigint NOT NULL CONSTRAINT FK_OrderLines_Item REFERENCES dbo.ContractItems (Id),
    QuantityMilli bigint NOT NULL,
    UnitPriceTenThousandths bigint NOT NULL,
    AmountCents bigint NOT NULL,
    CONSTRAINT PK_OrderLines PRIMARY KEY (OrderId, ContractItemId)
);

-- Clés de répartition: Components is the canonical text of Core AllocationKey; ContractId NULL for a key of a cost
-- entry; PopulationKind 2 municipale / 3 totale (AllocationBasis); custom weights per member as exact decimal text.
CREATE TABLE dbo.AllocationKeys (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_AllocationKeys PRIMARY KEY,
    ContractId bigint NULL CONSTRAINT FK_AllocationKeys_Contract REFERENCES dbo.Contracts (Id),
    Components nvarchar(400) NOT NULL,
    Year int NULL,
    PopulationKind int NULL,
    Version int NOT NULL CONSTRAINT DF_AllocationKeys_Version DEFAULT 1,
    CreatedAtUtc datetime2 NOT NULL,
    UpdatedAtUtc datetime2 NOT NULL
);
CREATE INDEX IX_AllocationKeys_Contract ON dbo.AllocationKeys (ContractId);

CREATE TABLE dbo.AllocationKeyWeights (
    AllocationKeyId bigint NOT NULL CONSTRAINT FK_AllocationKeyWeights_Key REFERENCES dbo.AllocationKeys (Id) ON DELETE CASCADE,
    MemberId bigint NOT NULL CONSTRAINT FK_AllocationKeyWeights_Member REFERENCES dbo.Members (Id),
    Weight nvarchar(50) NOT NULL,
    CONSTRAINT PK_AllocationKeyWeights PRIMARY KEY (AllocationKeyId, MemberId)
);

ALTER TABLE dbo.Contracts ADD AllocationKeyId bigint NULL CONSTRAINT FK_Contracts_AllocationKey REFERENCES dbo.AllocationKeys (Id);

-- Supplier invoices against a contract. MemberId: a cost assigned to one member only (an order, a member's own line);
-- AllocationKeyId overrides the contract's key; VatCents is the invoice's stated VAT when given (else HT × rate).
CREATE TABLE dbo.CostEntries (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_CostEntries PRIMARY KEY,
    PurchasingGroupId bigint NOT NULL CONSTRAINT FK_CostEntries_PurchasingGroup REFERENCES dbo.PurchasingGroups (Id),
    ContractId bigint NOT NULL CONSTRAINT FK_CostEntries_Contract REFERENCES dbo.Contracts (Id),
    InvoiceNumber nvarchar(100) NOT NULL,
    InvoiceDate date NOT NULL,
    PeriodFrom date NOT NULL,
    PeriodTo date NOT NULL,
    Label nvarchar(300) NOT NULL,
    AmountHtCents bigint NOT NULL,
    VatRateBasisPoints int NOT NULL,
    VatCents bigint NULL,
    MemberId bigint NULL CONSTRAINT FK_CostEntries_Member REFERENCES dbo.Members (Id),
    OrderId bigint NULL CONSTRAINT FK_CostEntries_Order REFERENCES dbo.Orders (Id),
    AllocationKeyId bigint NULL CONSTRAINT FK_CostEntries_AllocationKey REFERENCES dbo.AllocationKeys (Id),
    Version int NOT NULL CONSTRAINT DF_CostEntries_Version DEFAULT 1,
    CreatedAtUtc datetime2 NOT NULL,
    UpdatedAtUtc datetime2 NOT NULL,
    CreatedByUserId bigint NULL
);
CREATE UNIQUE INDEX UX_CostEntries_Invoice ON dbo.CostEntries (ContractId, InvoiceNumber, Label);
CREATE INDEX IX_CostEntries_Period ON dbo.CostEntries (PurchasingGroupId, PeriodFrom, PeriodTo);

-- The coordination fee (Core CoordinationFeeKind: 1 percent, Value in basis points; 2 flat, Value in cents per member),
-- its VAT rate, the budget account of the accounting export and the payment term of the statements.
ALTER TABLE dbo.CoordinatorSettings ADD
    CoordinationFeeKind int NULL,
    CoordinationFeeValue bigint NULL,
    CoordinationFeeVatRateBasisPoints int NULL,
    BudgetAccount nvarchar(50) NULL,
    PaymentTermDays int NULL;

-- An allocation run for a period: State 0 preview, 1 issued (frozen). A rectifying run references the run it corrects
-- and carries only the differences. The fee settings are copied into the run when it is computed.
CREATE TABLE dbo.AllocationRuns (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_AllocationRuns PRIMARY KEY,
    PurchasingGroupId bigint NOT NULL CONSTRAINT FK_AllocationRuns_PurchasingGroup REFERENCES dbo.PurchasingGroups (Id),
    PeriodFrom date NOT NULL,
    PeriodTo date NOT NULL,
    State int NOT NULL CONSTRAINT DF_AllocationRuns_State DEFAULT 0,
    RectifiesRunId bigint NULL CONSTRAINT FK_AllocationRuns_Rectifies REFERENCES dbo.AllocationRuns (Id),
    FeeKind int NULL,
    FeeValue bigint NULL,
    FeeVatRateBasisPoints int NULL,
    IssuedAtUtc datetime2 NULL,
    IssuedByUserId bigint NULL,
    StatementsJobId nvarchar(100) NULL,
    CreatedByUserId bigint NULL,
    Version int NOT NULL CONSTRAINT DF_AllocationRuns_Version DEFAULT 1,
    CreatedAtUtc datetime2 NOT NULL,
    UpdatedAtUtc datetime2 NOT NULL
);
CREATE INDEX IX_AllocationRuns_Period ON dbo.AllocationRuns (PurchasingGroupId, PeriodFrom, PeriodTo);
CREATE INDEX IX_AllocationRuns_Rectifies ON dbo.AllocationRuns (RectifiesRunId);

-- The run's cost lines as computed (KeyText: the key's canonical text), and each member's share of each line; a share
-- with RunCostLineId NULL is the coordination fee. BaseText, TotalBaseText and ShareText are exact fractions as text.
CREATE TABLE dbo.RunCostLines (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_RunCostLines PRIMARY KEY,
    RunId bigint NOT NULL CONSTRAINT FK_RunCostLines_Run REFERENCES dbo.AllocationRuns (Id) ON DELETE CASCADE,
    CostEntryId bigint NULL CONSTRAINT FK_RunCostLines_CostEntry REFERENCES dbo.CostEntries (Id),
    ContractId bigint NULL CONSTRAINT FK_RunCostLines_Contract REFERENCES dbo.Contracts (Id),
    Label nvarchar(300) NOT NULL,
    KeyText nvarchar(400) NOT NULL,
    HtCents bigint NOT NULL,
    VatRateBasisPoints int NOT NULL,
    VatCents bigint NOT NULL
);
CREATE INDEX IX_RunCostLines_Run ON dbo.RunCostLines (RunId, ContractId);
CREATE INDEX IX_RunCostLines_CostEntry ON dbo.RunCostLines (CostEntryId);

-- No cascade on RunCostLineId: SQL Server refuses a second cascade path from AllocationRuns.
CREATE TABLE dbo.RunShares (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_RunShares PRIMARY KEY,
    RunId bigint NOT NULL CONSTRAINT FK_RunShares_Run REFERENCES dbo.AllocationRuns (Id) ON DELETE CASCADE,
    RunCostLineId bigint NULL CONSTRAINT FK_RunShares_Line REFERENCES dbo.RunCostLines (Id),
    MemberId bigint NOT NULL CONSTRAINT FK_RunShares_Member REFERENCES dbo.Members (Id),
    BaseText nvarchar(200) NOT NULL,
    TotalBaseText nvarchar(200) NOT NULL,
    ShareText nvarchar(200) NOT NULL,
    HtCents bigint NOT NULL,
    VatCents bigint NOT NULL
);
CREATE INDEX IX_RunShares_Run ON dbo.RunShares (RunId, MemberId);
CREATE INDEX IX_RunShares_Line ON dbo.RunShares (RunCostLineId);

-- Statement numbers: one locked counter per year (gapless 2026-0001, 2026-0002…), incremented when a run is issued.
CREATE TABLE dbo.StatementCounters (
    Year int NOT NULL CONSTRAINT PK_StatementCounters PRIMARY KEY,
    LastValue int NOT NULL
);

-- One statement (or credit statement, IsCredit) per member and issued run. The PDF's bytes are stored when generated
-- (PdfBytes, or StoragePath in the configured folder) with their SHA-256; TitreNumber and PaidOn are recorded by finance.
CREATE TABLE dbo.Statements (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_Statements PRIMARY KEY,
    RunId bigint NOT NULL CONSTRAINT FK_Statements_Run REFERENCES dbo.AllocationRuns (Id),
    MemberId bigint NOT NULL CONSTRAINT FK_Statements_Member REFERENCES dbo.Members (Id),
    Number nvarchar(20) NOT NULL,
    Year int NOT NULL,
    Sequence int NOT NULL,
    IsCredit bit NOT NULL CONSTRAINT DF_Statements_IsCredit DEFAULT 0,
    HtCents bigint NOT NULL,
    VatCents bigint NOT NULL,
    TtcCents bigint NOT NULL,
    IssuedOn date NOT NULL,
    DueOn date NULL,
    PdfBytes varbinary(max) NULL,
    PdfSha256 nvarchar(64) NULL,
    StoragePath nvarchar(500) NULL,
    GeneratedAtUtc datetime2 NULL,
    TitreNumber nvarchar(50) NULL,
    PaidOn date NULL,
    Version int NOT NULL CONSTRAINT DF_Statements_Version DEFAULT 1,
    CreatedAtUtc datetime2 NOT NULL,
    UpdatedAtUtc datetime2 NOT NULL
);
CREATE UNIQUE INDEX UX_Statements_Number ON dbo.Statements (Number);
CREATE UNIQUE INDEX UX_Statements_RunMember ON dbo.Statements (RunId, MemberId);
CREATE INDEX IX_Statements_Member ON dbo.Statements (MemberId, IssuedOn);
