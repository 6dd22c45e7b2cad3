import CMPFR
import EMLNumbers
import FloatFormats
import FPCore
import NumericKernels

/// Herbie's sampling: each argument uniform over the format's bit patterns (its ordinals, so every
/// binade is as likely as any other), within the bounds `:pre` states for it; the caller rejects
/// points until `:pre` holds in reals and the truth exists.
public struct Sampler: Sendable {
    public let format: CheckFormat
    /// Ordinal bounds per argument, inclusive.
    public let bounds: [ClosedRange<Int64>]
    /// Boxes of ordinals where `:pre` may hold (Herbie's search), and their cumulative sizes for a weighted pick.
    let boxes: [[ClosedRange<Int64>]]
    let cumulative: [Double]

    public init(arguments: [String], precondition: FPCoreExpression?, format: CheckFormat, ranges: [String: ClosedRange<Double>] = [:]) {
        self.format = format
        let f = format.format
        let top = f.ordinal(f.largestFiniteValue)!
        var intervals = [String: (Double, Double)]()
        for a in arguments { intervals[a] = (-.infinity, .infinity) }
        if let precondition { Sampler.narrow(precondition, &intervals) }
        for (name, r) in ranges { if let (lo, hi) = intervals[name] { intervals[name] = (max(lo, r.lowerBound), min(hi, r.upperBound)) } }
        bounds = arguments.map { name in
            let (lo, hi) = intervals[name]!
            // Bounds rounded outward to the format's values (rejection settles the exact edge).
            let a = lo.isFinite ? f.ordinal(f.rounded(lo)).map { max(-top, $0 - 1) } ?? -top : -top
            let b = hi.isFinite ? f.ordinal(f.rounded(hi)).map { min(top, $0 + 1) } ?? top : top
            return a <= b ? a...b : b...b
        }
        let start = bounds
        let found = precondition.map { Sampler.search($0, arguments, start, format.format) } ?? [start]
        boxes = found
        var total = 0.0
        cumulative = found.map { box in total += box.reduce(1.0) { $0 * (Double($1.upperBound) - Double($1.lowerBound) + 1) }; return total }
    }

    /// One candidate point: a box by its share of the ordinals, then each argument uniform within it.
    public func sample(_ rng: inout SplitMix) -> [Double] {
        var box = boxes[0]
        if boxes.count > 1 {
            let u = Double(rng.next() >> 11) * 0x1p-53 * cumulative.last!
            var lo = 0, hi = cumulative.count - 1
            while lo < hi { let mid = (lo + hi) / 2; if cumulative[mid] > u { hi = mid } else { lo = mid + 1 } }
            box = boxes[lo]
        }
        return box.map { format.format.value(ordinal: Int64.random(in: $0, using: &rng)) }
    }

    /// Herbie's search for where `:pre` can hold: evaluate it on interval boxes of the ordinal space,
    /// drop the boxes where it is false everywhere, halve the undecided ones along their widest side.
    /// Uniform sampling over the kept boxes, then rejection, is uniform over the points where it holds.
    static func search(_ pre: FPCoreExpression, _ names: [String], _ start: [ClosedRange<Int64>], _ f: FloatFormat) -> [[ClosedRange<Int64>]] {
        var settled: [[ClosedRange<Int64>]] = [], open = [start]
        guard let compiled = CompiledExpression(pre, arguments: names) else { return [start] }
        let evaluator = RealEvaluator(compiled, precision: 80)
        for _ in 0..<64 where !open.isEmpty && settled.count + open.count < 4096 {
            var next: [[ClosedRange<Int64>]] = []
            for box in open {
                for (k, r) in box.enumerated() {
                    evaluator.setArgument(k, from: f.value(ordinal: r.lowerBound), to: f.value(ordinal: r.upperBound))
                }
                do throws(RealFailure) {
                    if try evaluator.boolean() { settled.append(box) }
                } catch {
                    guard case .undecided = error else { continue }
                    // Split the side with the most ordinals; a single point cannot be split.
                    // (Widths as Doubles: binary64's ordinals span 2^64, more than an Int64 counts.)
                    func width(_ r: ClosedRange<Int64>) -> Double { Double(r.upperBound) - Double(r.lowerBound) }
                    guard let side = box.indices.max(by: { width(box[$0]) < width(box[$1]) }), box[side].upperBound > box[side].lowerBound else {
                        settled.append(box); continue
                    }
                    let r = box[side]
                    let mid = min(r.upperBound - 1, max(r.lowerBound, r.lowerBound &+ Int64(width(r) / 2)))
                    var low = box, high = box
                    low[side] = r.lowerBound...mid
                    high[side] = (mid + 1)...r.upperBound
                    next += [low, high]
                }
            }
            open = next
        }
        let kept = settled + open
        return kept.isEmpty ? [start] : kept
    }

    /// Tightens `intervals` by the comparisons of `pre` between an argument and a constant, in every
    /// conjunct (`and` nests); anything else leaves the box as it is.
    static func narrow(_ pre: FPCoreExpression, _ intervals: inout [String: (Double, Double)]) {
        guard case .operation(let op, let args) = pre else { return }
        switch op {
        case .and: for a in args { narrow(a, &intervals) }
        case .less, .lessEqual, .greater, .greaterEqual, .equal:
            let ascending = op == .less || op == .lessEqual || op == .equal
            let chain = ascending ? args : args.reversed()
            for (i, term) in chain.enumerated() {
                guard case .variable(let name) = term, let current = intervals[name] else { continue }
                var (lo, hi) = current
                // Any constant before bounds it below, any after bounds it above.
                for c in chain[..<i] { if let v = constantValue(c) { lo = max(lo, v) } }
                for c in chain[(i + 1)...] { if let v = constantValue(c) { hi = min(hi, v) } }
                intervals[name] = (lo, hi)
            }
        default: return
        }
    }

    /// A variable-free expression's value, near enough to bound a sampling range.
    static func constantValue(_ e: FPCoreExpression) -> Double? {
        if case .value(let v) = Truth.rounded(e, names: [], values: [], format: .float64), v.isFinite { return v }
        return nil
    }
}
