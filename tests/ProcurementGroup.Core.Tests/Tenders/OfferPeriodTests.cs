using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Core.Tests.Tenders;

public sealed class OfferPeriodTests
{
    private static readonly IReadOnlyList<OfferPeriodRule> Rows = DefaultOfferPeriods.Rows;

    private static DateTime Paris(int year, int month, int day, int hour, int minute) =>
        Core.Text.ParisTime.ToUtc(new DateTime(year, month, day, hour, minute, 0))!.Value;

    // Published 20/03/2026 10:00 in Paris (UTC+1); summer time starts on 29/03/2026.
    private static readonly DateTime MarchPublication = Paris(2026, 3, 20, 10, 0);

    [Fact]
    public void Electronic_ThirtyDays_OnParisClock_AcrossTheChangeToSummerTime()
    {
        // 19/04/2026 10:00 in Paris is 08:00 UTC: 30 days on the Paris clock, 29 days 23 hours elapsed.
        var deadline = Paris(2026, 4, 19, 10, 0);
        Assert.Equal(new DateTime(2026, 4, 19, 8, 0, 0, DateTimeKind.Utc), deadline);
        Assert.Null(OfferPeriod.CheckDeadline(TenderProcedure.OpenCallForTenders, true, MarchPublication, deadline, Rows));

        Assert.Equal(
            "Le délai de réception des offres doit être d'au moins 30 jours (offres reçues par voie électronique, R2161-3 2°) : date limite au plus tôt le 19/04/2026 10:00 (heure de Paris).",
            OfferPeriod.CheckDeadline(TenderProcedure.OpenCallForTenders, true, MarchPublication, deadline.AddMinutes(-1), Rows));
    }

    [Fact]
    public void Paper_ThirtyFiveDays()
    {
        var deadline = Paris(2026, 4, 24, 10, 0);
        Assert.Null(OfferPeriod.CheckDeadline(TenderProcedure.OpenCallForTenders, false, MarchPublication, deadline, Rows));
        Assert.NotNull(OfferPeriod.CheckDeadline(TenderProcedure.OpenCallForTenders, false, MarchPublication, deadline.AddMinutes(-1), Rows));
        // 30 days is enough electronically, not on paper.
        Assert.NotNull(OfferPeriod.CheckDeadline(TenderProcedure.OpenCallForTenders, false, MarchPublication, Paris(2026, 4, 19, 10, 0), Rows));
    }

    [Fact]
    public void Electronic_ThirtyDays_AcrossTheChangeBackToWinterTime()
    {
        // 01/10/2026 12:00 in Paris (UTC+2) to 31/10/2026 12:00 (UTC+1, after 25/10): 30 days and 1 hour elapsed.
        var publication = Paris(2026, 10, 1, 12, 0);
        var deadline = Paris(2026, 10, 31, 12, 0);
        Assert.Equal(new DateTime(2026, 10, 31, 11, 0, 0, DateTimeKind.Utc), deadline);
        Assert.Null(OfferPeriod.CheckDeadline(TenderProcedure.OpenCallForTenders, true, publication, deadline, Rows));
        Assert.NotNull(OfferPeriod.CheckDeadline(TenderProcedure.OpenCallForTenders, true, publication, deadline.AddMinutes(-1), Rows));
    }

    [Fact]
    public void Mapa_HasNoFixedMinimum_ButTheDeadlineFollowsThePublication()
    {
        Assert.Null(OfferPeriod.CheckDeadline(TenderProcedure.Mapa, true, MarchPublication, MarchPublication.AddDays(1), Rows));
        Assert.Equal(OfferPeriod.DeadlineBeforePublicationMessage, OfferPeriod.CheckDeadline(TenderProcedure.Mapa, true, MarchPublication, MarchPublication, Rows));
    }

    [Fact]
    public void RowInForce_IsChosenByThePublicationsParisDay()
    {
        OfferPeriodRule[] rows =
        [
            new(1, TenderProcedure.OpenCallForTenders, true, new DateOnly(2019, 4, 1), new DateOnly(2026, 6, 30), 30, "R2161-2"),
            new(2, TenderProcedure.OpenCallForTenders, true, new DateOnly(2026, 7, 1), null, 25, "R2161-2"),
        ];

        // 30/06/2026 23:30 in Paris is 21:30 UTC: the 30-day row; 01/07/2026 00:30 in Paris is 30/06 22:30 UTC: the 25-day row.
        Assert.Equal(1, OfferPeriod.RuleInForce(TenderProcedure.OpenCallForTenders, true, Paris(2026, 6, 30, 23, 30), rows)!.Id);
        Assert.Equal(2, OfferPeriod.RuleInForce(TenderProcedure.OpenCallForTenders, true, Paris(2026, 7, 1, 0, 30), rows)!.Id);
        var publication = Paris(2026, 7, 1, 0, 30);
        Assert.Null(OfferPeriod.CheckDeadline(TenderProcedure.OpenCallForTenders, true, publication, Paris(2026, 7, 26, 0, 30), rows));
    }

    [Fact]
    public void NoRowInForce_RefusesTheFormalisedPublication()
    {
        var error = OfferPeriod.CheckDeadline(TenderProcedure.OpenCallForTenders, true, MarchPublication, MarchPublication.AddDays(60), []);
        Assert.Equal("Aucun délai minimal de réception des offres n'est en vigueur le 20/03/2026 pour cette procédure : complétez la table des délais.", error);
    }

    [Fact]
    public void Publication_ChecksCriteria_EnvironmentAndPeriodTogether()
    {
        var criteria = CriteriaRulesTests.Criteria(price: 39) with
        {
            Criteria = [new Criterion("PRIX", "Prix", CriterionKind.Price, 39, []), new Criterion("TECH", "Technique", CriterionKind.Technical, 60, [])],
        };
        var publication = Paris(2026, 9, 1, 9, 0);

        var errors = PublicationRules.Check(criteria, TenderProcedure.OpenCallForTenders, true, publication, publication.AddDays(29), Rows);

        Assert.Equal(3, errors.Count);
        Assert.Equal($"{CriteriaRules.WeightsSumMessage} Elle vaut actuellement 99.", errors[0]);
        Assert.Equal(CriteriaRules.EnvironmentalMessage, errors[1]);
        Assert.StartsWith("Le délai de réception des offres doit être d'au moins 30 jours", errors[2], StringComparison.Ordinal);
        Assert.Empty(PublicationRules.Check(CriteriaRulesTests.Criteria(), TenderProcedure.OpenCallForTenders, true, publication, publication.AddDays(30), Rows));
    }
}
