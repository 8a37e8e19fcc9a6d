using System.Net;
using System.Text;

namespace Depthwise.Visualization.Report;

/// <summary>A small HTML writer: headings, paragraphs, tables and images embedded as data URIs, all text encoded.</summary>
internal sealed class HtmlPage
{
    private readonly StringBuilder _body = new();
    private int _images;

    public int ImageCount => _images;

    public void Heading(int level, string text, string? id = null) =>
        _body.Append($"<h{level}{(id is null ? string.Empty : $" id=\"{id}\"")}>{Encode(text)}</h{level}>\n");

    public void Paragraph(string text) => _body.Append($"<p>{Encode(text)}</p>\n");

    /// <summary>A paragraph whose text is already HTML (built from encoded parts).</summary>
    public void RawParagraph(string html) => _body.Append($"<p>{html}</p>\n");

    public void Code(string text) => _body.Append($"<pre><code>{Encode(text)}</code></pre>\n");

    public void Note(string text) => _body.Append($"<p class=\"note\">{Encode(text)}</p>\n");

    public void Image(byte[] bytes, string mime, string alt, string caption)
    {
        _images++;
        _body.Append($"<figure><img src=\"data:{mime};base64,{Convert.ToBase64String(bytes)}\" alt=\"{Encode(alt)}\"><figcaption>{Encode(caption)}</figcaption></figure>\n");
    }

    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? caption = null)
    {
        _body.Append("<table>");
        if (caption is not null)
        {
            _body.Append($"<caption>{Encode(caption)}</caption>");
        }

        _body.Append("<thead><tr>");
        foreach (var header in headers)
        {
            _body.Append($"<th>{Encode(header)}</th>");
        }

        _body.Append("</tr></thead><tbody>\n");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            foreach (var cell in row)
            {
                _body.Append($"<td>{Encode(cell)}</td>");
            }

            _body.Append("</tr>\n");
        }

        _body.Append("</tbody></table>\n");
    }

    public string Render(string title) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{Encode(title)}}</title>
        <style>
        body { font-family: "DejaVu Sans", Verdana, sans-serif; color: #222; max-width: 1180px; margin: 2em auto; padding: 0 1em; line-height: 1.5; }
        h1 { font-size: 1.7em; margin-bottom: 0.2em; }
        h2 { font-size: 1.3em; margin-top: 2.2em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
        table { border-collapse: collapse; margin: 1em 0; font-size: 0.92em; }
        caption { text-align: left; font-weight: bold; padding-bottom: 0.3em; }
        th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
        th:first-child, td:first-child { text-align: left; }
        th { background: #f3f3f3; }
        figure { margin: 1em 0; }
        img { max-width: 100%; height: auto; border: 1px solid #eee; }
        figcaption { color: #666; font-size: 0.9em; }
        pre { background: #f6f6f6; padding: 0.6em 0.8em; overflow-x: auto; }
        .note { color: #555; background: #fff8e1; border-left: 4px solid #f0c040; padding: 0.4em 0.8em; }
        </style>
        </head>
        <body>
        {{_body}}
        <script>
        // Records each picture's decoded size on the page, so an automated check can confirm every image decoded.
        window.addEventListener('load', function () {
          var images = document.querySelectorAll('img');
          for (var i = 0; i < images.length; i++) {
            images[i].setAttribute('data-natural-size', images[i].naturalWidth + 'x' + images[i].naturalHeight);
          }
          document.body.setAttribute('data-images-checked', String(images.length));
        });
        </script>
        </body>
        </html>

        """;

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
