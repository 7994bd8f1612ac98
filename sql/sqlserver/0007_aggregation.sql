-- Aggregation (issue 3): the per-member totals read NeedLines in member order with the item and quantity in the index,
-- so 200,000 lines are summed without touching the table rows. Twin: sql/sqlite/0007_aggregation.sql.
CREATE INDEX IX_NeedLines_CampaignMemberItem ON dbo.NeedLines (CampaignId, MemberId, CatalogueItemId, QuantityMilli);
