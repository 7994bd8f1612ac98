using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ProcurementGroup.Web.Features.OpenData;

/// <summary>A holder as DECP identifies it (<c>typeIdentifiant</c> SIRET and the number).</summary>
public sealed record DecpTitulaire(string TypeIdentifiant, string Id);

/// <summary>A published amendment: only what it changes, beside the initial values (DECP <c>modification</c>).</summary>
public sealed record DecpModification(
    int Id, DateOnly DateNotification, DateOnly DatePublication, int? DureeMois, long? MontantCents, IReadOnlyList<DecpTitulaire>? Titulaires);

/// <summary>One <c>marche</c> of a DECP 2.0.3 document: the contract's initial values and its modifications.</summary>
public sealed record DecpMarche(
    string Id,
    string AcheteurId,
    string Nature,
    string Objet,
    string CodeCpv,
    IReadOnlyList<string> Techniques,
    IReadOnlyList<string> ModalitesExecution,
    string? IdAccordCadre,
    bool MarcheInnovant,
    string Ccag,
    int OffresRecues,
    bool AttributionAvance,
    string TypeGroupementOperateurs,
    bool SousTraitanceDeclaree,
    string Procedure,
    string LieuExecutionCode,
    string LieuExecutionTypeCode,
    int DureeMois,
    DateOnly DateNotification,
    DateOnly DatePublicationDonnees,
    long MontantCents,
    IReadOnlyList<string> TypesPrix,
    string FormePrix,
    IReadOnlyList<DecpTitulaire> Titulaires,
    IReadOnlyList<string> ConsiderationsSociales,
    IReadOnlyList<string> ConsiderationsEnvironnementales,
    IReadOnlyList<DecpModification> Modifications);

/// <summary>
/// The one DECP 2.0.3 serializer (<c>{"marches":{"marche":[...]}}</c>), used by the export (streamed to the response),
/// the per-contract check (a document of one marche validated against the schema) and the tests. Amounts are euros HT
/// written exactly from cents (a JSON number with at most two decimals); dates are AAAA-MM-JJ; list fields are wrapped
/// in objects as the schema requires (<c>"techniques": {"technique": [...]}</c>).
/// </summary>
public static class DecpDocument
{
    /// <summary>Readable French in the file (accents kept); the JSON stays valid and is served as UTF-8.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    public static void WriteStart(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteStartObject("marches");
        writer.WriteStartArray("marche");
    }

    public static void WriteEnd(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Marchés are written, then flushed to the stream, by this many.</summary>
    private const int FlushEvery = 200;

    /// <summary>Streams a whole document to <paramref name="stream"/> (the export's response body), flushing as it goes.</summary>
    public static async Task WriteAsync(Stream stream, IReadOnlyList<DecpMarche> marches, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(marches);
        await using var writer = new Utf8JsonWriter(stream, WriterOptions);
        WriteStart(writer);
        for (var i = 0; i < marches.Count; i++)
        {
            WriteMarche(writer, marches[i]);
            if ((i + 1) % FlushEvery == 0)
            {
                await writer.FlushAsync(ct);
            }
        }

        WriteEnd(writer);
        await writer.FlushAsync(ct);
    }

    /// <summary>A whole document of the given marchés, as a string (the per-contract check and the tests).</summary>
    public static string ToJson(IEnumerable<DecpMarche> marches)
    {
        ArgumentNullException.ThrowIfNull(marches);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            WriteStart(writer);
            foreach (var marche in marches)
            {
                WriteMarche(writer, marche);
            }

            WriteEnd(writer);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void WriteMarche(Utf8JsonWriter w, DecpMarche m)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(m);
        w.WriteStartObject();
        w.WriteString("id", m.Id);
        w.WriteStartObject("acheteur");
        w.WriteString("id", m.AcheteurId);
        w.WriteEndObject();
        w.WriteString("nature", m.Nature);
        w.WriteString("objet", m.Objet);
        w.WriteString("codeCPV", m.CodeCpv);
        WrappedList(w, "techniques", "technique", m.Techniques);
        WrappedList(w, "modalitesExecution", "modaliteExecution", m.ModalitesExecution);
        if (m.IdAccordCadre is not null)
        {
            w.WriteString("idAccordCadre", m.IdAccordCadre);
        }

        w.WriteBoolean("marcheInnovant", m.MarcheInnovant);
        w.WriteString("ccag", m.Ccag);
        w.WriteNumber("offresRecues", m.OffresRecues);
        w.WriteBoolean("attributionAvance", m.AttributionAvance);
        w.WriteString("typeGroupementOperateurs", m.TypeGroupementOperateurs);
        w.WriteBoolean("sousTraitanceDeclaree", m.SousTraitanceDeclaree);
        w.WriteString("procedure", m.Procedure);
        w.WriteStartObject("lieuExecution");
        w.WriteString("code", m.LieuExecutionCode);
        w.WriteString("typeCode", m.LieuExecutionTypeCode);
        w.WriteEndObject();
        w.WriteNumber("dureeMois", m.DureeMois);
        Date(w, "dateNotification", m.DateNotification);
        Date(w, "datePublicationDonnees", m.DatePublicationDonnees);
        w.WriteNumber("montant", Euros(m.MontantCents));
        w.WriteString("formePrix", m.FormePrix);
        WrappedList(w, "typesPrix", "typePrix", m.TypesPrix);
        Titulaires(w, m.Titulaires);
        WrappedList(w, "considerationsSociales", "considerationSociale", m.ConsiderationsSociales);
        WrappedList(w, "considerationsEnvironnementales", "considerationEnvironnementale", m.ConsiderationsEnvironnementales);
        // The schema wants at least one item when the list is present: no modification, no list.
        if (m.Modifications.Count > 0)
        {
            w.WriteStartArray("modifications");
            foreach (var mod in m.Modifications)
            {
                w.WriteStartObject();
                w.WriteStartObject("modification");
                w.WriteNumber("id", mod.Id);
                Date(w, "dateNotificationModification", mod.DateNotification);
                Date(w, "datePublicationDonneesModification", mod.DatePublication);
                if (mod.DureeMois is { } months)
                {
                    w.WriteNumber("dureeMois", months);
                }

                if (mod.MontantCents is { } cents)
                {
                    w.WriteNumber("montant", Euros(cents));
                }

                if (mod.Titulaires is { Count: > 0 } holders)
                {
                    Titulaires(w, holders);
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    /// <summary>Cents as exact euros (480000, 1234.5).</summary>
    public static decimal Euros(long cents) => cents / 100m;

    private static void Date(Utf8JsonWriter w, string name, DateOnly day) =>
        w.WriteString(name, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    private static void WrappedList(Utf8JsonWriter w, string name, string itemName, IReadOnlyList<string> values)
    {
        w.WriteStartObject(name);
        w.WriteStartArray(itemName);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Titulaires(Utf8JsonWriter w, IReadOnlyList<DecpTitulaire> holders)
    {
        w.WriteStartArray("titulaires");
        foreach (var h in holders)
        {
            w.WriteStartObject();
            w.WriteStartObject("titulaire");
            w.WriteString("typeIdentifiant", h.TypeIdentifiant);
            w.WriteString("id", h.Id);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
