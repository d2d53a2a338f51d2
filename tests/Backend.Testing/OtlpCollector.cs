using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Backend.Testing;

/// <summary>
/// An OTLP receiver (HTTP/protobuf) on 127.0.0.1 that keeps the spans and log records the services export, for tests
/// and measurements that need to see the telemetry itself. Metrics are accepted and dropped.
/// </summary>
/// <remarks>Reads only the fields it keeps (OTLP's protobuf schema, opentelemetry-proto v1) and skips the rest.</remarks>
public sealed class OtlpCollector : IAsyncDisposable
{
    /// <summary>The span attributes kept: what a request or a query was.</summary>
    public static readonly IReadOnlySet<string> KeptAttributes = new HashSet<string>(StringComparer.Ordinal)
    {
        "url.full", "url.path", "http.route", "db.query.text", "db.statement", "messaging.destination.name", "messaging.batch.message_count",
    };

    private readonly WebApplication _server;
    private readonly ConcurrentQueue<CollectedSpan> _spans = new();
    private readonly ConcurrentQueue<CollectedLog> _logs = new();

    private OtlpCollector(WebApplication server)
    {
        _server = server;
        server.MapPost("/v1/traces", context => ReceiveAsync(context, ReadSpans));
        server.MapPost("/v1/logs", context => ReceiveAsync(context, ReadLogs));
        server.MapPost("/v1/metrics", context => ReceiveAsync(context, _ => { }));
    }

    /// <summary>The base address to hand the services (OTEL_EXPORTER_OTLP_ENDPOINT); each signal's path is appended to it.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyCollection<CollectedSpan> Spans => _spans;

    public IReadOnlyCollection<CollectedLog> Logs => _logs;

    public static async Task<OtlpCollector> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 64 * 1024 * 1024);
        var collector = new OtlpCollector(builder.Build());
        await collector._server.StartAsync(cancellationToken);
        var address = collector._server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        collector.Endpoint = new Uri(address);
        return collector;
    }

    /// <summary>Spans grouped by trace, for the traces that have begun (their root span) at or after <paramref name="since"/>.</summary>
    public IReadOnlyList<IGrouping<string, CollectedSpan>> TracesStartedSince(DateTimeOffset since)
    {
        var roots = _spans.Where(s => s.IsRoot && s.Start >= since).Select(s => s.TraceId).ToHashSet();
        return _spans.Where(s => roots.Contains(s.TraceId)).GroupBy(s => s.TraceId).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
    }

    private static async Task ReceiveAsync(HttpContext context, Action<ReadOnlyMemory<byte>> read)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        read(body.GetBuffer().AsMemory(0, (int)body.Length));
        context.Response.ContentType = "application/x-protobuf";
        context.Response.StatusCode = StatusCodes.Status200OK; // an empty Export*ServiceResponse: everything accepted
    }

    // ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1 }
    // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2 }
    // ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2 }
    private void ReadSpans(ReadOnlyMemory<byte> request)
    {
        foreach (var resourceSpans in Protobuf.Fields(request).Where(f => f.Number == 1))
        {
            var service = ServiceName(resourceSpans.Bytes);
            foreach (var scopeSpans in Protobuf.Fields(resourceSpans.Bytes).Where(f => f.Number == 2))
            {
                var scope = ScopeName(scopeSpans.Bytes);
                foreach (var span in Protobuf.Fields(scopeSpans.Bytes).Where(f => f.Number == 2))
                {
                    _spans.Enqueue(ReadSpan(service, scope, span.Bytes));
                }
            }
        }
    }

    // Span { bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5; SpanKind kind = 6;
    //        fixed64 start_time_unix_nano = 7; repeated KeyValue attributes = 9; repeated Link links = 13 }
    // Link { bytes trace_id = 1 }
    private static CollectedSpan ReadSpan(string service, string scope, ReadOnlyMemory<byte> span)
    {
        string traceId = "", spanId = "", name = "";
        string? parent = null;
        var kind = 0;
        ulong start = 0;
        var attributes = new Dictionary<string, string>();
        var links = new List<string>();
        foreach (var field in Protobuf.Fields(span))
        {
            switch (field.Number)
            {
                case 1: traceId = Convert.ToHexStringLower(field.Bytes.Span); break;
                case 2: spanId = Convert.ToHexStringLower(field.Bytes.Span); break;
                case 4: parent = field.Bytes.IsEmpty ? null : Convert.ToHexStringLower(field.Bytes.Span); break;
                case 5: name = field.Text; break;
                case 6: kind = (int)field.Value; break;
                case 7: start = field.Value; break;
                case 9: AddAttribute(attributes, field.Bytes, KeptAttributes); break;
                case 13: links.Add(Convert.ToHexStringLower(Protobuf.Fields(field.Bytes).FirstOrDefault(f => f.Number == 1).Bytes.Span)); break;
            }
        }

        return new CollectedSpan(service, scope, name, traceId, spanId, parent, kind, FromUnixNanoseconds(start), attributes, links);
    }

    // ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1 }
    // ResourceLogs { Resource resource = 1; repeated ScopeLogs scope_logs = 2 }
    // ScopeLogs { InstrumentationScope scope = 1; repeated LogRecord log_records = 2 }
    // LogRecord { fixed64 time_unix_nano = 1; SeverityNumber severity_number = 2; AnyValue body = 5; fixed64 observed_time_unix_nano = 11 }
    private void ReadLogs(ReadOnlyMemory<byte> request)
    {
        foreach (var resourceLogs in Protobuf.Fields(request).Where(f => f.Number == 1))
        {
            var service = ServiceName(resourceLogs.Bytes);
            foreach (var scopeLogs in Protobuf.Fields(resourceLogs.Bytes).Where(f => f.Number == 2))
            {
                var category = ScopeName(scopeLogs.Bytes);
                foreach (var record in Protobuf.Fields(scopeLogs.Bytes).Where(f => f.Number == 2))
                {
                    int severity = 0;
                    ulong time = 0, observed = 0;
                    var body = "";
                    foreach (var field in Protobuf.Fields(record.Bytes))
                    {
                        switch (field.Number)
                        {
                            case 1: time = field.Value; break;
                            case 2: severity = (int)field.Value; break;
                            case 5: body = AnyValueText(field.Bytes); break;
                            case 11: observed = field.Value; break;
                        }
                    }

                    _logs.Enqueue(new CollectedLog(service, category, severity, body, FromUnixNanoseconds(time != 0 ? time : observed)));
                }
            }
        }
    }

    // Resource { repeated KeyValue attributes = 1 }: the service.name attribute.
    private static string ServiceName(ReadOnlyMemory<byte> resourceContainer)
    {
        var resource = Protobuf.Fields(resourceContainer).FirstOrDefault(f => f.Number == 1);
        var attributes = new Dictionary<string, string>();
        foreach (var attribute in Protobuf.Fields(resource.Bytes).Where(f => f.Number == 1))
        {
            AddAttribute(attributes, attribute.Bytes);
        }

        return attributes.GetValueOrDefault("service.name", "?");
    }

    // InstrumentationScope { string name = 1 }, field 1 of ScopeSpans and ScopeLogs.
    private static string ScopeName(ReadOnlyMemory<byte> scopeContainer)
    {
        var scope = Protobuf.Fields(scopeContainer).FirstOrDefault(f => f.Number == 1);
        return Protobuf.Fields(scope.Bytes).FirstOrDefault(f => f.Number == 1).Text;
    }

    // KeyValue { string key = 1; AnyValue value = 2 }
    private static void AddAttribute(Dictionary<string, string> attributes, ReadOnlyMemory<byte> keyValue, IReadOnlySet<string>? kept = null)
    {
        string? key = null, value = null;
        foreach (var field in Protobuf.Fields(keyValue))
        {
            if (field.Number == 1)
            {
                key = field.Text;
            }
            else if (field.Number == 2)
            {
                value = AnyValueText(field.Bytes);
            }
        }

        if (key is not null && (kept is null || kept.Contains(key)))
        {
            attributes[key] = value ?? "";
        }
    }

    // AnyValue { oneof { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4; ... } }
    private static string AnyValueText(ReadOnlyMemory<byte> anyValue)
    {
        foreach (var field in Protobuf.Fields(anyValue))
        {
            return field.Number switch
            {
                1 => field.Text,
                2 => (field.Value != 0).ToString(),
                3 => ((long)field.Value).ToString(System.Globalization.CultureInfo.InvariantCulture),
                4 => BitConverter.UInt64BitsToDouble(field.Value).ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => "",
            };
        }

        return "";
    }

    private static DateTimeOffset FromUnixNanoseconds(ulong nanoseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)(nanoseconds / 100));

    /// <summary>The protobuf wire format, as far as reading OTLP needs it.</summary>
    private static class Protobuf
    {
        public readonly record struct Field(int Number, ulong Value, ReadOnlyMemory<byte> Bytes)
        {
            public string Text => System.Text.Encoding.UTF8.GetString(Bytes.Span);
        }

        public static List<Field> Fields(ReadOnlyMemory<byte> message)
        {
            var fields = new List<Field>();
            var span = message.Span;
            var position = 0;
            while (position < span.Length)
            {
                var tag = ReadVarint(span, ref position);
                var number = (int)(tag >> 3);
                switch ((int)(tag & 7))
                {
                    case 0:
                        fields.Add(new Field(number, ReadVarint(span, ref position), default));
                        break;
                    case 1:
                        fields.Add(new Field(number, System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(span[position..]), default));
                        position += 8;
                        break;
                    case 2:
                        var length = (int)ReadVarint(span, ref position);
                        fields.Add(new Field(number, 0, message.Slice(position, length)));
                        position += length;
                        break;
                    case 5:
                        fields.Add(new Field(number, System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(span[position..]), default));
                        position += 4;
                        break;
                    default:
                        throw new InvalidDataException($"Unsupported protobuf wire type {tag & 7}.");
                }
            }

            return fields;
        }

        private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int position)
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = span[position++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }
        }
    }
}
