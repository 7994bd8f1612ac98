-- Quantity basis for one-off items (issue 7, item 3). Twin: sql/sqlite/0011_quantity_basis.sql.
-- A one-off item's quantity is for the whole contract duration (1, every existing item) or per year (2, counted
-- duration / 12 times by EstimatedValue.PeriodFactor). Monthly and annual prices ignore it.
ALTER TABLE dbo.CatalogueItems ADD QuantityBasis int NOT NULL CONSTRAINT DF_CatalogueItems_QuantityBasis DEFAULT 1;
