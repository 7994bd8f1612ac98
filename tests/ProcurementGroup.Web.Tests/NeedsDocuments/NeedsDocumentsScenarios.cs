using ProcurementGroup.Core.Needs;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.NeedsDocuments;

/// <summary>The ENT campaigns the needs-documents tests share, arranged with <see cref="Scenario"/>.</summary>
public static class NeedsDocumentsScenarios
{
    public const string Amiens = "CA Amiens Métropole";
    public const string Vimeu = "CC du Vimeu";

    /// <summary>
    /// A new groupement joined on 2024-01-01 by the demo <paramref name="members"/> and a campaign (launched on 2027-02-01, 36
    /// months) with the demo ENT catalogue: lot 1 ENT-ELEVE (annual 4,20 €, whole), ENT-ENS (annual 6,00 €, whole, at most
    /// 500), lot 2 ENT-FORM (one-off 650,00 €, fractions allowed; per year when <paramref name="trainingPerYear"/>).
    /// </summary>
    public static Scenario EntCampaign(this TestApp app, DateTime opensUtc, DateTime closesUtc, string[] members, bool trainingPerYear = false)
    {
        var scenario = app.Arrange().Group("Groupement ENT test " + Guid.NewGuid().ToString("N")[..8]);
        foreach (var member in members)
        {
            scenario.Member(member, m => m.Exists());
        }

        return scenario.Campaign("ENT test " + Guid.NewGuid().ToString("N")[..8], c => c
            .Dates(opensUtc, closesUtc)
            .Launch(new DateOnly(2027, 2, 1))
            .Duration(36)
            .Lot(1, "Espace numérique de travail", l => l
                .Item("ENT-ELEVE", 420, PricePeriod.Annual, i => i.Labelled("Licence ENT par compte élève", "compte"))
                .Item("ENT-ENS", 600, PricePeriod.Annual, i => i.Labelled("Licence ENT par compte enseignant", "compte").MaxPerMember(500)))
            .Lot(2, "Accompagnement", l => l
                .Item("ENT-FORM", 65_000, PricePeriod.OneOff, i =>
                {
                    i.Labelled("Journée de formation", "jour").Fractions();
                    if (trainingPerYear)
                    {
                        i.PerYear();
                    }
                })));
    }

    /// <summary>An open ENT campaign (opened 10 days ago, closing in 20) of Vimeu (and <paramref name="others"/>).</summary>
    public static Scenario OpenEntCampaign(this TestApp app, params string[] others) =>
        app.EntCampaign(DateTime.UtcNow.AddDays(-10), DateTime.UtcNow.AddDays(20), [Vimeu, .. others]).Opened();
}
