using System.Text;

namespace EndToEnd.Tests.Hostile;

/// <summary>Splits the bytes a server sent on one connection into HTTP/1.1 responses (interim 1xx ones skipped).</summary>
internal static class RawHttpReplies
{
    public static List<Reply> Parse(byte[] data)
    {
        var replies = new List<Reply>();
        var position = 0;
        while (position < data.Length)
        {
            var headEnd = data.AsSpan(position).IndexOf("\r\n\r\n"u8);
            if (headEnd < 0)
            {
                break;
            }

            var lines = Encoding.Latin1.GetString(data, position, headEnd).Split("\r\n");
            var statusLine = lines[0].Split(' ', 3);
            if (statusLine.Length < 2 || !statusLine[0].StartsWith("HTTP/", StringComparison.Ordinal)
                || !int.TryParse(statusLine[1], System.Globalization.CultureInfo.InvariantCulture, out var status))
            {
                break;
            }

            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    var name = line[..colon].Trim().ToLowerInvariant();
                    var value = line[(colon + 1)..].Trim();
                    headers[name] = headers.TryGetValue(name, out var earlier) ? $"{earlier}, {value}" : value;
                }
            }

            position += headEnd + 4;
            if (status is >= 100 and < 200)
            {
                continue;
            }

            byte[] body;
            if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                (body, position) = Dechunk(data, position);
            }
            else if (headers.TryGetValue("content-length", out var length) && long.TryParse(length, System.Globalization.CultureInfo.InvariantCulture, out var declared))
            {
                var available = (int)Math.Min(declared, data.Length - position);
                body = data.AsSpan(position, available).ToArray();
                position += available;
            }
            else if (status is 204 or 304)
            {
                body = [];
            }
            else
            {
                body = data.AsSpan(position).ToArray();
                position = data.Length;
            }

            replies.Add(new Reply(status, headers, body));
        }

        return replies;
    }

    private static (byte[] Body, int Position) Dechunk(byte[] data, int position)
    {
        var body = new MemoryStream();
        while (position < data.Length)
        {
            var lineEnd = data.AsSpan(position).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                break;
            }

            var sizeText = Encoding.ASCII.GetString(data, position, lineEnd).Split(';')[0].Trim();
            if (!int.TryParse(sizeText, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var size))
            {
                break;
            }

            position += lineEnd + 2;
            if (size == 0)
            {
                var trailerEnd = data.AsSpan(position).IndexOf("\r\n"u8);
                position = trailerEnd < 0 ? data.Length : position + trailerEnd + 2;
                break;
            }

            var available = Math.Min(size, data.Length - position);
            body.Write(data, position, available);
            position = Math.Min(data.Length, position + size + 2);
        }

        return (body.ToArray(), position);
    }
}
