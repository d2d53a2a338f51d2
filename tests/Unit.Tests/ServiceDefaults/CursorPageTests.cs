using System.Buffers.Text;
using System.Text;
using ServiceDefaults.Pagination;
using static Unit.Tests.Validation;

namespace Unit.Tests.ServiceDefaults;

public sealed class CursorPageTests
{
    private static readonly PageKey[] Rows = [.. Enumerable.Range(1, 10).Select(i => new PageKey(i, $"row {i}"))];

    [Fact]
    public void A_cursor_round_trips_to_the_same_position()
    {
        var key = new PageKey(42, "Zoë 👩‍👩‍👧");

        Assert.True(Cursors.TryDecode<PageKey>(Cursors.Encode(key), out var decoded));
        Assert.Equal(key, decoded);
    }

    [Fact]
    public void A_cursor_can_be_put_in_a_url_as_it_is()
    {
        var cursor = Cursors.Encode(new PageKey(int.MaxValue, "?&=/+ é"));

        Assert.Matches("^[A-Za-z0-9_-]+$", cursor);
    }

    public static TheoryData<string> NotCursors => new()
    {
        "",
        "not a cursor!",
        "%%%%",
        new string('A', 513),
        Base64("null"),
        Base64("[]"),
        Base64("42"),
        Base64("{}"),
        Base64("{\"position\":1}"),
        Base64("{\"position\":\"one\",\"name\":\"x\"}"),
        Base64("{\"position\":1,\"name\":\"x\",\"admin\":true}"),
        Base64("{\"position\":1,\"name\":\"x\""),
        Base64Url.EncodeToString([0xFF, 0xFE, 0x00, 0x7B]),
        Tampered(Cursors.Encode(new PageKey(7, "seven"))),
    };

    [Theory]
    [MemberData(nameof(NotCursors))]
    public void A_garbage_or_tampered_cursor_is_a_validation_error_not_a_crash(string cursor)
    {
        var query = new PageQuery { Cursor = cursor };

        var errors = ErrorsOf(query);

        Assert.Equal(["cursor"], errors.Keys);
        Assert.False(Cursors.TryDecode<PageKey>(cursor, out _));
    }

    [Fact]
    public void Reading_the_position_of_an_unvalidated_bad_cursor_is_a_format_error()
    {
        // Handlers read After only once validation has passed; this is the guard if one did not.
        Assert.Throws<FormatException>(() => new PageQuery { Cursor = "garbage" }.After);
    }

    [Fact]
    public void Without_a_cursor_the_list_starts_at_the_beginning()
    {
        var query = new PageQuery();

        Assert.Empty(ErrorsOf(query));
        Assert.Null(query.After);
    }

    [Theory]
    [InlineData(null, true, 20)]
    [InlineData(1, true, 1)]
    [InlineData(100, true, 100)]
    [InlineData(0, false, 0)]
    [InlineData(-5, false, -5)]
    [InlineData(101, false, 101)]
    public void A_page_holds_1_to_100_items_and_20_by_default(int? limit, bool accepted, int pageSize)
    {
        var query = new PageQuery { Limit = limit };

        var errors = ErrorsOf(query);

        Assert.Equal(accepted ? Array.Empty<string>() : ["limit"], errors.Keys);
        Assert.Equal(pageSize, query.PageSize);
    }

    [Fact]
    public void A_page_of_limit_plus_one_rows_shows_limit_items_and_a_cursor_after_the_last_one()
    {
        var query = new PageQuery { Limit = 3 };

        var page = query.ToPage(Rows[..4], r => r, r => r.Name);

        Assert.Equal(["row 1", "row 2", "row 3"], page.Data);
        Assert.NotNull(page.NextCursor);
        Assert.True(Cursors.TryDecode<PageKey>(page.NextCursor, out var next));
        Assert.Equal(Rows[2], next);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void The_last_page_has_no_next_cursor(int rows)
    {
        var query = new PageQuery { Limit = 3 };

        var page = query.ToPage(Rows[..rows], r => r, r => r.Name);

        Assert.Equal(rows, page.Data.Count);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public void Following_next_cursors_visits_every_row_once()
    {
        var seen = new List<int>();
        string? cursor = null;
        do
        {
            var query = new PageQuery { Limit = 4, Cursor = cursor };
            Assert.Empty(ErrorsOf(query));
            // What the database would return: the rows after the cursor's position, PageSize + 1 of them.
            var after = query.After?.Position ?? 0;
            var rows = Rows.Where(r => r.Position > after).Take(query.PageSize + 1).ToList();
            var page = query.ToPage(rows, r => r, r => r.Position);
            seen.AddRange(page.Data);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Range(1, 10), seen);
    }

    private static string Base64(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    /// <summary>The cursor with its first character changed: '{' of the JSON no longer decodes as '{'.</summary>
    private static string Tampered(string cursor) => (cursor[0] == 'f' ? "e" : "f") + cursor[1..];
}
