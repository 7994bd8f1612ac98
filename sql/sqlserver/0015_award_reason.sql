-- The officer's reason for an awardee other than the proposed offer (issue 8, item 7). Twin: sql/sqlite/0015_award_reason.sql.
-- NULL when the proposed offer (ranked first, or the winner of a settled tie) is awarded; otherwise the reason that
-- Core AwardRules.CheckAwardee requires (at most AwardeeReasonMaxLength = 2 000 characters), which the award page,
-- the rejection letters and the analysis report give.
ALTER TABLE dbo.TenderAwards ADD AwardeeReason nvarchar(2000) NULL;
