using Spectre.Console;

namespace EqNet.Cli.Terminal;

/// <summary>One line of text with Spectre markup: styled on a terminal, plain and never wrapped when the output is redirected.</summary>
internal static class Lines
{
    /// <summary>
    /// Writes <paramref name="markup"/> and a newline. Redirected output is read by tools and people in files, where a
    /// line broken mid-phrase at the console width (a finding, a caption) reads worse than a long one.
    /// </summary>
    public static void Write(string markup)
    {
        if (Console.IsOutputRedirected) Console.Out.WriteLine(Markup.Remove(markup));
        else AnsiConsole.MarkupLine(markup);
    }
}
