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

    /// One thread's share: the points Debye's expansion takes are gathered (by index, a block at a
    /// time) four to a vector for the lane kernel; the rest, and the last few, go point by point.
    static func run(
        _ kind: Kind, _ v: UnsafeBufferPointer<Double>, _ x: UnsafeBufferPointer<Double>,
        _ out: UnsafeMutableBufferPointer<Double>, _ range: Range<Int>
    ) {
        typealias Lanes = SIMD4<Double>
        let sign: Double = kind == .logI || kind == .i ? 1 : -1
        let exponentiate = kind == .i || kind == .k
        let block = 1024
        let slots = UnsafeMutablePointer<Int>.allocate(capacity: block + Lanes.scalarCount)
        defer { slots.deallocate() }
        var filled = 0
        var start = range.lowerBound
        while start < range.upperBound {
            let end = min(start + block, range.upperBound)
            for k in start..<end {
                if DebyeExpansion.lanesAccept(v[k], x[k]) {
                    slots[filled] = k
                    filled += 1
                } else {
                    out[k] = double(kind, v[k], x[k])
                }
            }
            var s = 0
            while s + 4 <= filled {
                let a = slots[s], b = slots[s + 1], c = slots[s + 2], d = slots[s + 3]
                let r = DebyeExpansion.logBessel(sign: sign, Lanes(v[a], v[b], v[c], v[d]), Lanes(x[a], x[b], x[c], x[d]))
                if exponentiate {
                    out[a] = Foundation.exp(r[0]); out[b] = Foundation.exp(r[1]); out[c] = Foundation.exp(r[2]); out[d] = Foundation.exp(r[3])
                } else {
                    out[a] = r[0]; out[b] = r[1]; out[c] = r[2]; out[d] = r[3]
                }
                s += 4
            }
            for i in s..<filled { slots[i - s] = slots[i] }
            filled -= s
            start = end
        }
        for i in 0..<filled { out[slots[i]] = double(kind, v[slots[i]], x[slots[i]]) }
    }

    /// Below this many points per thread, a thread costs more than it saves.
    static let minimumPerThread = 2048
}
