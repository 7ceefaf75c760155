using EqNet.Expressions;
using EqNet.Models;
using EqNet.Problems;

namespace EqNet.Cli;

/// <summary>Runs a command body; a user's mistake becomes a message and exit code 2, never a stack trace.</summary>
internal static class UserErrors
{
    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (IsUserError(e))
        {
            Console.Error.WriteLine($"eqnet: {e.Message}");
            if (e is ExpressionSyntaxException syntax) Console.Error.WriteLine($"  {syntax.Text}\n  {syntax.Caret}");
            return ExitCodes.UserError;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"eqnet: internal error: {e.Message}");
            Console.Error.WriteLine("This is a bug in eqnet; please report it with the command line and the details below.");
            Console.Error.WriteLine(e);
            return ExitCodes.InternalError;
        }
    }

    public static bool IsUserError(Exception e) =>
        e is ProblemException or ExpressionSyntaxException or ModelFileException or UserInputException or EqNet.Training.TrainingSetupException
            or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException;
}

/// <summary>A mistake in a command's arguments that the command itself detects.</summary>
internal sealed class UserInputException(string message) : Exception(message);
