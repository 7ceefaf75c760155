namespace EqNet.Cli;

/// <summary>
/// Process exit codes: 0 success, 1 internal error (a bug: report it), 2 user error (fix the input), 3 done but some rows of
/// the input could not be used (<c>predict --in</c>: written with empty outputs and listed on stderr).
/// </summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int InternalError = 1;
    public const int UserError = 2;
    public const int SomeRowsFailed = 3;
}
