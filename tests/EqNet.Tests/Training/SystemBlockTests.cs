using EqNet.Training;

namespace EqNet.Tests.Training;

public class SystemBlockTests
{
    [Fact]
    public void SeedPlusFlowSplitsIntoTheExplicitOutputThenTheRest()
    {
        var blocks = SystemBlock.Of(TestProblems.Load("seed-plus-flow.yaml"));
        Assert.Equal(2, blocks.Count);
        Assert.Equal([0], blocks[0].Equations);
        Assert.Equal([0], blocks[0].Outputs);
        Assert.Equal([1], blocks[1].Equations);
        Assert.Equal([1], blocks[1].Outputs);
    }

    [Theory]
    [InlineData("seed.yaml")]
    [InlineData("product-quotient.yaml")]
    [InlineData("van-der-waals.yaml")]
    public void OtherwiseOneBlockHoldsEverything(string example)
    {
        var problem = TestProblems.Load(example);
        var block = Assert.Single(SystemBlock.Of(problem));
        Assert.Equal(problem.Equations.Count, block.Equations.Count);
        Assert.Equal(problem.Outputs.Count, block.Outputs.Count);
    }
}
