import FloatFormats
import FPCore
import NumericKernels

/// What `eml check` measures: a program (and its alternatives) against the real function it approximates.
public struct CheckProgram: Sendable {
    public let name: String
    public let file: String
    public let arguments: [String]
    public let body: FPCoreExpression
    /// The real function the truth evaluates (`:spec`, else the body).
    public let truth: FPCoreExpression
    public let precondition: FPCoreExpression?
    /// `:alt` implementations or `--against` expressions, with the label each is reported under.
    public let alternatives: [(label: String, body: FPCoreExpression)]
    /// Allowed mean bits (`--max-bits`, else `:herbie-expected`); nil: no gate.
    public let limit: Double?
    public let precision: FPCorePrecision
    /// Sampling bounds beyond `:pre`'s (`--range x=lo:hi`).
    public let ranges: [String: ClosedRange<Double>]
    /// Where the FPCore starts in its file (for messages).
    public var position: SourcePosition? = nil

    public init(name: String, file: String, arguments: [String], body: FPCoreExpression, truth: FPCoreExpression,
                precondition: FPCoreExpression?, alternatives: [(label: String, body: FPCoreExpression)], limit: Double?,
                precision: FPCorePrecision, ranges: [String: ClosedRange<Double>] = [:]) {
        self.name = name
        self.file = file
        self.arguments = arguments
        self.body = body
        self.truth = truth
        self.precondition = precondition
        self.alternatives = alternatives
        self.limit = limit
        self.precision = precision
        self.ranges = ranges
    }

    /// An FPCore as read from `file`, its alternatives labelled `alt 1`, `alt 2`, ….
    public init(_ core: FPCore, file: String, limit: Double? = nil) {
        self.init(name: core.displayName, file: file, arguments: core.arguments, body: core.body, truth: core.truthExpression,
                  precondition: core.precondition,
                  alternatives: core.alternatives.enumerated().map { (core.alternatives.count == 1 ? "alt" : "alt \($0.offset + 1)", $0.element) },
                  limit: limit ?? core.expectedBits, precision: core.precision)
        position = core.position
    }
}

public struct CheckOptions: Sendable {
    public var samples = 8000
    public var seed: UInt64 = 1
    /// The k-th (from 1) of n slices of the points: point j belongs to slice j mod n + 1.
    public var shard = (index: 1, count: 1)
    public var threads = 1
    /// Points to check instead of sampling, one value per argument each (rounded into the format).
    public var points: [[Double]]?
    /// Keep every point's inputs, values, truth and bits in the report.
    public var keepPoints = false
    /// Candidates drawn for one valid point before the benchmark is given up as unsatisfiable.
    public var attemptsPerPoint = 10_000
    /// Try double-double intervals before Arb for the truth (binary64) and `:pre`; false: Arb alone.
    public var doubleDoubleFirst = true

    public init() {}
}

/// One valid point: its inputs, each program's value, the correctly rounded truth and the bits of each.
public struct PointReport: Sendable {
    public let index: Int
    public let inputs: [Double]
    public let computed: [Double]
    public let truth: Double
    public let bits: [Double]

    public init(index: Int, inputs: [Double], computed: [Double], truth: Double, bits: [Double]) {
        self.index = index
        self.inputs = inputs
        self.computed = computed
        self.truth = truth
        self.bits = bits
    }
}

/// One program's error over the valid points.
public struct ProgramSummary: Sendable {
    public let label: String
    public var bitsSum: Double
    public var maxBits: Double
    /// The point of the largest error (the first such, by index).
    public var worst: PointReport?

    public init(label: String, bitsSum: Double, maxBits: Double, worst: PointReport?) {
        self.label = label
        self.bitsSum = bitsSum
        self.maxBits = maxBits
        self.worst = worst
    }
}

/// The result of checking one benchmark in one format (or one shard of it).
public struct CheckReport: Sendable {
    public let name: String
    public let file: String
    public let arguments: [String]
    public let format: String
    public let width: Int
    public var points: Int
    /// Candidates rejected: `:pre` false in reals, or no real result.
    public var rejected: Int
    /// Candidates whose truth no precision up to 10,000 bits settled (or beyond MPFR's exponent range).
    public var unsettled: Int
    public var programs: [ProgramSummary]
    public let limit: Double?
    public var perPoint: [PointReport]?

    public init(name: String, file: String, arguments: [String], format: String, width: Int, points: Int, rejected: Int,
                unsettled: Int, programs: [ProgramSummary], limit: Double?, perPoint: [PointReport]?) {
        self.name = name
        self.file = file
        self.arguments = arguments
        self.format = format
        self.width = width
        self.points = points
        self.rejected = rejected
        self.unsettled = unsettled
        self.programs = programs
        self.limit = limit
        self.perPoint = perPoint
    }

    public func meanBits(_ program: Int = 0) -> Double { points == 0 ? 0 : programs[program].bitsSum / Double(points) }
    public var passes: Bool { limit.map { meanBits() <= $0 } ?? true }
}

public struct CheckError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

public enum Checker {
    /// Checks `program` in `format`; `progress(done, count)` after each block of points.
    public static func run(_ program: CheckProgram, format: CheckFormat, options: CheckOptions,
                           progress: ((Int, Int) -> Void)? = nil) throws(CheckError) -> CheckReport {
        let bodies = [("program", program.body)] + program.alternatives
        var compiled: [FloatProgram] = []
        for (_, body) in bodies {
            do { compiled.append(try FloatProgram(body, arguments: program.arguments, format: format)) } catch { throw CheckError(error.description) }
        }
        let floats = compiled
        guard let truthProgram = CompiledExpression(program.truth, arguments: program.arguments) else { throw CheckError("the specification uses a variable it does not bind") }
        guard !truthProgram.nodes[truthProgram.root].isBoolean else {
            throw CheckError("its result is a boolean; eml check measures the error of numeric results")
        }
        let preProgram = program.precondition.flatMap { CompiledExpression($0, arguments: program.arguments) }
        // Arb machines hold state: one pair per worker, each used by its worker only.
        final class Worker: @unchecked Sendable {
            let truth: Truth.Evaluator, pre: Truth.Evaluator?
            init(_ t: CompiledExpression, _ p: CompiledExpression?, fast: Bool) {
                truth = Truth.Evaluator(t, fast: fast)
                pre = p.map { Truth.Evaluator($0, fast: fast) }
            }
        }
        let threads = max(1, options.threads)
        let workers = (0..<threads).map { _ in Worker(truthProgram, preProgram, fast: options.doubleDoubleFirst) }
        let sampler = Sampler(arguments: program.arguments, precondition: program.precondition, format: format, ranges: program.ranges)
        let total = options.points?.count ?? options.samples
        let (first, step) = (options.shard.index - 1, options.shard.count)
        let count = total > first ? (total - first + step - 1) / step : 0
        @Sendable func index(_ i: Int) -> Int { first + i * step }
        let salt = FNV1a.hash(program.name.utf8)

        @Sendable func point(_ j: Int, _ worker: Worker) -> (PointReport?, rejected: Int, unsettled: Int) {
            var rejected = 0, unsettled = 0
            if let given = options.points {
                switch measure(j, given[j].map { format.format.rounded($0) }, worker) {
                case .some(.some(let r)): return (r, 0, 0)
                case .some(.none): return (nil, 0, 1)
                case .none: return (nil, 1, 0)
                }
            }
            var rng = SplitMix(seed: options.seed &* 0x9E37_79B9_7F4A_7C15 ^ salt ^ UInt64(j) &* 0xD1B5_4A32_D192_ED03)
            for _ in 0..<options.attemptsPerPoint {
                let values = sampler.sample(&rng)
                switch measure(j, values, worker) {
                case .some(.some(let r)): return (r, rejected, unsettled)
                case .some(.none): unsettled += 1
                case .none: rejected += 1
                }
            }
            return (nil, rejected, unsettled)
        }

        /// nil: not valid (rejected); .some(nil): unsettled; else the point.
        @Sendable func measure(_ j: Int, _ values: [Double], _ worker: Worker) -> PointReport?? {
            if let pre = worker.pre {
                guard let holds = pre.holds(values) else { return .some(nil) }
                if !holds { return nil }
            }
            switch worker.truth.rounded(values, format.format) {
            case .undefined: return nil
            case .unsettled: return .some(nil)
            case .value(let truth):
                let computed = floats.map { $0.evaluate(values) }
                return .some(PointReport(index: j, inputs: values, computed: computed, truth: truth,
                                         bits: computed.map { ErrorBits.bits($0, truth, in: format) }))
            }
        }

        var report = CheckReport(name: program.name, file: program.file, arguments: program.arguments, format: format.name, width: format.width, points: 0,
                                 rejected: 0, unsettled: 0,
                                 programs: bodies.map { ProgramSummary(label: $0.0, bitsSum: 0, maxBits: 0, worst: nil) },
                                 limit: program.limit, perPoint: options.keepPoints ? [] : nil)
        func absorb(_ result: (PointReport?, rejected: Int, unsettled: Int)) {
            report.rejected += result.rejected
            report.unsettled += result.unsettled
            guard let r = result.0 else { return }
            report.points += 1
            for k in bodies.indices {
                report.programs[k].bitsSum += r.bits[k]
                if report.programs[k].worst == nil || r.bits[k] > report.programs[k].maxBits {
                    report.programs[k].maxBits = r.bits[k]
                    report.programs[k].worst = r
                }
            }
            report.perPoint?.append(r)
        }
        var next = 0
        if count > 0, options.points == nil {
            // One point first, on one thread: an unsatisfiable :pre is reported after 10^4 candidates, not 8000·10^4.
            let r = point(index(0), workers[0])
            guard r.0 != nil else {
                let why = r.unsettled > r.rejected ? "the truth could not be settled at any of them"
                    : "`:pre` never held, or the real result never existed (valid points may be too rare for sampling uniform over bit patterns)"
                throw CheckError("no valid point in \(options.attemptsPerPoint) samples: \(why)")
            }
            absorb(r)
            next = 1
        }
        // Blocks of points on all threads, folded into the report as they finish: memory stays bounded.
        while next < count {
            let block = min(count - next, 8192), base = next
            // Worker w takes points w, w + threads, …; the results are folded back in point order.
            let parts = ParallelMap.workers(threads) { w in
                stride(from: w, to: block, by: threads).map { point(index(base + $0), workers[w]) }
            }
            for k in 0..<block { absorb(parts[k % threads][k / threads]) }
            next += block
            progress?(next, count)
        }
        return report
    }
}
