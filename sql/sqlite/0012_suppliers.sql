-- Suppliers (issue 8, item 4). Twin: sql/sqlserver/0012_suppliers.sql.
-- The companies that answer tenders; offers, contracts and invoices will reference them. The SIRET (14 digits, no
-- spaces) is unique; NameSearch is the folded name the list searches; Version is the optimistic-concurrency counter.
CREATE TABLE Suppliers (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    Name TEXT NOT NULL,
    NameSearch TEXT NOT NULL,
    Siret TEXT NOT NULL,
    AddressLine1 TEXT NOT NULL,
    AddressLine2 TEXT NULL,
    PostalCode TEXT NOT NULL,
    City TEXT NOT NULL,
    ContactEmail TEXT NOT NULL,
    Version INTEGER NOT NULL DEFAULT 1,
    CreatedAtUtc TEXT NOT NULL,
    UpdatedAtUtc TEXT NOT NULL
);
CREATE UNIQUE INDEX UX_Suppliers_Siret ON Suppliers (Siret);
CREATE INDEX IX_Suppliers_NameSearch ON Suppliers (NameSearch);
