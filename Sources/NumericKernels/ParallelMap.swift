import Dispatch

/// `transform(0..<count)` on up to `threads` threads, results in index order: the batch work of the
/// engine (stdin blocks, Bessel lines, regression restarts), whatever its cost per item.
public enum ParallelMap {
    public static func map<T: Sendable>(_ count: Int, threads: Int, _ transform: @Sendable (Int) -> T) -> [T] {
        let threads = max(1, min(threads, count))
        if threads == 1 { return (0..<count).map(transform) }
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let buffer = out
            // Interleaved chunks of 16: items of one batch differ in cost, so no thread gets all the slow ones.
            let chunks = (count + 15) / 16
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                for c in stride(from: t, to: chunks, by: threads) {
                    for k in c * 16..<min(count, c * 16 + 16) { buffer[k] = transform(k) }
                }
            }
        }
        return results.map { $0! }
    }

    /// `body(w)` for each worker w in 0..<threads, each on its own thread, results in worker order: for work
    /// that keeps per-thread state (an Arb machine per worker) and splits the items itself.
    public static func workers<T: Sendable>(_ threads: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let threads = max(1, threads)
        if threads == 1 { return [body(0)] }
        var results = [T?](repeating: nil, count: threads)
        results.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let buffer = out
            DispatchQueue.concurrentPerform(iterations: threads) { w in buffer[w] = body(w) }
        }
        return results.map { $0! }
    }
}
