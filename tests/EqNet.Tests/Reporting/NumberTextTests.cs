using EqNet.Reporting;

namespace EqNet.Tests.Reporting;

public class NumberTextTests
{
    [Theory]
    [InlineData(0.000123456, "1.23e-04")]
    [InlineData(98765.4, "9.88e+04")]
    [InlineData(-0.5, "-5.00e-01")]
    [InlineData(0, "0.00e+00")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "∞")]
    public void Scientific_keeps_three_significant_digits(double value, string expected) =>
        Assert.Equal(expected, NumberText.Scientific(value));

    [Theory]
    [InlineData(-3, "10⁻³")]
    [InlineData(0, "10⁰")]
    [InlineData(12, "10¹²")]
    public void Powers_of_ten_use_superscript_exponents(int exponent, string expected) =>
        Assert.Equal(expected, NumberText.PowerOfTen(exponent));

    [Fact]
    public void Log_ticks_label_whole_exponents_as_powers_and_others_as_values()
    {
        Assert.Equal("10⁻⁴", NumberText.LogTick(-4));
        Assert.Equal("2e-4", NumberText.LogTick(Math.Log10(2e-4)));
        Assert.Equal("50", NumberText.LogTick(Math.Log10(50)));
    }
}
