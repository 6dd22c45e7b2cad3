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
            run(kind, v, x, out, 0..<n)
            return
        }
        // Contiguous slices: neighbouring inputs tend to share a region, which keeps branches predictable.
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let lo = n * w / workers, hi = n * (w + 1) / workers
            run(kind, v, x, out, lo..<hi)
        }
    }

    /// One thread's share: the points Debye's expansion takes are queued by the number of terms they
    /// need and run four to a vector through the lane kernel as each queue fills; the rest, and what is
    /// left in the queues at the end, go point by point.
    static func run(
        _ kind: Kind, _ v: UnsafeBufferPointer<Double>, _ x: UnsafeBufferPointer<Double>,
        _ out: UnsafeMutableBufferPointer<Double>, _ range: Range<Int>
    ) {
        let sign: Double = kind == .logI || kind == .i ? 1 : -1
        let exponentiate = kind == .i || kind == .k
        let classes = DebyeExpansion.maximumTerms + 1
        let queues = UnsafeMutablePointer<Int>.allocate(capacity: 4 * classes)
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: classes)
        counts.initialize(repeating: 0, count: classes)
        defer { queues.deallocate(); counts.deallocate() }
        for k in range {
            let a = v[k], b = x[k]
            guard DebyeExpansion.lanesAccept(a, b) else { out[k] = double(kind, a, b); continue }
            let c = DebyeExpansion.termClass(a, b)
            let queue = queues + 4 * c
            queue[counts[c]] = k
            counts[c] += 1
            guard counts[c] == 4 else { continue }
            counts[c] = 0
            let i0 = queue[0], i1 = queue[1], i2 = queue[2], i3 = queue[3]
            let r = DebyeExpansion.logBessel(sign: sign, SIMD4(v[i0], v[i1], v[i2], v[i3]), SIMD4(x[i0], x[i1], x[i2], x[i3]), terms: c)
            if exponentiate {
                out[i0] = Foundation.exp(r[0]); out[i1] = Foundation.exp(r[1]); out[i2] = Foundation.exp(r[2]); out[i3] = Foundation.exp(r[3])
            } else {
                out[i0] = r[0]; out[i1] = r[1]; out[i2] = r[2]; out[i3] = r[3]
            }
        }
        for c in 0..<classes {
            for i in 0..<counts[c] { let k = queues[4 * c + i]; out[k] = double(kind, v[k], x[k]) }
        }
    }

    /// Below this many points per thread, a thread costs more than it saves.
    static let minimumPerThread = 2048
}
