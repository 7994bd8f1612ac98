-- Quantity basis for one-off items (issue 7, item 3). Twin: sql/sqlserver/0011_quantity_basis.sql.
-- A one-off item's quantity is for the whole contract duration (1, every existing item) or per year (2, counted
-- duration / 12 times by EstimatedValue.PeriodFactor). Monthly and annual prices ignore it.
ALTER TABLE CatalogueItems ADD COLUMN QuantityBasis INTEGER NOT NULL DEFAULT 1;
