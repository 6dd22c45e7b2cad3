import Foundation

extension LogBessel {
    /// The double kernel of `kind` at one point: log I, log K, or I = e^(log I), K = e^(log K)
    /// (which overflow to +∞ or underflow to 0 only where the true value does).
    @inline(__always) public static func double(_ kind: Kind, _ v: Double, _ x: Double) -> Double {
        switch kind {
        case .logI: return logI(v, x)
        case .logK: return logK(v, x)
        case .i: return Foundation.exp(logI(v, x))
        case .k: return Foundation.exp(logK(v, x))
        }
    }

    /// The double kernel of `kind` over arrays of orders and arguments (equal lengths), split across
    /// `threads` threads (default: every core) once the batch is large enough to pay for them.
    public static func double(_ kind: Kind, orders: [Double], arguments: [Double], threads: Int? = nil) -> [Double] {
        precondition(orders.count == arguments.count, "orders and arguments must have equal lengths")
        var results = [Double](repeating: 0, count: orders.count)
        orders.withUnsafeBufferPointer { v in
            arguments.withUnsafeBufferPointer { x in
                results.withUnsafeMutableBufferPointer { out in
                    double(kind, orders: v, arguments: x, into: out, threads: threads)
                }
            }
        }
        return results
    }

    /// The batch kernel on buffers, for callers that own their memory (numpy pipelines, the CLI).
    public static func double(
        _ kind: Kind, orders: UnsafeBufferPointer<Double>, arguments: UnsafeBufferPointer<Double>,
        into results: UnsafeMutableBufferPointer<Double>, threads: Int? = nil
    ) {
        let n = min(orders.count, arguments.count, results.count)
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, n / minimumPerThread))
        nonisolated(unsafe) let out = results, v = orders, x = arguments
        if workers == 1 {
            for k in 0..<n { out[k] = double(kind, v[k], x[k]) }
            return
        }
        // Contiguous slices: neighbouring inputs tend to share a region, which keeps branches predictable.
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let lo = n * w / workers, hi = n * (w + 1) / workers
            for k in lo..<hi { out[k] = double(kind, v[k], x[k]) }
        }
    }

    /// Below this many points per thread, a thread costs more than it saves.
    static let minimumPerThread = 2048
}
