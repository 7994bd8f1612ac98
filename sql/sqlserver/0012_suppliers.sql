-- Suppliers (issue 8, item 4). Twin: sql/sqlite/0012_suppliers.sql.
-- The companies that answer tenders; offers, contracts and invoices will reference them. The SIRET (14 digits, no
-- spaces) is unique; NameSearch is the folded name the list searches; Version is the optimistic-concurrency counter.
CREATE TABLE dbo.Suppliers (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_Suppliers PRIMARY KEY,
    Name nvarchar(200) NOT NULL,
    NameSearch nvarchar(200) NOT NULL,
    Siret nvarchar(14) NOT NULL,
    AddressLine1 nvarchar(200) NOT NULL,
    AddressLine2 nvarchar(200) NULL,
    PostalCode nvarchar(5) NOT NULL,
    City nvarchar(100) NOT NULL,
    ContactEmail nvarchar(254) NOT NULL,
    Version int NOT NULL CONSTRAINT DF_Suppliers_Version DEFAULT 1,
    CreatedAtUtc datetime2 NOT NULL,
    UpdatedAtUtc datetime2 NOT NULL
);
CREATE UNIQUE INDEX UX_Suppliers_Siret ON dbo.Suppliers (Siret);
CREATE INDEX IX_Suppliers_NameSearch ON dbo.Suppliers (NameSearch);
