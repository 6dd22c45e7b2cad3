import EMLCheck
import EMLKit
import Foundation
import FPCore
import NumericKernels

/// One row of an `eml check` run: a benchmark's report in one format, or why it has none.
struct CheckOutcome {
    var report: CheckReport?
    var name: String
    var file: String
    var format: String
    /// `file:line:column: message` or `message` when the benchmark could not be checked.
    var error: String?
    /// The error is a valid FPCore this checker does not evaluate (a loop, a tensor): reported, not failed.
    var skipped = false
}

/// A count shared by worker threads.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func increment() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
}

/// The work of `eml check`: options validated once, benchmarks read, checked, reported.
struct CheckSession {
    let command: Check
    var formats: [CheckFormat]? = nil
    var shard = (index: 1, count: 1)
    var ranges: [String: ClosedRange<Double>] = [:]
    var givenPoints: (header: [String], rows: [[Double]])? = nil

    init(command: Check) { self.command = command }

    mutating func validate() throws(CheckError) {
        let c = command
        guard (1...10_000_000).contains(c.samples) else { throw CheckError("--samples must be between 1 and 10000000, not \(c.samples)") }
        guard (1...256).contains(c.threads) else { throw CheckError("--threads must be between 1 and 256, not \(c.threads)") }
        if let m = c.maxBits { guard m >= 0, m <= 1024 else { throw CheckError("--max-bits must be between 0 and 1024, not \(m)") } }
        if let s = c.shard {
            guard let part = ShardOption.parse(s) else { throw CheckError(ShardOption.message(s)) }
            shard = (part.index + 1, part.count)
        }
        if c.merge {
            guard !c.files.isEmpty else { throw CheckError("--merge needs the --json reports to combine") }
            return
        }
        if let f = c.format {
            if f.lowercased() == "all" {
                formats = CheckFormat.all
            } else {
                var list: [CheckFormat] = []
                for name in f.split(separator: ",") {
                    do { list.append(try CheckFormat.named(String(name).trimmingCharacters(in: .whitespaces))) } catch { throw CheckError("--format: \(error.message)") }
                }
                formats = list
            }
        }
        if c.expr == nil {
            guard !c.files.isEmpty else { throw CheckError("give FPCore files to check, or --expr EXPRESSION") }
            if !c.range.isEmpty || !c.against.isEmpty { throw CheckError("--range and --against go with --expr; an FPCore states its ranges in :pre and alternatives in :alt") }
        } else if !c.files.isEmpty {
            throw CheckError("give either FPCore files or --expr, not both")
        }
        for r in c.range {
            let parts = r.split(separator: "=", maxSplits: 1)
            let bounds = parts.count == 2 ? parts[1].split(separator: ":", maxSplits: 1).map { Double($0) } : []
            guard parts.count == 2, bounds.count == 2, let lo = bounds[0], let hi = bounds[1], lo.isFinite, hi.isFinite, lo <= hi else {
                throw CheckError("--range must be VAR=LO:HI with finite LO ≤ HI, not '\(r)'")
            }
            ranges[String(parts[0])] = lo...hi
        }
        if let path = c.points { givenPoints = try CheckSession.readPoints(path) }
        // --per-point and --svg keep every point in memory (and print it): a million is already 100 MB of text.
        if c.perPoint || c.svg != nil {
            let n = givenPoints?.rows.count ?? c.samples
            guard n <= 1_000_000 else { throw CheckError("--per-point and --svg keep every point: at most 1000000 points, not \(n)") }
        }
    }

    /// A TSV of points: a header naming arguments, then one row of numbers per point.
    static func readPoints(_ path: String) throws(CheckError) -> (header: [String], rows: [[Double]]) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw CheckError("cannot read points file \(path)") }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        guard let head = lines.first, !head.trimmingCharacters(in: .whitespaces).isEmpty else { throw CheckError("\(path): empty; the first line names the arguments") }
        let header = head.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }
        guard Set(header).count == header.count else { throw CheckError("\(path):1: a column name appears twice in \(header)") }
        var rows: [[Double]] = []
        for (i, line) in lines.enumerated().dropFirst() {
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == header.count else {
                throw CheckError("\(path):\(i + 1): \(fields.count) value\(fields.count == 1 ? "" : "s"), but the header names \(header.count)")
            }
            var row: [Double] = []
            for (j, f) in fields.enumerated() {
                guard let v = Double(f), v.isFinite else {
                    throw CheckError("\(path):\(i + 1): column \(j + 1) (\(header[j])): '\(f)' is not a finite number (decimal or hex float such as 0x1.8p3)")
                }
                row.append(v)
            }
            rows.append(row)
            guard rows.count <= 10_000_000 else { throw CheckError("\(path): more than 10000000 points") }
        }
        guard !rows.isEmpty else { throw CheckError("\(path): a header but no points") }
        return (header, rows)
    }

    /// Reads, checks and reports everything; the exit status.
    mutating func runAll() -> Int32 {
        if command.merge { return runMerge() }
        var outcomes: [CheckOutcome] = []
        var jobs: [(CheckProgram, [CheckFormat]?, FPCorePrecision)] = []
        if let expr = command.expr {
            do { jobs.append((try expressionProgram(expr), formats ?? [.binary64], .binary64)) } catch {
                outcomes.append(CheckOutcome(report: nil, name: expr, file: "--expr", format: "", error: error.message))
            }
        } else {
            var found = Set<String>()
            for file in command.files {
                guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                    outcomes.append(CheckOutcome(report: nil, name: "", file: file, format: "", error: "\(file): cannot read (missing, unreadable or not UTF-8)"))
                    continue
                }
                let (cores, errors) = FPCore.readAll(text)
                for e in errors {
                    outcomes.append(CheckOutcome(report: nil, name: "\(file):\(e.position.map(\.description) ?? "")", file: file, format: "",
                                                 error: "\(file):\(e)", skipped: e.isUnsupported))
                }
                if cores.isEmpty && errors.isEmpty {
                    outcomes.append(CheckOutcome(report: nil, name: "", file: file, format: "", error: "\(file): no FPCore in the file"))
                }
                for core in cores where command.name.isEmpty || command.name.contains(core.displayName) {
                    found.insert(core.displayName)
                    jobs.append((CheckProgram(core, file: file, limit: command.maxBits), formats, core.precision))
                }
            }
            for n in command.name where !found.contains(n) {
                outcomes.append(CheckOutcome(report: nil, name: n, file: command.files.joined(separator: ", "), format: "",
                                             error: "no FPCore named '\(n)' in \(command.files.joined(separator: ", "))"))
            }
        }
        var work: [(CheckProgram, CheckFormat)] = []
        for (program, formatList, precision) in jobs {
            if let list = formatList ?? CheckFormat.of(precision).map({ [$0] }) {
                work += list.map { (program, $0) }
            } else {
                outcomes.append(CheckOutcome(report: nil, name: program.name, file: program.file, format: precision.description,
                                             error: "\(program.file): \(program.name): precision \(precision) is not simulated; give --format"))
            }
        }
        let start = Date()
        let progress = standardErrorIsTerminal
        let threads = command.threads
        if work.count >= 2 * threads && threads > 1 {
            // A suite: benchmarks side by side, one thread each (no serial setup, no shared state between
            // threads); each benchmark's numbers are those of a point-parallel run, point for point.
            let done = Counter(), next = Counter()
            let session = self, items = work
            // Each thread takes the next benchmark as it finishes one: their costs differ by 100×.
            let parts = ParallelMap.workers(threads) { _ -> [(Int, CheckOutcome)] in
                var mine: [(Int, CheckOutcome)] = []
                while true {
                    let k = next.increment() - 1
                    guard k < items.count else { return mine }
                    let (program, f) = items[k]
                    mine.append((k, session.check(program, f, threads: 1, progress: nil)))
                    let n = done.increment()
                    if progress {
                        let elapsed = Date().timeIntervalSince(start)
                        printErrorInline(String(format: "\r\u{1B}[K[%d/%d benchmarks] %.0f s, about %.0f s left", n, items.count, elapsed,
                                                elapsed / Double(n) * Double(items.count - n)))
                    }
                }
            }
            outcomes += parts.flatMap { $0 }.sorted { $0.0 < $1.0 }.map(\.1)
        } else {
            for (done, (program, f)) in work.enumerated() {
                let line = { (points: Int, count: Int) in
                    let elapsed = Date().timeIntervalSince(start)
                    let finished = Double(done) + (count > 0 ? Double(points) / Double(count) : 0)
                    let eta = finished > 0 ? elapsed / finished * (Double(work.count) - finished) : 0
                    printErrorInline(String(format: "\r\u{1B}[K[%d/%d] %@ (%@): %d/%d points  %.0f s, about %.0f s left", done + 1, work.count,
                                            String(program.name.prefix(40)), f.name, points, count, elapsed, eta))
                }
                if progress { line(0, 0) }
                outcomes.append(check(program, f, threads: threads, progress: progress ? line : nil))
            }
        }
        if progress { printErrorInline("\r\u{1B}[K") }
        return report(outcomes)
    }

    func check(_ program: CheckProgram, _ format: CheckFormat, threads: Int, progress: ((Int, Int) -> Void)?) -> CheckOutcome {
        var options = CheckOptions()
        options.samples = command.samples
        options.seed = command.seed
        options.shard = shard
        options.threads = threads
        options.keepPoints = command.perPoint || command.svg != nil
        if let given = givenPoints {
            guard Set(given.header) == Set(program.arguments) else {
                return CheckOutcome(report: nil, name: program.name, file: program.file, format: format.name,
                                    error: "\(command.points!): columns \(given.header.joined(separator: ", ")) do not match the arguments of '\(program.name)': \(program.arguments.joined(separator: ", "))")
            }
            let order = program.arguments.map { given.header.firstIndex(of: $0)! }
            options.points = given.rows.map { row in order.map { row[$0] } }
        }
        do {
            let report = try Checker.run(program, format: format, options: options, progress: progress)
            return CheckOutcome(report: report, name: program.name, file: program.file, format: format.name, error: nil)
        } catch {
            return CheckOutcome(report: nil, name: program.name, file: program.file, format: format.name,
                                error: "\(program.file)\(program.position.map { ":\($0)" } ?? ""): \(program.name) (\(format.name)): \(error.message)")
        }
    }

    func expressionProgram(_ text: String) throws(CheckError) -> CheckProgram {
        func convert(_ t: String, _ what: String) throws(CheckError) -> (FPCoreExpression, [String]) {
            let parsed: MathExpression
            do { parsed = try EML.parse(t, freeVariables: true) } catch { throw CheckError("\(what): \(error.description)") }
            return (try FPCoreExpression(parsed), parsed.freeVariables)
        }
        let (body, variables) = try convert(text, "--expr")
        for name in ranges.keys where !variables.contains(name) {
            throw CheckError("--range names \(name), which --expr does not use (its variables: \(variables.joined(separator: ", ")))")
        }
        var alternatives: [(label: String, body: FPCoreExpression)] = []
        for (k, a) in command.against.enumerated() {
            let (alt, names) = try convert(a, "--against")
            let extra = Set(names).subtracting(variables)
            guard extra.isEmpty else { throw CheckError("--against uses \(extra.sorted().joined(separator: ", ")), which --expr does not") }
            alternatives.append((command.against.count == 1 ? "against" : "against \(k + 1)", alt))
        }
        return CheckProgram(name: text, file: "--expr", arguments: variables, body: body, truth: body, precondition: nil,
                            alternatives: alternatives, limit: command.maxBits, precision: .binary64, ranges: ranges)
    }
}
