import ArgumentParser
import CSV
import EMLKit
import EMLSearch
import Foundation
import NumericKernels

struct Regress: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regress",
        abstract: "Symbolic regression over EML trees: exact formulas in CSV data, verified in MPFR.",
        discussion: """
        DATA is CSV with a header row; the target is --target (default: the last column) and every other column is a variable, named by its header ('-' reads stdin). A seeded 20% of the rows is held out unless --test gives the held-out rows.

        Methods: enumerate, every EML tree over 1 and the variables in order of K (leaves + eml nodes), trees equal at 16 probe points kept once, up to --max-k or the time limit, stopping after the level where a tree fits every training point, then the meet in the middle (roots up to twice that K), and without an exact tree, formulas of the catalog's operations (+ − × ÷ ^ ln exp √ u² −u over the variables, 1, 2 and π) up to four, or nine by inverting the root, lowered to their EML trees; gradient, the paper's full tree of --depth fitted by Adam from --restarts seeded starts; auto (the default), enumeration for half of --time-limit, then gradient search at depths 2, 3, … while a quarter of it is left, stopping on an exact fit. The result is the Pareto front of K against held-out RMSE; a candidate is 'exact' only when its tree, evaluated in MPC at 256 bits, reproduces every point to 1e-12 relative, else 'approximate'.
        On nine physics formulas (200 points; scripts/bench_regress) all 9 come out exact in 2-7 s each, gplearn 3 and pyoperon 0 in 30 s; the gradient search recovers the paper's targets at depths 2-6 in 32/32, 21/64, 58/64, 18/128 and 2/128 restarts (the paper: 32/32, 17/64, 15/64, 2/128, 0/128).

        Examples:
          eml regress data.csv --target z
          eml regress data.csv --max-k 17 --time-limit 120 --json
          eml regress data.csv --shard 2/8 --json > part2.jsonl   # part 2 of 8; then:
          eml regress --merge part*.jsonl
        """
    )

    @Argument(help: "CSV file with a header row, or - for stdin; with --merge, the shards' --json outputs.") var inputs: [String] = []
    @Option(help: "The column to fit (default: the last).") var target: String?
    @Option(help: "enumerate, gradient (the paper's trainer, in the engine), or auto: enumeration, then gradient search at rising depth while time is left (default auto).") var method: RegressionMethod = .auto
    @Option(parsing: .unconditional, help: "Tree depth of the gradient search (1…8; default 3; with auto, the deepest tried, default 5).") var depth: Int?
    @Option(parsing: .unconditional, help: "Restarts of the gradient search per depth, on all cores (1…100000; default 16).") var restarts = 16
    @Option(name: .customLong("max-k"), parsing: .unconditional, help: "Largest tree size K enumerated (odd, 1…31; default 15).") var maxK = 15
    @Option(name: .customLong("time-limit"), parsing: .unconditional, help: "Seconds before the enumeration stops (default 60).") var timeLimit = 60.0
    @Option(parsing: .unconditional, help: "Seed of the held-out split (default 1).") var seed: UInt64 = 1
    @Option(help: "CSV of held-out rows (same columns) instead of a seeded 20%.") var test: String?
    @Option(help: "The true formula, over the column names: an exact fit must also equal it at 1000 fresh points to 60 digits.") var truth: String?
    @Option(help: "Write an SVG picture: the Pareto front and the best fit against the data.") var svg: String?
    @Option(parsing: .unconditional, help: "Megabytes the search may use (384…1048576; default 1024: about 2·10^6 functions).") var memory = 1024
    @Option(parsing: .unconditional, help: "Threads for the enumeration (default: all cores).") var threads = ParallelMap.availableCores
    @Option(help: "Run part K of N of the search (1…N): the enumeration's last level and the meet in the middle split by blocks, the gradient restarts by number (r mod N); join the parts' --json outputs with --merge.") var shard: String?
    @Flag(help: "Join the --json outputs of a sharded search (the files given) into one front.") var merge = false
    @Flag(help: "One JSON object per candidate: eml, formula, k, depth, train_rmse, test_rmse, max_relative_error, verdict.") var json = false

    static let maximumRows = 1_000_000

    var data: String { inputs.first ?? "-" }

    /// --shard K/N as (index from 0, count).
    var shardPart: (index: Int, count: Int) {
        get throws {
            guard let shard else { return (0, 1) }
            guard let part = ShardOption.parse(shard) else { throw ValidationError(ShardOption.message(shard)) }
            return part
        }
    }

    func validate() throws {
        _ = try shardPart
        if merge {
            guard !inputs.isEmpty else { throw ValidationError("--merge needs the shards' --json output files") }
        } else {
            guard inputs.count <= 1 else { throw ValidationError("one data file, not \(inputs.count) (did you mean --merge?)") }
        }
        guard (1...31).contains(maxK), maxK % 2 == 1 else { throw ValidationError("--max-k must be odd and between 1 and 31, not \(maxK)") }
        if let depth { guard (1...8).contains(depth) else { throw ValidationError("--depth must be between 1 and 8, not \(depth) (a full tree of depth d has 2^(d+1) − 1 nodes)") } }
        guard (1...100_000).contains(restarts) else { throw ValidationError("--restarts must be between 1 and 100000, not \(restarts)") }
        guard (384...1_048_576).contains(memory) else { throw ValidationError("--memory must be between 384 and 1048576 megabytes, not \(memory)") }
        guard (1...256).contains(threads) else { throw ValidationError("--threads must be between 1 and 256, not \(threads)") }
        guard timeLimit > 0, timeLimit <= 86_400 else { throw ValidationError("--time-limit must be between 0 and 86400 seconds, not \(timeLimit)") }
    }

    func run() throws {
        if merge { return try runMerge() }
        do {
            let table = try CSVTable(path: data)
            let targetColumn = try table.column(named: target)
            let variables = table.header.indices.filter { $0 != targetColumn }.map { table.header[$0] }
            let split = { (t: CSVTable) -> ([[Double]], [Double]) in
                (t.rows.map { row in row.indices.filter { $0 != targetColumn }.map { row[$0] } }, t.rows.map { $0[targetColumn] })
            }
            let (inputs, values) = split(table)
            guard inputs.count >= 2 else { throw RegressError("\(data): \(inputs.count) data row\(inputs.count == 1 ? "" : "s"); a fit needs at least 2") }
            let problem: RegressionData
            if let test {
                let held = try CSVTable(path: test)
                guard held.header == table.header else { throw RegressError("\(test): its columns \(held.header) are not those of \(data), \(table.header)") }
                let (ti, tv) = split(held)
                problem = RegressionData(variables: variables, trainInputs: inputs, trainTarget: values, testInputs: ti, testTarget: tv)
            } else {
                problem = RegressionData(variables: variables, inputs: inputs, target: values, seed: seed)
            }
            var truthExpression: MathExpression? = nil
            if let truth {
                do {
                    truthExpression = try EML.parse(truth, freeVariables: true)
                } catch { throw RegressError("--truth: \(error.description)") }
                let unknown = Set(truthExpression!.freeVariables).subtracting(variables)
                guard unknown.isEmpty else { throw RegressError("--truth names \(unknown.sorted().joined(separator: ", ")), which no column is; the variables are \(variables.joined(separator: ", "))") }
            }
            let start = Date()
            // A progress line on a terminal: the level, trees formed and per second, functions kept, time left.
            let showProgress = standardErrorIsTerminal
            var result: RegressionResult? = nil
            var trees: [EMLTree] = []
            if method != .gradient {
                let enumeration = Regression.enumerate(problem, limits: .init(maximumK: maxK, maximumEntries: Enumeration.Limits.entries(forMegabytes: memory),
                                                                             timeLimit: method == .auto ? timeLimit / 2 : timeLimit,
                                                                             threads: threads, shard: try shardPart), truth: truthExpression) { p in
                    if showProgress && p.elapsed > 0.5 {
                        printErrorInline(String(format: "\r\u{1B}[Kenumerating K = %d: %d trees (%.0f/s), %d functions, %.0f s of at most %.0f",
                                                p.k, p.treesFormed, Double(p.treesFormed) / p.elapsed, p.distinctFunctions, p.elapsed, timeLimit))
                    }
                    return true
                }
                result = enumeration
                trees = enumeration.trees
            }
            var gradientSummary: String? = nil
            if method == .gradient || (method == .auto && !(result?.front.contains { $0.verdict == .exact } ?? false)) {
                let depths = method == .gradient ? [depth ?? 3] : Array(2...(depth ?? 5))
                var done: [String] = [], rejected = 0
                var exactCache: [String: Bool] = [:]
                for d in depths {
                    // auto stops on an exact fit, and before a depth once half its time is gone.
                    if method == .auto && Date().timeIntervalSince(start) > 0.75 * timeLimit { break }
                    if showProgress { printErrorInline("\r\u{1B}[Kgradient search: depth \(d), \(restarts) restarts…") }
                    let run = Regression.gradient(problem, depth: d, restarts: restarts, seed: seed, threads: threads, shard: try shardPart)
                    trees += run.trees.map(\.0)
                    rejected += run.rejectedSteps
                    // A recovery: a restart whose snapped tree is exact in MPC (each distinct tree checked once).
                    let recovered = run.trees.filter { tree, train in
                        guard train <= 1e-9 * max(1, problem.trainTarget.map(abs).max() ?? 1) else { return false }
                        let key = (try? tree.formatted(.eml)) ?? ""
                        if let known = exactCache[key] { return known }
                        let exact = Regression.isExactInMPFR(tree, problem)
                        exactCache[key] = exact
                        return exact
                    }.count
                    done.append("depth \(d) (\(recovered) of \(run.trees.count) exact)")
                    if method == .auto && recovered > 0 { break }
                }
                gradientSummary = "gradient search, \(restarts) restarts\(shard.map { " (part \($0) of them)" } ?? "") at \(done.joined(separator: ", ")): \(rejected) steps taken back for NaN or overflow"
            }
            if showProgress { printErrorInline("\r\u{1B}[K") }
            let front = Regression.front(trees, problem, truth: truthExpression, formulas: result?.formulas ?? [:])
            let seconds = Date().timeIntervalSince(start)
            report(front, result, gradientSummary, problem, table.header[targetColumn], seconds)
            if let svg {
                do { try RegressionPicture.svg(front, problem, target: table.header[targetColumn]).write(toFile: svg, atomically: true, encoding: .utf8) } catch {
                    throw RegressError("cannot write \(svg): \(error.localizedDescription)")
                }
            }
        } catch let error as RegressError {
            printError("error: \(error.message)")
            throw ExitCode(1)
        }
    }

    func report(_ front: [RegressionCandidate], _ result: RegressionResult?, _ gradient: String?, _ problem: RegressionData,
                _ targetName: String, _ seconds: Double) {
        if json {
            for c in front {
                let record: [String: Any] = ["eml": c.eml, "formula": c.formula, "k": c.k, "depth": c.depth,
                                             "train_rmse": c.trainRMSE, "test_rmse": c.testRMSE,
                                             "max_relative_error": c.maxRelativeError, "verdict": c.verdict.rawValue,
                                             "note": c.note.map { $0 as Any } ?? NSNull()]
                if let data = try? JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]) { print(String(decoding: data, as: UTF8.self)) }
            }
            return
        }
        print("target \(targetName) over \(problem.variables.joined(separator: ", ")): \(problem.trainTarget.count) training points, \(problem.testTarget.count) held out")
        if let result {
            let stop: String
            switch result.stop {
            case .completed: stop = result.largestCompleteK < maxK ? "stopped after an exact fit at K = \(result.largestCompleteK)" : "every tree with K ≤ \(maxK)"
            case .timeLimit(let k): stop = "time limit reached in K = \(k) (every tree with K ≤ \(result.largestCompleteK) done)"
            case .cancelled(let k): stop = "stopped in K = \(k)"
            case .entryLimit(let k): stop = "--memory \(memory) MB (\(Enumeration.Limits.entries(forMegabytes: memory)) distinct functions) reached in K = \(k) (every tree with K ≤ \(result.largestCompleteK) done)"
            }
            print("enumerated \(result.treesFormed) trees, \(result.distinctFunctions) distinct functions: \(stop)")
        }
        if let gradient { print(gradient) }
        print(String(format: "%.2f s. Pareto front, K against held-out RMSE:", seconds))
        for c in front {
            print(String(format: "  K %2d  depth %2d  train RMSE %.3g  test RMSE %.3g  max rel. error %.3g  %@", c.k, c.depth, c.trainRMSE, c.testRMSE, c.maxRelativeError, c.verdict.rawValue))
            print("    \(c.formula)")
            print("    \(c.eml)")
            if let note = c.note { print("    \(note)") }
        }
        if !front.contains(where: { $0.verdict == .exact }) {
            print("no exact formula found (a formula that needs a numeric constant the search did not build is approximate here)")
        }
    }
}

enum RegressionMethod: String, ExpressibleByArgument { case enumerate, gradient, auto }

extension Regress {
    /// The shards' JSON lines joined: per K the best training fit, then the Pareto filter on held-out error.
    func runMerge() throws {
        var records: [(record: [String: Any], line: String)] = []
        for file in inputs {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { printError("error: cannot read \(file)"); throw ExitCode(1) }
            for (n, line) in text.split(separator: "\n").enumerated() where !line.isEmpty {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      object["k"] is Int, object["train_rmse"] is Double, object["test_rmse"] is Double, object["eml"] is String else {
                    printError("error: \(file), line \(n + 1): not a candidate of eml regress --json")
                    throw ExitCode(1)
                }
                records.append((object, String(line)))
            }
        }
        var front = Regression.paretoFront(records, k: { $0.record["k"] as! Int }, train: { $0.record["train_rmse"] as! Double },
                                           test: { $0.record["test_rmse"] as! Double }, text: { $0.record["eml"] as! String })
        // As in one search: the front ends at its first exact fit.
        if let exact = front.firstIndex(where: { $0.record["verdict"] as? String == "exact" }) { front = Array(front[...exact]) }
        for (r, line) in front {
            if json {
                print(line)  // the part's own line: its numbers as written, not re-printed
            } else {
                print(String(format: "  K %2d  depth %2d  train RMSE %.3g  test RMSE %.3g  %@", r["k"] as! Int, (r["depth"] as? Int) ?? 0,
                             r["train_rmse"] as! Double, r["test_rmse"] as! Double, (r["verdict"] as? String) ?? "?"))
                print("    \((r["formula"] as? String) ?? "")")
                print("    \(r["eml"] as! String)")
            }
        }
    }
}

struct RegressError: Error { let message: String; init(_ m: String) { message = m } }

/// A CSV file of numbers with a header row, every field checked: one message naming the file, row and column.
struct CSVTable {
    let header: [String]
    let rows: [[Double]]

    init(path: String) throws {
        let name = path == "-" ? "stdin" : path
        guard let stream = InputStream(fileAtPath: path == "-" ? "/dev/stdin" : path) else { throw RegressError("cannot open \(path)") }
        let reader: CSVReader
        do { reader = try CSVReader(stream: stream, hasHeaderRow: true, trimFields: true) } catch {
            throw RegressError(FileManager.default.fileExists(atPath: path) || path == "-" ? "\(name): no header row (the file is empty or unreadable)" : "cannot open \(path)")
        }
        guard let header = reader.headerRow, !header.isEmpty, !(header.count == 1 && header[0].isEmpty) else { throw RegressError("\(name): no header row") }
        guard Set(header).count == header.count else { throw RegressError("\(name): repeated column names in the header \(header)") }
        var rows: [[Double]] = []
        var line = 1
        while let fields = reader.next() {
            line += 1
            if fields.count == 1 && fields[0].isEmpty { continue }  // a blank line
            guard fields.count == header.count else { throw RegressError("\(name), row \(line): \(fields.count) fields, the header has \(header.count)") }
            var row: [Double] = []
            for (k, field) in fields.enumerated() {
                guard let x = Double(field) else { throw RegressError("\(name), row \(line), column \(header[k]): '\(field.prefix(40))' is not a number") }
                guard x.isFinite else { throw RegressError("\(name), row \(line), column \(header[k]): \(field) is not finite; the data must be finite numbers") }
                row.append(x)
            }
            rows.append(row)
            guard rows.count <= Regress.maximumRows else { throw RegressError("\(name): more than \(Regress.maximumRows) rows; the limit keeps the fit's checks bounded (sample the data)") }
        }
        // CSV.swift reports the end of the stream as cannotReadFile: only another error is one.
        if let error = reader.error {
            if case CSVError.cannotReadFile = error {} else { throw RegressError("\(name): \(error)") }
        }
        guard !rows.isEmpty else { throw RegressError("\(name): no data rows after the header") }
        self.header = header
        self.rows = rows
    }

    func column(named name: String?) throws -> Int {
        guard let name else { return header.count - 1 }
        guard let k = header.firstIndex(of: name) else { throw RegressError("no column '\(name)' in the header \(header)") }
        return k
    }
}
