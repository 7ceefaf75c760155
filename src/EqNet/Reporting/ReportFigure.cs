namespace EqNet.Reporting;

/// <summary>One rendered plot of the report, with the words that go with it.</summary>
/// <param name="FileName">File name of the PNG beside the report, for example <c>loss.png</c>.</param>
/// <param name="Title">Heading shown above the image.</param>
/// <param name="Caption">What the plot shows and how to read it.</param>
/// <param name="Png">The encoded PNG image.</param>
internal sealed record ReportFigure(string FileName, string Title, string Caption, byte[] Png);
