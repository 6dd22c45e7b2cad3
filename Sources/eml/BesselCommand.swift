import ArgumentParser
import Bessel
import EMLKit
import Foundation
import NumericKernels

extension LogBessel.Kind: ExpressibleByArgument {}

struct BesselCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bessel",
        abstract: "log I_v(x), log K_v(x), I_v(x), K_v(x): certified digits, or doubles.",
        discussion: """
        With V X, prints one value; otherwise reads lines 'v x' from stdin (decimals or hex floats; hex floats are exact) and writes one result per line. A malformed line prints 'error: <reason>' in its place and processing continues (exit status 1 at the end).
        --double parses inputs as doubles and prints %.17g (inf, -inf); --binary reads little-endian float64 pairs (v, x) and writes float64 results (numpy: np.fromfile / tofile). Double results come from the fast kernels (within 4 ulp of the truth, finite wherever the truth is, all cores); nan only for domain errors (x < 0; log I_v(x) of a negative order where I_v(x) ≤ 0).

        Examples:
          eml bessel logi 0 1e-300              # 2.5e-601; log(I_0) in double is 0
          eml bessel logk --digits 60 10000 1e-300
          eml bessel logi --double 8191 1000    # log I where SciPy's ive gives 0
          printf '0.5 1\\n2 3\\n' | eml bessel k --double
          python3 -c "import numpy as np; np.random.rand(10**6, 2).tofile('vx.bin')"
          eml bessel logk --double --binary < vx.bin > logk.bin
        """
    )

    @Argument(help: "logi, logk, i or k.") var kind: LogBessel.Kind
    @Argument(parsing: .allUnrecognized, help: "Order v and argument x (omit to read stdin); a negative v needs no `--`.") var values: [String] = []
    @Flag(help: "Double inputs and outputs (%.17g).") var double = false
    @Option(parsing: .unconditional, help: "Significant digits (1…10000; default 30).") var digits: Int = 30
    @Option(parsing: .unconditional, help: "Threads for stdin batches (default: all cores).") var threads: Int = ParallelMap.availableCores
    @Flag(help: "With --double: raw little-endian float64 pairs in, float64 results out.") var binary = false

    /// The command's values, plain: what its run reads.
    var job: BesselJob { BesselJob(kind: kind, values: values, double: double, digits: digits, threads: threads, binary: binary) }
    func validate() throws { try job.validate() }
    func run() throws { try job.run() }
}

/// `eml bessel`'s work from plain values: `PlainInvocation` makes one from argv without the command's
/// property wrappers, whose first use cost 0.4 M instructions of every start (ArgumentParser's option names).
struct BesselJob: Equatable {
    let kind: LogBessel.Kind
    let values: [String]
    let double: Bool
    let digits: Int
    let threads: Int
    let binary: Bool

    func validate() throws {
        guard (1...10_000).contains(digits) else { throw ValidationError("--digits must be between 1 and 10000, not \(digits)") }
        guard (1...256).contains(threads) else { throw ValidationError("--threads must be between 1 and 256, not \(threads)") }
        if binary && !double { throw ValidationError("--binary needs --double") }
        if let option = operands.first(where: { $0.hasPrefix("-") && Double($0) == nil && BigRealLiteral.parse($0) == nil }) {
            throw ValidationError("unknown option '\(option)'")
        }
        if !operands.isEmpty && operands.count != 2 { throw ValidationError("give both V and X, or neither to read stdin") }
    }

    /// V and X: a negative number passes as a value (the arguments take what no option claims), and a
    /// `--` before them, which it once needed, is dropped.
    var operands: [String] { values.filter { $0 != "--" } }

    func run() throws {
        if binary { return try runBinary() }
        if operands.count == 2 {
            let line = lineEvaluator.evaluate(operands[0] + " " + operands[1])
            print(line)
            if line.hasPrefix("error:") { throw ExitCode(1) }
            return
        }
        // Blocks of 4096 lines: bounded memory for any input, results written as each block completes.
        var failed = false, done = 0
        var input = StandardInput(limit: 4096)
        while true {
            // A line past the limit becomes one that fails to parse, and so one error line in its place.
            let lines = input.availableLines(upTo: 4096)
            if lines.isEmpty { break }
            let evaluator = lineEvaluator
            let overlong = "error: \(input.overlongLine)"
            let results = parallelMap(lines, from: done) { $0.map(evaluator.evaluate) ?? overlong }
            printLines(results)
            fflushStandardOutput()
            failed = failed || results.contains(where: { $0.hasPrefix("error:") })
            done += lines.count
        }
        if failed { throw ExitCode(1) }
    }

    /// The options a line needs, as plain values: the command's own are property wrappers, which each
    /// line read again (a copy of the command and its wrappers a line, 8 k instructions).
    var lineEvaluator: LineEvaluator { LineEvaluator(kind: kind, double: double, digits: digits) }

    /// `transform` over `items` on `threads` threads, order kept, with a progress line on a terminal.
    func parallelMap(_ items: [String?], from offset: Int, _ transform: @escaping @Sendable (String?) -> String) -> [String] {
        let showProgress = standardErrorIsTerminal && offset + items.count >= 1000
        // Groups of 256 lines a thread, so that the progress line moves as each group ends; without one, the
        // whole block at once: each group wakes the pool's thread, which this VM does 0.2–3.5 ms late at times.
        let group = showProgress ? 256 * max(1, threads) : max(1, items.count)
        var results: [String] = []
        results.reserveCapacity(items.count)
        for start in stride(from: 0, to: items.count, by: group) {
            let slice = Array(items[start..<min(items.count, start + group)])
            results += ParallelMap.map(slice.count, threads: threads) { transform(slice[$0]) }
            if showProgress { printErrorInline("\r\u{1B}[K\(offset + results.count) values") }
        }
        if showProgress { printErrorInline("\r\u{1B}[K") }
        return results
    }

    /// Streams stdin in blocks of 2^16 pairs (1 MiB): bounded memory whatever the input's length, each
    /// block's results written before the next is read.
    func runBinary() throws {
        let pairs = 1 << 16
        var input = [UInt8](repeating: 0, count: 16 * pairs)
        var v = [Double](repeating: 0, count: pairs), x = v, results = v
        var output = [UInt8](repeating: 0, count: 8 * pairs)
        var total = 0
        let showProgress = standardErrorIsTerminal
        while true {
            let filled = readFully(&input)
            let n = filled / 16
            if n > 0 {
                input.withUnsafeBytes { raw in
                    for k in 0..<n {
                        v[k] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 16 * k, as: UInt64.self)))
                        x[k] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 16 * k + 8, as: UInt64.self)))
                    }
                }
                v.withUnsafeBufferPointer { vb in
                    x.withUnsafeBufferPointer { xb in
                        results.withUnsafeMutableBufferPointer { out in
                            LogBessel.double(kind, orders: UnsafeBufferPointer(rebasing: vb[0..<n]),
                                             arguments: UnsafeBufferPointer(rebasing: xb[0..<n]),
                                             into: UnsafeMutableBufferPointer(rebasing: out[0..<n]), threads: threads)
                        }
                    }
                }
                output.withUnsafeMutableBytes { raw in
                    for k in 0..<n { raw.storeBytes(of: results[k].bitPattern.littleEndian, toByteOffset: 8 * k, as: UInt64.self) }
                }
                output.withUnsafeBufferPointer { writeFully(UnsafeBufferPointer(rebasing: $0[..<(8 * n)])) }
                total += n
                if showProgress && total >= 1 << 20 { printErrorInline("\r\u{1B}[K\(total) values") }
            }
            if filled < input.count {
                if showProgress && total >= 1 << 20 { printErrorInline("\r\u{1B}[K") }
                if filled % 16 != 0 {
                    printError("error: binary input ends with \(filled % 16) bytes after \(total) (v, x) float64 pairs, not a whole pair; the \(total) results before it were written")
                    throw ExitCode(1)
                }
                return
            }
        }
    }

    /// Reads from stdin until `buffer` is full or the input ends; the number of bytes read.
    func readFully(_ buffer: inout [UInt8]) -> Int {
        var filled = 0
        buffer.withUnsafeMutableBytes { raw in
            while filled < raw.count {
                let got = read(0, raw.baseAddress! + filled, raw.count - filled)
                if got < 0 && errno == EINTR { continue }
                if got <= 0 { break }
                filled += got
            }
        }
        return filled
    }
}

/// `eml bessel`'s work on one line of stdin.
struct LineEvaluator: Sendable {
    let kind: LogBessel.Kind
    let double: Bool
    let digits: Int

    /// One input line to one output line.
    func evaluate(_ line: String) -> String {
        var utf8 = line
        return utf8.withUTF8 { evaluate(line, $0) }
    }

    /// The line and its bytes: split as bytes (splitting Characters, grapheme by grapheme, cost more than the
    /// numbers' reading), and read as bytes where the fields need not become Strings.
    func evaluate(_ line: String, _ utf8: UnsafeBufferPointer<UInt8>) -> String {
        let bytes = utf8.split(whereSeparator: { $0 == 32 || $0 == 9 || $0 == 44 })
        guard bytes.count == 2 else { return "error: expected two numbers 'v x', found \(bytes.count) field\(bytes.count == 1 ? "" : "s")" }
        // Decimal log I: one fixed-point evaluation and its bound, read to decimal in integer arithmetic, the
        // operands read from the line's bytes (making the fields Strings cost a tenth of the value).
        if !double, kind == .logI, Precision.bits(forDigits: digits) <= LogBessel.fixedPointBits,
           let v = DecimalFraction.parse(bytes[0]), let x = DecimalFraction.parse(bytes[1]),
           let text = LogBessel.logIDigits(order: v, argument: x, digits: digits) {
            return text
        }
        let fields = bytes.map { String(decoding: $0, as: UTF8.self) }
        if double {
            guard let v = Double(fields[0]), let x = Double(fields[1]) else { return "error: '\(line)' is not two numbers" }
            let r = LogBessel.double(kind, v, x)
            if r.isNaN {
                // The kernel's NaN means a domain error; the precision path says which.
                do { _ = try LogBessel.correctlyRounded(kind, v, x) } catch { return "error: \(error.message)" }
            }
            return format(r)
        }
        // Only plain numbers: the fields are spliced into an expression below.
        guard let v = BigRealLiteral.parse(fields[0]), let x = BigRealLiteral.parse(fields[1]) else {
            return "error: '\(line)' is not two numbers"
        }
        guard v.isFinite, x.isFinite else { return "error: v and x must be finite, not '\(fields[0])', '\(fields[1])'" }
        // Through the engine's one certification: balls, with the Bessel certificates plugged in.
        let name = ["logi": "logbesseli", "logk": "logbesselk", "i": "besseli", "k": "besselk"][kind.rawValue]!
        do {
            let e = try EML.parse("\(name)(\(fields[0]), \(fields[1]))")
            return try EML.evaluate(e, digits: digits).text
        } catch {
            return "error: \(error.description)"
        }
    }

    func format(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return String(format: "%.17g", d)
    }
}
