using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Core.Tests.Tenders;

public sealed class TenderScoreTests
{
    [Theory]
    [InlineData("8.7525", true, 87_525)]
    [InlineData("8.75250", true, 87_525)]
    [InlineData("8.75251", false, 0)]
    [InlineData("0", true, 0)]
    [InlineData("0.0001", true, 1)]
    [InlineData("0.00001", false, 0)]
    [InlineData("20", true, 200_000)]
    public void TryToScaled_KeepsFourDecimalsExactlyAndRefusesAFifth(string score, bool ok, long scaled)
    {
        Assert.Equal(ok, TenderScore.TryToScaled(decimal.Parse(score, System.Globalization.CultureInfo.InvariantCulture), out var result));
        Assert.Equal(scaled, result);
    }

    [Fact]
    public void FromScaled_IsTheExactDecimal() => Assert.Equal(7.5m, TenderScore.FromScaled(75_000));
}

/// <summary>The defaults are codes the DECP 2.0.3 schema accepts (enumerations copied from reference/decp/schema_decp_v2.0.3.json).</summary>
public sealed class DecpCodesTests
{
    private static readonly string[] Techniques = ["Accord-cadre", "Concours", "Système de qualification", "Système d'acquisition dynamique", "Catalogue électronique", "Enchère électronique", "Sans objet"];
    private static readonly string[] Modalites = ["Tranches", "Bons de commande", "Marchés subséquents", "Sans objet"];
    private static readonly string[] Ccags = ["Travaux", "Maitrise d'œuvre", "Fournitures courantes et services", "Marchés industriels", "Prestations intellectuelles", "Techniques de l'information et de la communication", "Pas de CCAG"];
    private static readonly string[] Groupements = ["Conjoint", "Solidaire", "Pas de groupement"];
    private static readonly string[] LieuTypes = ["Code postal", "Code commune", "Code arrondissement", "Code canton", "Code département", "Code région", "Code pays"];
    private static readonly string[] TypesPrix = ["Définitif ferme", "Définitif actualisable", "Définitif révisable", "Provisoire"];
    private static readonly string[] FormesPrix = ["Unitaire", "Forfaitaire", "Mixte"];
    private static readonly string[] Sociales = ["Clause sociale", "Critère social", "Marché réservé", "Pas de considération sociale"];
    private static readonly string[] Environnementales = ["Clause environnementale", "Critère environnemental", "Pas de considération environnementale"];

    [Theory]
    [InlineData(ContractForm.Ordinary, "Sans objet", "Sans objet")]
    [InlineData(ContractForm.FrameworkPurchaseOrders, "Accord-cadre", "Bons de commande")]
    [InlineData(ContractForm.FrameworkSubsequentContracts, "Accord-cadre", "Marchés subséquents")]
    public void Defaults_FollowTheContractFormAndAreSchemaCodes(ContractForm form, string technique, string modalite)
    {
        var d = DecpCodes.Defaults(form, "80");

        Assert.Equal([technique], d.Techniques);
        Assert.Equal([modalite], d.ModalitesExecution);
        Assert.Subset(Techniques.ToHashSet(), d.Techniques.ToHashSet());
        Assert.Subset(Modalites.ToHashSet(), d.ModalitesExecution.ToHashSet());
        Assert.Contains(d.Ccag, Ccags);
        Assert.Contains(d.TypeGroupementOperateurs, Groupements);
        Assert.Contains(d.LieuExecutionTypeCode, LieuTypes);
        Assert.Subset(TypesPrix.ToHashSet(), d.TypesPrix.ToHashSet());
        Assert.Contains(d.FormePrix, FormesPrix);
        Assert.Subset(Sociales.ToHashSet(), d.ConsiderationsSociales.ToHashSet());
        Assert.Subset(Environnementales.ToHashSet(), d.ConsiderationsEnvironnementales.ToHashSet());
        Assert.Equal("80", d.LieuExecutionCode);
    }

    [Fact]
    public void JoinAndSplit_RoundTripAList()
    {
        string[] codes = ["Clause environnementale", "Critère environnemental"];

        Assert.Equal("Clause environnementale|Critère environnemental", DecpCodes.Join(codes));
        Assert.Equal(codes, DecpCodes.Split(DecpCodes.Join(codes)));
        Assert.Empty(DecpCodes.Split(""));
        Assert.DoesNotContain(Techniques.Concat(Modalites).Concat(TypesPrix).Concat(Sociales).Concat(Environnementales), c => c.Contains(DecpCodes.ListSeparator, StringComparison.Ordinal));
    }

    /// <summary>The schema's enumeration at <paramref name="path"/> (from definitions/marche), read from the committed copy.</summary>
    private static string[] SchemaEnum(params string[] path)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "decp", "schema_decp_v2.0.3.json")));
        var node = doc.RootElement.GetProperty("definitions").GetProperty("marche");
        foreach (var step in path)
        {
            node = node.GetProperty(step);
        }

        return node.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToArray();
    }

    [Fact]
    public void CodeLists_AreTheSchemasEnumerations_InItsOrder()
    {
        Assert.Equal(SchemaEnum("definitions", "techniqueArray", "items"), DecpCodes.Techniques);
        Assert.Equal(SchemaEnum("definitions", "modaliteExecutionArray", "items"), DecpCodes.ModalitesExecution);
        Assert.Equal(SchemaEnum("properties", "ccag"), DecpCodes.Ccags);
        Assert.Equal(SchemaEnum("properties", "typeGroupementOperateurs"), DecpCodes.TypesGroupementOperateurs);
        Assert.Equal(SchemaEnum("properties", "lieuExecution", "properties", "typeCode"), DecpCodes.LieuExecutionTypes);
        Assert.Equal(SchemaEnum("definitions", "typePrixArray", "items"), DecpCodes.TypesPrix);
        Assert.Equal(SchemaEnum("properties", "formePrix"), DecpCodes.FormesPrix);
        Assert.Equal(SchemaEnum("properties", "procedure"), DecpCodes.Procedures);
        Assert.Equal([DecpCodes.NatureMarche], SchemaEnum("properties", "nature").Take(1));
        Assert.Equal(SchemaEnum("definitions", "considerationSocialeArray", "items"), DecpCodes.ConsiderationsSociales);
        Assert.Equal(SchemaEnum("definitions", "considerationEnvironnementaleArray", "items"), DecpCodes.ConsiderationsEnvironnementales);
        Assert.Equal(Techniques, DecpCodes.Techniques);
    }

    [Theory]
    [InlineData(ContractForm.Ordinary)]
    [InlineData(ContractForm.FrameworkPurchaseOrders)]
    [InlineData(ContractForm.FrameworkSubsequentContracts)]
    public void Check_AcceptsTheDefaults(ContractForm form) => Assert.Empty(DecpCodes.Check(DecpCodes.Defaults(form, "80")));

    [Fact]
    public void Check_AcceptsEveryCodeOfEachList_AndSeveralCompatibleOnes()
    {
        var d = DecpCodes.Defaults(ContractForm.Ordinary, "2A");
        foreach (var ccag in DecpCodes.Ccags)
        {
            Assert.Empty(DecpCodes.Check(d with { Ccag = ccag }));
        }

        Assert.Empty(DecpCodes.Check(d with
        {
            Techniques = ["Accord-cadre", "Enchère électronique"],
            TypesPrix = ["Définitif ferme", "Provisoire"],
            ConsiderationsEnvironnementales = ["Clause environnementale", "Critère environnemental"],
        }));
    }

    [Fact]
    public void Check_RefusesAForgedValue_NextToItsField()
    {
        var d = DecpCodes.Defaults(ContractForm.FrameworkPurchaseOrders, "80");

        Assert.Equal([(nameof(DecpFields.Ccag), DecpCodes.ChoiceMessage)], DecpCodes.Check(d with { Ccag = "CCAG inventé" }));
        Assert.Equal([(nameof(DecpFields.Ccag), DecpCodes.ChoiceMessage)], DecpCodes.Check(d with { Ccag = "techniques de l'information et de la communication" }));
        Assert.Equal([(nameof(DecpFields.FormePrix), DecpCodes.ChoiceMessage)], DecpCodes.Check(d with { FormePrix = "" }));
        Assert.Equal([(nameof(DecpFields.TypeGroupementOperateurs), DecpCodes.ChoiceMessage)], DecpCodes.Check(d with { TypeGroupementOperateurs = "Mixte" }));
        Assert.Equal([(nameof(DecpFields.LieuExecutionTypeCode), DecpCodes.ChoiceMessage)], DecpCodes.Check(d with { LieuExecutionTypeCode = "Code INSEE" }));
        Assert.Equal([(nameof(DecpFields.TypesPrix), DecpCodes.ListMessage)], DecpCodes.Check(d with { TypesPrix = ["Définitif révisable", "<script>"] }));
        Assert.Equal([(nameof(DecpFields.Techniques), DecpCodes.ListMessage)], DecpCodes.Check(d with { Techniques = [] }));
        Assert.Equal([(nameof(DecpFields.ModalitesExecution), DecpCodes.ListMessage)], DecpCodes.Check(d with { ModalitesExecution = ["Tranches", "Tranches"] }));
    }

    [Fact]
    public void Check_RefusesANoneValueWithAnother()
    {
        var d = DecpCodes.Defaults(ContractForm.Ordinary, "80");

        Assert.Equal([(nameof(DecpFields.Techniques), DecpCodes.ExclusiveMessage("Sans objet"))], DecpCodes.Check(d with { Techniques = ["Sans objet", "Concours"] }));
        Assert.Equal(
            [(nameof(DecpFields.ConsiderationsSociales), DecpCodes.ExclusiveMessage("Pas de considération sociale"))],
            DecpCodes.Check(d with { ConsiderationsSociales = ["Clause sociale", "Pas de considération sociale"] }));
        Assert.Equal(
            [(nameof(DecpFields.ConsiderationsEnvironnementales), DecpCodes.ExclusiveMessage("Pas de considération environnementale"))],
            DecpCodes.Check(d with { ConsiderationsEnvironnementales = ["Pas de considération environnementale", "Critère environnemental"] }));
    }

    [Theory]
    [InlineData("80", true)]
    [InlineData("12345678901234567890", true)]
    [InlineData("123456789012345678901", false)]
    [InlineData("  ", false)]
    public void Check_LieuExecutionCode_IsRequiredAndFitsItsColumn(string code, bool valid)
    {
        var errors = DecpCodes.Check(DecpCodes.Defaults(ContractForm.Ordinary, code));

        Assert.Equal(valid ? [] : [(nameof(DecpFields.LieuExecutionCode), DecpCodes.LieuExecutionCodeMessage)], errors);
    }
}
