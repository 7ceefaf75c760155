using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EqNet.Optimization;

/// <summary>
/// The symmetric rank-k update C += X^T X or C -= X^T X on the upper triangle of C (BLAS dsyrk), X row-major: the kernel
/// of J^T J and of the blocked Cholesky factorisation's trailing update.
/// </summary>
/// <remarks>
/// <para>
/// Goto and van de Geijn's layering (K. Goto, R. A. van de Geijn, "Anatomy of high-performance matrix multiplication",
/// ACM TOMS 34(3), 2008; the BLIS micro-kernel form): X is taken <see cref="Depth"/> rows at a time, each slab packed
/// once into contiguous, 64-byte-aligned panels <see cref="Width"/> columns wide (zero-padded). A 24 x 8 tile of C (a
/// whole row panel by an 8-column slice of a column panel) lives in 24 of the 32 AVX-512 registers while the slab
/// streams through it: per row, one 8-lane load from the slice and 24 fused multiply-adds, each taking its row
/// panel entry as an embedded broadcast straight from memory. One slice serves up to <see cref="RowGroup"/> row
/// panels in a row, whose sequential streams the hardware prefetchers hide; the next slice and the tile of C are
/// prefetched while a tile accumulates, so C, which does not fit in cache, costs one pass per slab. Slices wholly
/// past the last column are skipped.
/// </para>
/// <para>
/// Threads take groups of whole column panels of C, and each entry is summed by one thread in one order (slab by
/// slab, rows in order within a slab): the result has the same bits for any thread count and any timing.
/// </para>
/// </remarks>
internal sealed unsafe class SymmetricRankUpdate
{
    /// <summary>Panel width and padding unit: the rows of a tile, 24 accumulators of the 32 AVX-512 registers.</summary>
    public const int Width = 24;

    /// <summary>Columns of C per tile: one 8-lane register, one cache line of a packed row.</summary>
    private const int Slice = 8;

    /// <summary>
    /// Rows of X per slab: an 8-column slice is Depth x 64 bytes = 32 KB, the L1's size, and C, which does not fit in
    /// cache, is fetched from memory once per slab. Kernel alone, 4,096 rows, GFLOP per CPU second (median of 5-7
    /// interleaved runs on a loaded machine): 5,048 parameters 256 rows 51.3, 384 52.1, 512 53.5, 1,024 53.9; 1,970
    /// parameters 256 rows 49.7, 512 53.4, 1,024 53.8, 768 52.4. (BLIS's rule, a slice in half the L1, is 256 rows, and
    /// on a quiet machine 256 to 512 measured the same: the passes over C cost most when memory is shared.)
    /// </summary>
    public const int Depth = 512;

    /// <summary>
    /// Rows a tile sums in registers before adding them to C: a slab's tile takes Depth / SumRows such additions back to
    /// back, the later ones on a C tile still in cache. 256, the slab depth when the kernel's results were first
    /// recorded, so that every normal matrix, and every training run on it, keeps its bits.
    /// </summary>
    private const int SumRows = 256;

    /// <summary>
    /// Row panels per slice: each slice (one line in three of its column panel) is fetched once for this many tiles. At
    /// 5,048 parameters, one thread, GFLOP per CPU second (OpenBLAS dsyrk 51-53 in the same runs): 8 row panels 47.2,
    /// 16 49.0-49.5, 24 47.4-49.8, 32 51.2, 64 50.5, all 50.9. Past 16 the row panels (48 KB each) no longer stay in
    /// L2, but they stream in order, which the hardware prefetchers hide, and the strided slice does not.
    /// </summary>
    private const int RowGroup = 32;

    /// <summary>Without AVX-512: column panels that share one L1-resident 8-row slice, 8 x 48 KB = 384 KB of L2.</summary>
    private const int Group = 8;

    /// <summary>
    /// Multiply-adds below which a second thread costs more to start than it saves (about 0.1 ms of work).
    /// </summary>
    private const long ParallelWork = 2_000_000;

    /// <summary>
    /// The calling thread's packing buffer, kept between calls: training forms small normal matrices thousands of times,
    /// and a fresh pinned buffer a call (past 85 KB, a large-object allocation) made a 41-parameter J^T J five times slower.
    /// </summary>
    [ThreadStatic] private static double[]? s_slab;
    [ThreadStatic] private static int s_slabOffset;
    private readonly int _threads;

    /// <summary>A kernel on <paramref name="threads"/> threads (0: all cores).</summary>
    public SymmetricRankUpdate(int threads)
    {
        _threads = Math.Max(1, threads > 0 ? threads : Environment.ProcessorCount);
    }

    /// <summary>Threads the kernel runs on (at least 1).</summary>
    public int Threads => _threads;

    /// <summary>
    /// The leading dimension that asks for a panel-major target: column panel q of C (columns 24 q .. 24 q + 23, rows
    /// 0 .. 24 q + 23, 24 doubles a row) from <see cref="PanelStart"/>(q) on, so a tile is 1.5 KB in one page instead
    /// of eight rows a page apart each (at 5,000 parameters a row-major C is 200 MB, and every tile row a TLB miss).
    /// </summary>
    public const int PanelMajor = 0;

    /// <summary>Offset of column panel q in a panel-major target; PanelStart(panels) is the length of the whole triangle.</summary>
    public static long PanelStart(int q) => (long)Width * Width * q * (q + 1) / 2;

    /// <summary>n rounded up to whole panels: the row length a target needs so that edge tiles stay inside it.</summary>
    public static int Padded(int n) => (n + Width - 1) / Width * Width;

    /// <summary>
    /// A zeroed array pinned in memory with <paramref name="length"/> doubles from <paramref name="offset"/> on, the
    /// first of them on a 64-byte cache-line boundary (so panel and tile rows are whole lines).
    /// </summary>
    public static double[] AlignedArray(int length, out int offset)
    {
        var array = GC.AllocateArray<double>(length + 8, pinned: true);
        long address = (long)Unsafe.AsPointer(ref array[0]);
        offset = (int)((64 - address % 64) % 64 / sizeof(double));
        return array;
    }

    /// <summary>
    /// target[p, q] += (or -=, <paramref name="negate"/>) sum_k x[k, p] x[k, q] over the 24 x 8 tiles that touch the
    /// upper triangle, x being <paramref name="rows"/> x <paramref name="cols"/> with row stride <paramref name="stride"/>,
    /// target row-major with leading dimension <paramref name="ld"/> and room for <see cref="Padded"/>(cols) rows and columns
    /// (entries below the diagonal in diagonal blocks may be written too, and mean nothing), or panel-major if ld is <see cref="PanelMajor"/>. With <paramref name="residuals"/> (rows) and
    /// <paramref name="gradient"/> (cols), also gradient += x^T residuals, in the same pass over x. With
    /// <paramref name="fresh"/> the target's old contents are ignored (target = +/- x^T x), so a reused buffer need not
    /// be cleared first.
    /// </summary>
    /// <remarks>
    /// <para>
    /// With several threads each slab is packed once into a buffer both threads read, and the threads take work items
    /// from one queue in a fixed order: per slab, chunks of the packing (with their columns of the gradient), then
    /// groups of consecutive column panels of C, the widest share of the triangle first so the small ones even out the
    /// finish. Two slab buffers alternate, so a thread that is done with its last group of one slab packs the next while
    /// the other finishes. An item waits (spinning, yielding the core) only for what it reads: a group for its slab's
    /// packing and for its own panels' previous slab, a packing chunk for the slab two back to be used up. A core slowed
    /// by other processes takes fewer items; a thread never waits for an item that has not been taken, so one thread
    /// alone runs the whole queue. (The scheme this replaced let each thread repack every slab for each of its groups,
    /// reading J from memory about groups / 2 times: 0.79x of OpenBLAS's dsyrk on 2 threads against 0.93x on 1.)
    /// </para>
    /// <para>
    /// Which thread takes an item changes nothing in the arithmetic: each tile is summed slab by slab in the same order
    /// and each gradient entry row by row, so the result has the same bits for any thread count and any timing.
    /// </para>
    /// </remarks>
    public void Add(double* x, int stride, int rows, int cols, double* target, int ld, bool negate, double* residuals = null, double* gradient = null, bool fresh = false)
    {
        int panels = Padded(cols) / Width;
        long work = (long)rows * panels * panels * Width * Width / 2;
        int t = work < ParallelWork ? 1 : Math.Min(_threads, panels);
        int slabs = (rows + Depth - 1) / Depth;
        int buffers = t == 1 ? 1 : Math.Min(2, slabs);
        var buffer = Slab(buffers * Depth * panels * Width, out int offset);
        fixed (double* packed = &buffer[offset])
        {
            if (t == 1)
            {
                var all = Enumerable.Range(0, panels).ToArray();
                for (int k0 = 0; k0 < rows; k0 += Depth)
                {
                    int depth = Math.Min(Depth, rows - k0);
                    Pack(x + (long)k0 * stride, stride, depth, cols, 0, panels, packed, residuals + k0, gradient);
                    Accumulate(packed, depth, cols, target, ld, negate, all, fresh && k0 == 0);
                }
                return;
            }
            var queue = new WorkQueue(x, stride, rows, cols, panels, t, packed, target, ld, negate, residuals, gradient, fresh);
            Parallel.For(0, t, new ParallelOptions { MaxDegreeOfParallelism = t }, _ => queue.Run());
        }
    }

    /// <summary>
    /// The items of a threaded <see cref="Add"/> in their fixed order (per slab: packing chunks, then column-panel
    /// groups) with the counters an item waits on.
    /// </summary>
    private sealed class WorkQueue
    {
        /// <summary>Panels per packing chunk: 8 x 24 columns of a 512-row slab is 768 KB, a few tenths of a millisecond of copying.</summary>
        private const int PackChunk = 8;

        private readonly nint _x, _packed, _target, _residuals, _gradient;
        private readonly int _stride, _rows, _cols, _panels, _ld, _chunks, _itemsPerSlab, _slabs;
        private readonly bool _negate, _fresh;
        private readonly int[][] _groups;
        private readonly int[] _packedChunks, _finishedGroups, _groupSlabs;
        private int _next = -1;

        public WorkQueue(double* x, int stride, int rows, int cols, int panels, int threads, double* packed, double* target, int ld, bool negate, double* residuals, double* gradient, bool fresh)
        {
            (_x, _stride, _rows, _cols, _panels, _packed, _target, _ld, _negate) = ((nint)x, stride, rows, cols, panels, (nint)packed, (nint)target, ld, negate);
            (_residuals, _gradient, _fresh) = ((nint)residuals, (nint)gradient, fresh);
            // Groups of at most Group panels, at least eight per thread so that the last, narrow ones even out the finish.
            int size = Math.Clamp(panels / (8 * threads), 1, Group);
            _groups = Enumerable.Range(0, (panels + size - 1) / size).Reverse()
                .Select(g => Enumerable.Range(g * size, Math.Min(size, panels - g * size)).ToArray()).ToArray();
            _chunks = (panels + PackChunk - 1) / PackChunk;
            _itemsPerSlab = _chunks + _groups.Length;
            _slabs = (rows + Depth - 1) / Depth;
            _packedChunks = new int[_slabs];
            _finishedGroups = new int[_slabs];
            _groupSlabs = new int[_groups.Length];
        }

        public void Run()
        {
            for (int item = Interlocked.Increment(ref _next); item < _slabs * _itemsPerSlab; item = Interlocked.Increment(ref _next))
            {
                int slab = item / _itemsPerSlab, index = item % _itemsPerSlab;
                int k0 = slab * Depth, depth = Math.Min(Depth, _rows - k0);
                double* packed = (double*)_packed + (long)(slab % 2) * Depth * _panels * Width;
                double* source = (double*)_x + (long)k0 * _stride;
                if (index < _chunks)
                {
                    // The buffer is free once every group of the slab two back is done with it.
                    if (slab >= 2) WaitFor(ref _finishedGroups[slab - 2], _groups.Length);
                    int b0 = index * PackChunk, b1 = Math.Min(_panels, b0 + PackChunk);
                    Pack(source, _stride, depth, _cols, b0, b1, packed, (double*)_residuals + k0, (double*)_gradient);
                    Interlocked.Increment(ref _packedChunks[slab]);
                }
                else
                {
                    int g = index - _chunks;
                    WaitFor(ref _packedChunks[slab], _chunks);
                    // The same tiles' previous slab first, so each tile is summed slab by slab.
                    WaitFor(ref _groupSlabs[g], slab);
                    Accumulate(packed, depth, _cols, (double*)_target, _ld, _negate, _groups[g], _fresh && slab == 0);
                    Interlocked.Increment(ref _groupSlabs[g]);
                    Interlocked.Increment(ref _finishedGroups[slab]);
                }
            }
        }

        /// <summary>
        /// Spins until counter reaches target. The item it waits for has been taken by a running thread (items are taken
        /// in order), so the wait ends; SpinOnce yields the core rather than sleeping a millisecond.
        /// </summary>
        private static void WaitFor(ref int counter, int target)
        {
            var spin = default(SpinWait);
            while (Volatile.Read(ref counter) < target) spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>The calling thread's packing buffer, of at least <paramref name="length"/> doubles from <paramref name="offset"/> on.</summary>
    private static double[] Slab(int length, out int offset)
    {
        if (s_slab is null || s_slab.Length - s_slabOffset < length) s_slab = AlignedArray(length, out s_slabOffset);
        offset = s_slabOffset;
        return s_slab;
    }

    /// <summary>
    /// Panels b0 .. b1 - 1 of x (depth x cols) of <see cref="Width"/> columns, zero-padded past cols: panel b's row k at
    /// packed[(b depth + k) Width]. With <paramref name="gradient"/>, also gradient[c] += x[.., c]^T residuals over the
    /// same columns, row by row while the row is in cache (elementwise, so a column range has the same bits as the
    /// whole row).
    /// </summary>
    private static void Pack(double* x, int stride, int depth, int cols, int b0, int b1, double* packed, double* residuals, double* gradient)
    {
        int whole = Math.Clamp(cols / Width, b0, b1), rest = whole < b1 ? Math.Max(0, cols - whole * Width) : 0;
        int c0 = Math.Min(cols, b0 * Width), c1 = Math.Min(cols, b1 * Width);
        var g = gradient == null ? default : new Span<double>(gradient + c0, c1 - c0);
        for (int k = 0; k < depth; k++)
        {
            double* source = x + (long)k * stride + b0 * Width;
            double* row = packed + ((long)b0 * depth + k) * Width;
            for (int b = b0; b < whole; b++, source += Width, row += (long)depth * Width)
                new ReadOnlySpan<double>(source, Width).CopyTo(new Span<double>(row, Width));
            if (rest > 0)
            {
                new ReadOnlySpan<double>(source, rest).CopyTo(new Span<double>(row, rest));
                new Span<double>(row + rest, Width - rest).Clear();
            }
            // Panels wholly past cols (a caller's padding) are zero.
            for (int b = whole + (rest > 0 ? 1 : 0); b < b1; b++) new Span<double>(packed + ((long)b * depth + k) * Width, Width).Clear();
            if (gradient != null) TensorPrimitives.MultiplyAdd(new ReadOnlySpan<double>(x + (long)k * stride + c0, c1 - c0), residuals[k], g, g);
        }
    }

    /// <summary>
    /// The tiles of the given column panels (ascending) that touch the upper triangle, for one packed slab; with
    /// <paramref name="fresh"/> each tile is cleared first (the target's old contents are not read).
    /// </summary>
    private static void Accumulate(double* packed, int depth, int cols, double* target, int ld, bool negate, int[] columnPanels, bool fresh)
    {
        if (Vector512.IsHardwareAccelerated) AccumulateWide(packed, depth, cols, target, ld, negate, columnPanels, fresh);
        else AccumulateQuarters(packed, depth, target, ld, negate, columnPanels, fresh);
    }

    /// <summary><see cref="Accumulate"/> in 24 x 8 tiles: blocks of <see cref="RowGroup"/> row panels, each slice of a column panel once per block.</summary>
    private static void AccumulateWide(double* packed, int depth, int cols, double* target, int ld, bool negate, int[] columnPanels, bool fresh)
    {
        long panelSize = (long)depth * Width;
        int rowStep = ld == PanelMajor ? Width : ld;
        for (int p0 = 0; p0 <= columnPanels[^1]; p0 += RowGroup)
        {
            for (int qi = 0; qi < columnPanels.Length; qi++)
            {
                int q = columnPanels[qi];
                if (q < p0) continue;
                int p1 = Math.Min(p0 + RowGroup, q + 1);
                for (int s = 0; s < Width && q * Width + s < cols; s += Slice)
                {
                    double* b = packed + q * panelSize + s;
                    // The next slice, fetched during this one's first tile: a slice is one line in three, which the
                    // hardware prefetchers follow less well than the row panels' sequential streams.
                    double* next = s + Slice < Width && q * Width + s + Slice < cols ? b + Slice
                        : qi + 1 < columnPanels.Length ? packed + columnPanels[qi + 1] * panelSize : b;
                    for (int p = p0; p < p1; p++)
                    {
                        double* c = ld == PanelMajor
                            ? target + PanelStart(q) + (long)p * Width * Width + s
                            : target + (long)p * Width * ld + q * Width + s;
                        for (int k = 0; k < depth; k += SumRows)
                        {
                            double* ak = packed + p * panelSize + k * Width, bk = b + k * Width, nk = next + k * Width;
                            int rows = Math.Min(SumRows, depth - k);
                            bool first = fresh && k == 0;
                            // In a diagonal block, rows past the slice's last column are below the diagonal.
                            if (p < q || s == 2 * Slice) Tile<AllRows>(ak, bk, nk, rows, c, rowStep, negate, first);
                            else if (s == Slice) Tile<SixteenRows>(ak, bk, nk, rows, c, rowStep, negate, first);
                            else Tile<EightRows>(ak, bk, nk, rows, c, rowStep, negate, first);
                        }
                        next = b;
                    }
                }
            }
        }
    }

    /// <summary>
    /// <see cref="Accumulate"/> without AVX-512: 8 x 24 tiles, each in four 4 x 12 quarters of twelve 256-bit registers
    /// (AVX2 has sixteen), an 8-row slice of a row panel against groups of <see cref="Group"/> column panels.
    /// </summary>
    private static void AccumulateQuarters(double* packed, int depth, double* target, int ld, bool negate, int[] columnPanels, bool fresh)
    {
        long panelSize = (long)depth * Width;
        int rowStep = ld == PanelMajor ? Width : ld;
        for (int g0 = 0; g0 < columnPanels.Length; g0 += Group)
        {
            int g1 = Math.Min(g0 + Group, columnPanels.Length);
            for (int p = 0; p <= columnPanels[g1 - 1]; p++)
            {
                for (int s = 0; s < Width; s += Slice)
                {
                    double* a = packed + p * panelSize + s;
                    for (int g = g0; g < g1; g++)
                    {
                        int q = columnPanels[g];
                        if (q < p) continue;
                        double* c = ld == PanelMajor
                            ? target + PanelStart(q) + (long)(p * Width + s) * Width
                            : target + (long)(p * Width + s) * ld + q * Width;
                        if (fresh)
                            for (int i = 0; i < Slice; i++) new Span<double>(c + (long)i * rowStep, Width).Clear();
                        for (int k = 0; k < depth; k += SumRows)
                        {
                            double* ak = a + k * Width, b = packed + q * panelSize + k * Width;
                            int rows = Math.Min(SumRows, depth - k);
                            if (Vector256.IsHardwareAccelerated)
                            {
                                Tile256(ak, b, rows, c, rowStep, negate);
                                Tile256(ak, b + 12, rows, c + 12, rowStep, negate);
                                Tile256(ak + 4, b, rows, c + 4 * rowStep, rowStep, negate);
                                Tile256(ak + 4, b + 12, rows, c + 4 * rowStep + 12, rowStep, negate);
                            }
                            else TileScalar(ak, b, rows, c, rowStep, negate);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The first TRows.Count (8, 16 or 24) rows of a 24 x 8 tile: C[i, j] +=/-= sum_k a[k Width + i] b[k Width + j],
    /// rows in order (the same sums in the same order as the other tile shapes, so the result does not depend on the
    /// shape), or with <paramref name="fresh"/> C[i, j] = +/- the sum without reading C; fetches
    /// <paramref name="next"/>'s rows on the way. A diagonal block's first two slices need only 8 and 16 rows (the
    /// others are below the diagonal): a third of its work. Each row count is compiled on its own (TRows is a struct),
    /// so the tests on it cost nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TRows>(double* a, double* b, double* next, int depth, double* c, int ld, bool negate, bool fresh)
        where TRows : struct, ITileRows
    {
        Prefetch(c, ld, TRows.Count);
        Vector512<double> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default,
            c8 = default, c9 = default, c10 = default, c11 = default, c12 = default, c13 = default, c14 = default, c15 = default,
            c16 = default, c17 = default, c18 = default, c19 = default, c20 = default, c21 = default, c22 = default, c23 = default;
        for (double* end = a + (long)depth * Width; a < end; a += Width, b += Width, next += Width)
        {
            Sse.Prefetch0(next);
            var v = Vector512.Load(b);
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(a[0]), v, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(a[1]), v, c1);
            c2 = Vector512.FusedMultiplyAdd(Vector512.Create(a[2]), v, c2);
            c3 = Vector512.FusedMultiplyAdd(Vector512.Create(a[3]), v, c3);
            c4 = Vector512.FusedMultiplyAdd(Vector512.Create(a[4]), v, c4);
            c5 = Vector512.FusedMultiplyAdd(Vector512.Create(a[5]), v, c5);
            c6 = Vector512.FusedMultiplyAdd(Vector512.Create(a[6]), v, c6);
            c7 = Vector512.FusedMultiplyAdd(Vector512.Create(a[7]), v, c7);
            if (TRows.Count > 8)
            {
                c8 = Vector512.FusedMultiplyAdd(Vector512.Create(a[8]), v, c8);
                c9 = Vector512.FusedMultiplyAdd(Vector512.Create(a[9]), v, c9);
                c10 = Vector512.FusedMultiplyAdd(Vector512.Create(a[10]), v, c10);
                c11 = Vector512.FusedMultiplyAdd(Vector512.Create(a[11]), v, c11);
                c12 = Vector512.FusedMultiplyAdd(Vector512.Create(a[12]), v, c12);
                c13 = Vector512.FusedMultiplyAdd(Vector512.Create(a[13]), v, c13);
                c14 = Vector512.FusedMultiplyAdd(Vector512.Create(a[14]), v, c14);
                c15 = Vector512.FusedMultiplyAdd(Vector512.Create(a[15]), v, c15);
            }
            if (TRows.Count > 16)
            {
                c16 = Vector512.FusedMultiplyAdd(Vector512.Create(a[16]), v, c16);
                c17 = Vector512.FusedMultiplyAdd(Vector512.Create(a[17]), v, c17);
                c18 = Vector512.FusedMultiplyAdd(Vector512.Create(a[18]), v, c18);
                c19 = Vector512.FusedMultiplyAdd(Vector512.Create(a[19]), v, c19);
                c20 = Vector512.FusedMultiplyAdd(Vector512.Create(a[20]), v, c20);
                c21 = Vector512.FusedMultiplyAdd(Vector512.Create(a[21]), v, c21);
                c22 = Vector512.FusedMultiplyAdd(Vector512.Create(a[22]), v, c22);
                c23 = Vector512.FusedMultiplyAdd(Vector512.Create(a[23]), v, c23);
            }
        }
        // C +/-= the sums: sign * v is exact, so one fused multiply-add rounds as one addition would; a fresh tile adds
        // to +0, as a cleared one did. (Written out: a helper taking the accumulators is not inlined, and a call would
        // make every accumulator spill.)
        var sign = Vector512.Create(negate ? -1.0 : 1.0);
        double* r = c;
        Vector512.FusedMultiplyAdd(sign, c0, Old(r, fresh)).Store(r); r += ld;
        Vector512.FusedMultiplyAdd(sign, c1, Old(r, fresh)).Store(r); r += ld;
        Vector512.FusedMultiplyAdd(sign, c2, Old(r, fresh)).Store(r); r += ld;
        Vector512.FusedMultiplyAdd(sign, c3, Old(r, fresh)).Store(r); r += ld;
        Vector512.FusedMultiplyAdd(sign, c4, Old(r, fresh)).Store(r); r += ld;
        Vector512.FusedMultiplyAdd(sign, c5, Old(r, fresh)).Store(r); r += ld;
        Vector512.FusedMultiplyAdd(sign, c6, Old(r, fresh)).Store(r); r += ld;
        Vector512.FusedMultiplyAdd(sign, c7, Old(r, fresh)).Store(r); r += ld;
        if (TRows.Count > 8)
        {
            Vector512.FusedMultiplyAdd(sign, c8, Old(r, fresh)).Store(r); r += ld;
            Vector512.FusedMultiplyAdd(sign, c9, Old(r, fresh)).Store(r); r += ld;
            Vector512.FusedMultiplyAdd(sign, c10, Old(r, fresh)).Store(r); r += ld;
            Vector512.FusedMultiplyAdd(sign, c11, Old(r, fresh)).Store(r); r += ld;
            Vector512.FusedMultiplyAdd(sign, c12, Old(r, fresh)).Store(r); r += ld;
            Vector512.FusedMultiplyAdd(sign, c13, Old(r, fresh)).Store(r); r += ld;
            Vector512.FusedMultiplyAdd(sign, c14, Old(r, fresh)).Store(r); r += ld;
            Vector512.FusedMultiplyAdd(sign, c15, Old(r, fresh)).Store(r); r += ld;
        }
        if (TRows.Count > 16)
        {
            Vector512.FusedMultiplyAdd(sign, c16, Old(r, fresh)).Store(r); r += ld;
            Vector512.FusedMultiplyAdd(sign, c17, Old(r, fresh)).Store(r); r += ld;
            Vector512.FusedMultiplyAdd(sign, c18, Old(r, fresh)).Store(r); r += ld;
            Vector512.FusedMultiplyAdd(sign, c19, Old(r, fresh)).Store(r); r += ld;
            Vector512.FusedMultiplyAdd(sign, c20, Old(r, fresh)).Store(r); r += ld;
            Vector512.FusedMultiplyAdd(sign, c21, Old(r, fresh)).Store(r); r += ld;
            Vector512.FusedMultiplyAdd(sign, c22, Old(r, fresh)).Store(r); r += ld;
            Vector512.FusedMultiplyAdd(sign, c23, Old(r, fresh)).Store(r);
        }
    }

    /// <summary>Rows of a <see cref="Tile{TRows}"/>: a constant of each instantiation.</summary>
    private interface ITileRows
    {
        static abstract int Count { get; }
    }

    private struct AllRows : ITileRows
    {
        public static int Count => Width;
    }

    private struct SixteenRows : ITileRows
    {
        public static int Count => 16;
    }

    private struct EightRows : ITileRows
    {
        public static int Count => Slice;
    }

    /// <summary>A row of a tile's old C: zero for a fresh tile, whose target is not read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Old(double* r, bool fresh) => fresh ? Vector512<double>.Zero : Vector512.Load(r);

    /// <summary>
    /// Starts fetching a 24 x 8 tile of C (24 lines): C does not fit in cache, and the tile's 6,000 multiply-adds hide
    /// the latency.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Prefetch(double* c, int ld, int rows)
    {
        for (int i = 0; i < rows; i++, c += ld) Sse.Prefetch0(c);
    }

    /// <summary>
    /// A 4 x 12 quarter of an 8 x 24 tile in twelve 256-bit registers (AVX2 has sixteen): the same sums in the same order
    /// as <see cref="Tile{TRows}"/>, for cores without 512-bit vectors.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile256(double* a, double* b, int depth, double* c, int ld, bool negate)
    {
        Vector256<double> c00 = default, c01 = default, c02 = default, c10 = default, c11 = default, c12 = default,
            c20 = default, c21 = default, c22 = default, c30 = default, c31 = default, c32 = default;
        for (int k = 0; k < depth; k++, a += Width, b += Width)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 4);
            var b2 = Vector256.Load(b + 8);
            var x = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00); c01 = Vector256.FusedMultiplyAdd(x, b1, c01); c02 = Vector256.FusedMultiplyAdd(x, b2, c02);
            x = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10); c11 = Vector256.FusedMultiplyAdd(x, b1, c11); c12 = Vector256.FusedMultiplyAdd(x, b2, c12);
            x = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(x, b0, c20); c21 = Vector256.FusedMultiplyAdd(x, b1, c21); c22 = Vector256.FusedMultiplyAdd(x, b2, c22);
            x = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(x, b0, c30); c31 = Vector256.FusedMultiplyAdd(x, b1, c31); c32 = Vector256.FusedMultiplyAdd(x, b2, c32);
        }
        Store(c, c00, c01, c02, negate);
        Store(c + ld, c10, c11, c12, negate);
        Store(c + 2 * ld, c20, c21, c22, negate);
        Store(c + 3 * ld, c30, c31, c32, negate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(double* c, Vector256<double> v0, Vector256<double> v1, Vector256<double> v2, bool negate)
    {
        if (negate)
        {
            (Vector256.Load(c) - v0).Store(c);
            (Vector256.Load(c + 4) - v1).Store(c + 4);
            (Vector256.Load(c + 8) - v2).Store(c + 8);
        }
        else
        {
            (Vector256.Load(c) + v0).Store(c);
            (Vector256.Load(c + 4) + v1).Store(c + 4);
            (Vector256.Load(c + 8) + v2).Store(c + 8);
        }
    }

    private static void TileScalar(double* a, double* b, int depth, double* c, int ld, bool negate)
    {
        Span<double> sums = stackalloc double[Slice * Width];
        sums.Clear();
        for (int k = 0; k < depth; k++)
            for (int i = 0; i < Slice; i++)
                for (int j = 0; j < Width; j++) sums[i * Width + j] = Math.FusedMultiplyAdd(a[k * Width + i], b[k * Width + j], sums[i * Width + j]);
        for (int i = 0; i < Slice; i++)
            for (int j = 0; j < Width; j++) c[i * ld + j] += negate ? -sums[i * Width + j] : sums[i * Width + j];
    }
}
