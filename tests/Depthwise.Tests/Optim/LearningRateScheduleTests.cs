using Depthwise.Optim;

namespace Depthwise.Tests.Optim;

public sealed class LearningRateScheduleTests
{
    [Fact]
    public void Step_schedule_decays_by_gamma_every_step_size()
    {
        var schedule = new StepSchedule(0.1, 3, 0.5);
        double[] expected = [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025];
        for (var step = 0; step < expected.Length; step++)
        {
            Assert.Equal(expected[step], schedule.At(step), 12);
        }
    }

    [Fact]
    public void Cosine_schedule_runs_from_base_to_minimum_through_the_midpoint()
    {
        var schedule = new CosineSchedule(1.0, 100, 0.1);
        Assert.Equal(1.0, schedule.At(0), 12);
        Assert.Equal(0.55, schedule.At(50), 12);
        Assert.Equal(0.1 + (0.9 * (1 + Math.Cos(Math.PI * 0.25)) / 2), schedule.At(25), 12);
        Assert.Equal(0.1, schedule.At(100), 12);
        Assert.Equal(0.1, schedule.At(1000), 12);
        for (var step = 1; step <= 100; step++)
        {
            Assert.True(schedule.At(step) <= schedule.At(step - 1));
        }
    }

    [Fact]
    public void Warmup_ramps_linearly_then_hands_over_to_the_cosine_from_its_start()
    {
        var schedule = new WarmupSchedule(new CosineSchedule(0.2, 10), 4, 0.25);
        Assert.Equal(0.05, schedule.At(0), 12);
        Assert.Equal(0.2 * (0.25 + (0.75 * 2 / 4)), schedule.At(2), 12);
        Assert.Equal(0.2, schedule.At(4), 12);
        Assert.Equal(0.2 * (1 + Math.Cos(Math.PI * 0.3)) / 2, schedule.At(7), 12);
        Assert.Equal(0, schedule.At(14), 12);
        Assert.Equal(0.3, new WarmupSchedule(new ConstantSchedule(0.3), 0).At(0), 12);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepSchedule(0.1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepSchedule(0.1, 1, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineSchedule(-1, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WarmupSchedule(new ConstantSchedule(1), 5, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantSchedule(1).At(-1));
    }
}
