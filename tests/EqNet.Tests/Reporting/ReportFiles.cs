using System.Buffers.Binary;
using System.Text.RegularExpressions;

namespace EqNet.Tests.Reporting;

/// <summary>Reads back what the report writer produced.</summary>
internal static partial class ReportFiles
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The decoded bytes of every <c>&lt;img&gt;</c> data URI in the page, in order.</summary>
    public static IReadOnlyList<byte[]> EmbeddedImages(string html)
    {
        Assert.Equal(ImgTag().Matches(html).Count, DataUri().Matches(html).Count);
        return DataUri().Matches(html).Select(m => Convert.FromBase64String(m.Groups[1].Value)).ToArray();
    }

    /// <summary>Asserts the bytes are a PNG and returns its width and height from the IHDR chunk.</summary>
    public static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.True(png.Length > 24, "PNG is too short");
        Assert.Equal(PngSignature, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    [GeneratedRegex("<img\\b")]
    private static partial Regex ImgTag();

    [GeneratedRegex("<img[^>]*src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")]
    private static partial Regex DataUri();
}
