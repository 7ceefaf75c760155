namespace EqNet.Engine.Kernels;

/// <summary>Work split over a row range: <c>Execute(start, end, worker)</c>.</summary>
public interface IRangeWork
{
    /// <summary>Processes rows [start, end) as worker <paramref name="worker"/>.</summary>
    void Execute(int start, int end, int worker);
}

/// <summary>
/// A fixed set of threads that split row ranges: the calling thread is worker 0. Between dispatches the others spin for
/// a while (a training step dispatches every few microseconds) and then sleep on their own semaphore. The split is a
/// pure function of the row count and the thread count, so results do not depend on timing, and a dispatch allocates
/// nothing.
/// </summary>
public sealed class WorkerPool : IDisposable
{
    private const int SpinsBeforeSleeping = 4000;
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim[] _wake;
    private readonly int[] _sleeping;
    private IRangeWork? _work;
    private int _rows, _pending, _generation;
    private volatile bool _stopping;

    /// <summary>Starts <paramref name="threads"/> - 1 background threads (0 = one per core).</summary>
    public WorkerPool(int threads = 0)
    {
        Count = threads > 0 ? threads : Environment.ProcessorCount;
        _threads = new Thread[Count - 1];
        _wake = Enumerable.Range(0, Count).Select(_ => new SemaphoreSlim(0)).ToArray();
        _sleeping = new int[Count];
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
        Interlocked.Increment(ref _generation);
        for (int w = 1; w < Count; w++)
            if (Interlocked.CompareExchange(ref _sleeping[w], 0, 0) == 1) _wake[w].Release();
        var (s, e) = Range(rows, 0, Count);
        work.Execute(s, e, 0);
        var spin = new SpinWait();
        while (Volatile.Read(ref _pending) > 0) spin.SpinOnce(-1);
    }

    private void Loop(int worker)
    {
        int seen = 0;
        while (true)
        {
            int spins = 0;
            while (Volatile.Read(ref _generation) == seen && !_stopping)
            {
                if (spins++ < SpinsBeforeSleeping)
                {
                    Thread.SpinWait(20);
                    continue;
                }
                // Dekker-style handshake with Run: announce sleep, then re-check before blocking.
                Interlocked.Exchange(ref _sleeping[worker], 1);
                if (Volatile.Read(ref _generation) == seen && !_stopping) _wake[worker].Wait();
                Interlocked.Exchange(ref _sleeping[worker], 0);
                spins = 0;
            }
            if (_stopping) return;
            seen = Volatile.Read(ref _generation);
            var (s, e) = Range(_rows, worker, Count);
            _work!.Execute(s, e, worker);
            Interlocked.Decrement(ref _pending);
        }
    }

    /// <summary>Stops the threads.</summary>
    public void Dispose()
    {
        _stopping = true;
        for (int w = 1; w < Count; w++) _wake[w].Release();
        foreach (var t in _threads) t.Join();
        foreach (var s in _wake) s.Dispose();
    }
}
