import Foundation
import NumericKernels

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
        let workers = max(1, min(threads ?? ParallelMap.availableCores, n / minimumPerThread))
        nonisolated(unsafe) let out = results, v = orders, x = arguments
        if workers == 1 {
            run(kind, v, x, out, 0..<n)
            return
        }
        // Contiguous slices: neighbouring inputs tend to share a region, which keeps branches predictable.
        ParallelMap.concurrently(workers) { w in
            let lo = n * w / workers, hi = n * (w + 1) / workers
            run(kind, v, x, out, lo..<hi)
        }
    }

    /// One thread's share, a block at a time: the points of a block that Debye's expansion takes are
    /// sorted by the number of terms they need (a counting sort) and run four to a vector through the
    /// lane kernel; below its reach, log K at x < 1 by `TemmeLanes.orderClass` and at 1 ≤ x < 24 by
    /// `BesselKTableLanes.orderClass`, and log I by `BesselISeriesLanes.seriesClass`, through theirs.
    /// The rest go point by point. Within a block every load stays in the first-level cache, and no
    /// branch depends on which class a point drew.
    static func run(
        _ kind: Kind, _ v: UnsafeBufferPointer<Double>, _ x: UnsafeBufferPointer<Double>,
        _ out: UnsafeMutableBufferPointer<Double>, _ range: Range<Int>
    ) {
        let sign: Double = kind == .logI || kind == .i ? 1 : -1
        let exponentiate = kind == .i || kind == .k
        let debyeClasses = DebyeExpansion.maximumTerms + 1
        #if arch(x86_64) || arch(i386)
        // Below Debye's reach: log K at x < 1 (Temme) and log I (its power series) have lane kernels too.
        let temme = sign < 0, series = sign > 0
        let classes = debyeClasses + (temme ? TemmeLanes.classes + BesselKTableLanes.classes : BesselISeriesLanes.classes)
        #else
        let temme = false, series = false
        let classes = debyeClasses
        #endif
        let classOf = UnsafeMutablePointer<UInt8>.allocate(capacity: block)
        let sorted = UnsafeMutablePointer<Int>.allocate(capacity: block + 3 * classes)
        let starts = UnsafeMutablePointer<Int>.allocate(capacity: classes + 1)
        let ends = UnsafeMutablePointer<Int>.allocate(capacity: classes)
        defer { classOf.deallocate(); sorted.deallocate(); starts.deallocate(); ends.deallocate() }
        for first in stride(from: range.lowerBound, to: range.upperBound, by: block) {
            let count = min(block, range.upperBound - first)
            starts.initialize(repeating: 0, count: classes + 1)
            for j in 0..<count {
                let a = v[first + j], b = x[first + j]
                let c: Int
                if DebyeExpansion.lanesAccept(a, b) {
                    c = DebyeExpansion.termClass(a, b)
                } else if temme && TemmeLanes.accepts(a, b) {
                    c = debyeClasses + TemmeLanes.orderClass(a, b)
                } else if temme && BesselKTableLanes.accepts(a, b) {
                    c = debyeClasses + TemmeLanes.classes + BesselKTableLanes.orderClass(a)
                } else if series && BesselISeriesLanes.accepts(a, b) {
                    c = debyeClasses + BesselISeriesLanes.seriesClass(a, b)
                } else {
                    out[first + j] = double(kind, a, b)
                    classOf[j] = UInt8(classes)
                    continue
                }
                classOf[j] = UInt8(c)
                starts[c + 1] += 1
            }
            // Each class's run rounded up to whole vectors, the last point repeated: a lane's bits depend
            // on its point alone, and one vector costs less than its two or three points one by one.
            for c in 0..<classes { starts[c + 1] = starts[c] + (starts[c + 1] + 3) & ~3; ends[c] = starts[c] }
            for j in 0..<count where Int(classOf[j]) < classes {
                let c = Int(classOf[j])
                sorted[ends[c]] = first + j
                ends[c] += 1
            }
            for c in 0..<classes where ends[c] > starts[c] {
                while ends[c] < starts[c + 1] { sorted[ends[c]] = sorted[ends[c] - 1]; ends[c] += 1 }
            }
            for c in 0..<classes {
                var i = starts[c]
                while i + 4 <= ends[c] {
                    let i0 = sorted[i], i1 = sorted[i + 1], i2 = sorted[i + 2], i3 = sorted[i + 3]
                    let a = SIMD4(v[i0], v[i1], v[i2], v[i3]), b = SIMD4(x[i0], x[i1], x[i2], x[i3])
                    let r = c < debyeClasses ? DebyeExpansion.logBessel(sign: sign, a, b, terms: c)
                        : temme ? lanesLogK(a, b, orderClass: c - debyeClasses) : lanesLogI(a, b, seriesClass: c - debyeClasses)
                    if exponentiate {
                        out[i0] = Foundation.exp(r[0]); out[i1] = Foundation.exp(r[1]); out[i2] = Foundation.exp(r[2]); out[i3] = Foundation.exp(r[3])
                    } else {
                        out[i0] = r[0]; out[i1] = r[1]; out[i2] = r[2]; out[i3] = r[3]
                    }
                    i += 4
                }
            }
        }
    }

    /// log K's lane kernels below Debye's reach (Temme's classes, then the table's), out of line: inlined
    /// beside Debye's, they overflow the instruction cache.
    @inline(never) static func lanesLogK(_ v: SIMD4<Double>, _ x: SIMD4<Double>, orderClass: Int) -> SIMD4<Double> {
        #if arch(x86_64) || arch(i386)
        if orderClass >= TemmeLanes.classes {
            return BesselKTableLanes.logK(v, x, order: orderClass - TemmeLanes.classes)
        }
        return TemmeLanes.logK(v, x, orderClass: orderClass)
        #else
        fatalError("unreachable: no Temme classes off x86")
        #endif
    }

    /// The log I series kernel, out of line for the same reason.
    @inline(never) static func lanesLogI(_ v: SIMD4<Double>, _ x: SIMD4<Double>, seriesClass: Int) -> SIMD4<Double> {
        #if arch(x86_64) || arch(i386)
        return BesselISeriesLanes.logI(v, x, seriesClass: seriesClass)
        #else
        fatalError("unreachable: no series classes off x86")
        #endif
    }

    /// Points sorted at a time: their data stays in the first-level cache.
    static var block: Int { 4096 }

    /// Below this many points per thread, a thread costs more than it saves.
    static let minimumPerThread = 2048
}
