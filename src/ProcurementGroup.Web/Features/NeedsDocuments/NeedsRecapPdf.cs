using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Web.Infrastructure.Documents;
using ProcurementGroup.Web.Infrastructure.Localization;

namespace ProcurementGroup.Web.Features.NeedsDocuments;

/// <summary>
/// Draws the recap as an A4 PDF with PDFsharp: identities, campaign, status, the lines grouped by lot, totals HT, TVA and
/// TTC, the commitment sentence; a page break whenever the next row does not fit, and "Page n / N" on every page.
/// </summary>
public static class NeedsRecapPdf
{
    private const double Margin = 40;
    private const double FooterHeight = 30;

    // Code, Article, Unité, Site, Quantité, Prix unitaire HT, Valeur estimée HT: 515 points between the margins.
    private static readonly double[] Widths = [62, 140, 72, 72, 47, 58, 64];
    private static readonly string[] Heads = ["Code", "Article", "Unité", "Site", "Quantité", "Prix unit. HT", "Valeur HT"];

    public static byte[] Render(RecapModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        PdfFonts.EnsureRegistered();
        var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
        var regular = new XFont(PdfFonts.Family, 9, XFontStyleEx.Regular, options);
        var bold = new XFont(PdfFonts.Family, 9, XFontStyleEx.Bold, options);
        var title = new XFont(PdfFonts.Family, 15, XFontStyleEx.Bold, options);
        var heading = new XFont(PdfFonts.Family, 11, XFontStyleEx.Bold, options);
        var small = new XFont(PdfFonts.Family, 8, XFontStyleEx.Regular, options);

        var context = model.Context;
        using var document = new PdfDocument();
        document.Info.Title = $"État des besoins – {context.Member.Name} – {context.Campaign.Title}";
        document.Info.Author = model.Coordinator?.Name ?? "ProcurementGroup";

        var canvas = new Canvas(document);

        // Coordinator (left, with its logo) and member (right).
        var top = canvas.Y;
        var textLeft = Margin;
        if (model.Coordinator?.Logo is { Length: > 0 } logo && TryImage(logo) is { } image)
        {
            using (image)
            {
                var scale = Math.Min(110 / image.PointWidth, 48 / image.PointHeight);
                canvas.Graphics.DrawImage(image, Margin, top, image.PointWidth * scale, image.PointHeight * scale);
                canvas.Y = top + (image.PointHeight * scale) + 6;
            }
        }

        var coordinatorLines = new List<string> { model.Coordinator?.Name ?? "Coordonnateur du groupement" };
        if (!string.IsNullOrWhiteSpace(model.Coordinator?.Siret))
        {
            coordinatorLines.Add("SIRET " + model.Coordinator.Siret);
        }

        coordinatorLines.AddRange(Address(model.Coordinator?.AddressLine1, model.Coordinator?.AddressLine2, model.Coordinator?.PostalCode, model.Coordinator?.City));
        var memberLines = new List<string> { context.Member.Name };
        if (!string.IsNullOrWhiteSpace(context.Member.Siren))
        {
            memberLines.Add("SIREN " + context.Member.Siren);
        }

        memberLines.AddRange(Address(context.Member.AddressLine1, context.Member.AddressLine2, context.Member.PostalCode, context.Member.City));
        var leftY = canvas.Y;
        canvas.Graphics.DrawString("Coordonnateur", small, XBrushes.Gray, textLeft, leftY);
        var rightX = Margin + 290;
        canvas.Graphics.DrawString("Membre", small, XBrushes.Gray, rightX, top);
        for (var i = 0; i < coordinatorLines.Count; i++)
        {
            canvas.Graphics.DrawString(coordinatorLines[i], i == 0 ? bold : regular, XBrushes.Black, textLeft, leftY + 12 + (i * 12));
        }

        for (var i = 0; i < memberLines.Count; i++)
        {
            canvas.Graphics.DrawString(memberLines[i], i == 0 ? bold : regular, XBrushes.Black, rightX, top + 12 + (i * 12));
        }

        canvas.Y = Math.Max(leftY + 12 + (coordinatorLines.Count * 12), top + 12 + (memberLines.Count * 12)) + 14;

        canvas.Text("État des besoins", title, 22);
        canvas.Text(context.Campaign.Title, heading, 16);
        var campaign = context.Campaign;
        canvas.Text($"Groupement : {context.Group?.Name}", regular, 12);
        canvas.Text(
            $"Durée du marché : {campaign.DurationMonths.ToString(Fr.Culture)} mois, reconductions comprises – lancement prévu le {Fr.Date(campaign.PlannedLaunchDate)}",
            regular,
            12);
        canvas.Text($"Campagne ouverte du {Fr.Instant(campaign.OpensAtUtc)} au {Fr.Instant(context.DeadlineUtc)} (heure de Paris)", regular, 12);
        var status = context.Form.Status switch
        {
            NeedsFormStatus.Validated => $"validé le {Fr.Instant(context.Form.ValidatedAtUtc)}",
            _ => "transmis, en attente de validation",
        };
        canvas.Text($"Formulaire n° {context.Form.Id.ToString(CultureInfo.InvariantCulture)} : {status} – transmis le {Fr.Instant(context.Form.SubmittedAtUtc)} (heure de Paris)", regular, 18);

        if (model.Lots.Count == 0)
        {
            canvas.Text("Aucun besoin déclaré.", regular, 16);
        }

        foreach (var lot in model.Lots)
        {
            canvas.EnsureRoom(60);
            canvas.Text(lot.Title, heading, 16);
            canvas.TableHeader(bold);
            foreach (var line in lot.Lines)
            {
                canvas.Row(
                    [
                        line.Code, line.Label, line.Unit, line.Site, Fr.Number(line.Quantity), Fr.Money(line.UnitPriceCents), Fr.Money(line.ValueCents),
                    ],
                    regular,
                    bold);
            }

            canvas.EnsureRoom(18);
            canvas.RightAligned($"Total {lot.Title} : {Fr.Money(lot.TotalHtCents)} HT", bold, 20);
        }

        canvas.EnsureRoom(70);
        canvas.Y += 4;
        canvas.RightAligned($"Total estimé HT : {Fr.Money(model.TotalHtCents)}", bold, 14);
        canvas.RightAligned($"TVA : {Fr.Money(model.TotalVatCents)}", regular, 14);
        canvas.RightAligned($"Total estimé TTC : {Fr.Money(model.TotalTtcCents)}", heading, 22);

        var commitment =
            $"{context.Member.Name} déclare au coordonnateur du groupement « {context.Group?.Name} » les besoins ci-dessus pour la campagne « {campaign.Title} ». " +
            $"Ils seront agrégés avec ceux des autres membres pour la consultation. Les valeurs sont des estimations hors taxes sur toute la durée du marché " +
            $"({campaign.DurationMonths.ToString(Fr.Culture)} mois, reconductions comprises), calculées avec les prix unitaires estimés du catalogue de la campagne " +
            "et arrondies au centime une seule fois, sur chaque total.";
        canvas.Paragraph(commitment, regular, Widths.Sum());
        canvas.Y += 6;
        canvas.Text($"Document établi le {Fr.Instant(model.GeneratedAtUtc)} (heure de Paris).", small, 12);

        // Page numbers, once the page count is known.
        canvas.Finish();
        var count = document.PageCount;
        for (var i = 0; i < count; i++)
        {
            using var g = XGraphics.FromPdfPage(document.Pages[i], XGraphicsPdfPageOptions.Append);
            var page = document.Pages[i];
            g.DrawString(
                $"{context.Member.Name} – {campaign.Title}",
                small,
                XBrushes.Gray,
                new XRect(Margin, page.Height.Point - FooterHeight, Widths.Sum() - 80, 12),
                XStringFormats.TopLeft);
            g.DrawString(
                $"Page {(i + 1).ToString(Fr.Culture)} / {count.ToString(Fr.Culture)}",
                small,
                XBrushes.Gray,
                new XRect(Margin, page.Height.Point - FooterHeight, Widths.Sum(), 12),
                XStringFormats.TopRight);
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static IEnumerable<string> Address(string? line1, string? line2, string? postalCode, string? city)
    {
        foreach (var line in new[] { line1, line2, $"{postalCode} {city}".Trim() })
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return line;
            }
        }
    }

    private static XImage? TryImage(byte[] bytes)
    {
        try
        {
            return XImage.FromStream(new MemoryStream(bytes));
        }
#pragma warning disable CA1031 // A logo PDFsharp cannot read is left out rather than failing the document.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    /// <summary>A cursor over the pages: adds a page (and repeats the table header) when the next block does not fit.</summary>
    private sealed class Canvas
    {
        private readonly PdfDocument _document;
        private XFont? _headerFont;

        public Canvas(PdfDocument document)
        {
            _document = document;
            NewPage();
        }

        public XGraphics Graphics { get; private set; } = null!;

        public double Y { get; set; }

        private double Bottom { get; set; }

        public void Finish() => Graphics.Dispose();

        public void EnsureRoom(double height)
        {
            if (Y + height > Bottom)
            {
                NewPage();
            }
        }

        public void Text(string text, XFont font, double advance)
        {
            EnsureRoom(advance);
            Graphics.DrawString(text, font, XBrushes.Black, Margin, Y + font.Size);
            Y += advance;
        }

        public void RightAligned(string text, XFont font, double advance)
        {
            EnsureRoom(advance);
            Graphics.DrawString(text, font, XBrushes.Black, new XRect(Margin, Y, Widths.Sum(), advance), XStringFormats.TopRight);
            Y += advance;
        }

        public void Paragraph(string text, XFont font, double width)
        {
            foreach (var line in Wrap(text, font, width))
            {
                Text(line, font, font.Size + 3);
            }
        }

        public void TableHeader(XFont font)
        {
            _headerFont = font;
            DrawHeader();
        }

        public void Row(string[] cells, XFont font, XFont headerFont)
        {
            var wrapped = cells.Select((c, i) => i is 1 or 3 ? Wrap(c, font, Widths[i] - 4) : [Fit(c, font, Widths[i] - 4)]).ToArray();
            var height = (wrapped.Max(w => w.Count) * (font.Size + 2)) + 4;
            if (Y + height > Bottom)
            {
                NewPage();
                _headerFont = headerFont;
                DrawHeader();
            }

            var x = Margin;
            for (var i = 0; i < cells.Length; i++)
            {
                for (var l = 0; l < wrapped[i].Count; l++)
                {
                    var rect = new XRect(x + 2, Y + 2 + (l * (font.Size + 2)), Widths[i] - 4, font.Size + 2);
                    Graphics.DrawString(wrapped[i][l], font, XBrushes.Black, rect, i >= 4 ? XStringFormats.TopRight : XStringFormats.TopLeft);
                }

                x += Widths[i];
            }

            Y += height;
            Graphics.DrawLine(XPens.LightGray, Margin, Y, Margin + Widths.Sum(), Y);
        }

        private void DrawHeader()
        {
            if (_headerFont is null)
            {
                return;
            }

            var height = _headerFont.Size + 8;
            Graphics.DrawRectangle(new XSolidBrush(XColor.FromArgb(0xD9, 0xE1, 0xF2)), Margin, Y, Widths.Sum(), height);
            var x = Margin;
            for (var i = 0; i < Heads.Length; i++)
            {
                Graphics.DrawString(Heads[i], _headerFont, XBrushes.Black, new XRect(x + 2, Y + 3, Widths[i] - 4, height - 3), i >= 4 ? XStringFormats.TopRight : XStringFormats.TopLeft);
                x += Widths[i];
            }

            Y += height;
        }

        private void NewPage()
        {
            Graphics?.Dispose();
            var page = _document.AddPage();
            page.Size = PageSize.A4;
            Graphics = XGraphics.FromPdfPage(page);
            Y = Margin;
            Bottom = page.Height.Point - Margin - FooterHeight;
        }

        private List<string> Wrap(string text, XFont font, double width)
        {
            var lines = new List<string>();
            var current = string.Empty;
            foreach (var word in (text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = current.Length == 0 ? word : current + " " + word;
                if (Graphics.MeasureString(candidate, font).Width <= width || current.Length == 0)
                {
                    current = candidate;
                }
                else
                {
                    lines.Add(current);
                    current = word;
                }
            }

            lines.Add(current);
            return lines.Select(l => Fit(l, font, width)).ToList();
        }

        private string Fit(string text, XFont font, double width)
        {
            if (Graphics.MeasureString(text, font).Width <= width)
            {
                return text;
            }

            var cut = text;
            while (cut.Length > 1 && Graphics.MeasureString(cut + "…", font).Width > width)
            {
                cut = cut[..^1];
            }

            return cut + "…";
        }
    }
}
