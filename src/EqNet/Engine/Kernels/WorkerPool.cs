namespace EqNet.Engine.Kernels;

/// <summary>Work split over a row range: <c>Execute(start, end, worker)</c>.</summary>
public interface IRangeWork
{
    /// <summary>Processes rows [start, end) as worker <paramref name="worker"/>.</summary>
    void Execute(int start, int end, int worker);
}

/// <summary>
/// A fixed set of threads that split row ranges: the calling thread is worker 0, each other waits on its own semaphore.
/// The split is a pure function of the row count and the thread count, so results do not depend on timing, and a
/// dispatch allocates nothing.
/// </summary>
public sealed class WorkerPool : IDisposable
{
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim[] _start;
    private IRangeWork? _work;
    private int _rows, _pending;
    private volatile bool _stopping;

    /// <summary>Starts <paramref name="threads"/> - 1 background threads (0 = one per core).</summary>
    public WorkerPool(int threads = 0)
    {
        Count = threads > 0 ? threads : Environment.ProcessorCount;
        _threads = new Thread[Count - 1];
        _start = Enumerable.Range(0, Count).Select(_ => new SemaphoreSlim(0)).ToArray();
        for (int w = 1; w < Count; w++)
        {
            int worker = w;
            _threads[w - 1] = new Thread(() => Loop(worker)) { IsBackground = true, Name = $"eqnet-worker-{w}" };
            _threads[w - 1].Start();
        }
    }

    /// <summary>Number of workers, including the calling thread.</summary>
    public int Count { get; }

    /// <summary>Rows [start, end) that worker <paramref name="worker"/> of <paramref name="count"/> takes out of <paramref name="rows"/>.</summary>
    public static (int Start, int End) Range(int rows, int worker, int count) =>
        ((int)((long)rows * worker / count), (int)((long)rows * (worker + 1) / count));

    /// <summary>Runs <paramref name="work"/> over <paramref name="rows"/> rows on all workers and waits for them.</summary>
    public void Run(IRangeWork work, int rows)
    {
        if (Count == 1 || rows < 2 * Count)
        {
            work.Execute(0, rows, 0);
            return;
        }
        _work = work;
        _rows = rows;
        Volatile.Write(ref _pending, Count - 1);
        for (int w = 1; w < Count; w++) _start[w].Release();
        var (s, e) = Range(rows, 0, Count);
        work.Execute(s, e, 0);
        var spin = new SpinWait();
        while (Volatile.Read(ref _pending) > 0) spin.SpinOnce(-1);
    }

    private void Loop(int worker)
    {
        while (true)
        {
            _start[worker].Wait();
            if (_stopping) return;
            var (s, e) = Range(_rows, worker, Count);
            _work!.Execute(s, e, worker);
            Interlocked.Decrement(ref _pending);
        }
    }

    /// <summary>Stops the threads.</summary>
    public void Dispose()
    {
        _stopping = true;
        for (int w = 1; w < Count; w++) _start[w].Release();
        foreach (var t in _threads) t.Join();
        foreach (var s in _start) s.Dispose();
    }
}
