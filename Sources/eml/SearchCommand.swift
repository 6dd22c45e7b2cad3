import ArgumentParser
import EMLKit
import EMLSearch
import Foundation
import NumericKernels

extension ShortestForm.Semantics: ExpressibleByArgument {}

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "The shortest EML forms of a constant or a function, by exhaustive search in order of K, verified in MPC.",
        discussion: """
        Enumerates every EML tree over 1 and the target's variables in order of K (leaves + eml nodes), keeping one tree per function at the probe points (transcendental points: γ, Catalan's G, ζ(3), …, positive reals), and after each level pairs every kept tree A with the B that eml(A, B) = target needs, B = exp(e^A − t), looked up among the kept values (meet in the middle). Candidates that match the target at the probes in complex double are verified in MPC at 256 bits against the target's certified value at 24 fresh points (x > 0), then also tried at negative and complex points to say where the form holds. With every tree up to K_t enumerated, every tree of K ≤ K_t + 2 has been tried: a verified form within that reach is the shortest (up to equality at the probes), and a search that ends without one proves "no form with K ≤ K_t + 2". Spines reach further without proof: roots whose one child is small (1, a variable, a function of K 3), peeled step by step (eml(T, v) = t needs T = Ln(t + Ln v), eml(v, T) = t needs T = exp(e^v − t)) until what is left is in the table; a form found so past the reach is printed with "shortest not established".

        The eml operator's logarithm has arg in [−π, π) (the engine's convention, which makes the derived ln principal), so forms are those that evaluate right in `eml eval --mode eml`; where the paper's search used the other side of the cut its K can differ (1/2 in IEEE semantics: 31 here, 35 there).

        Examples:
          eml search 0                          # K = 7
          eml search -1 --semantics extended    # K = 15 (ln 0 = −∞ allowed)
          eml search 'x*y'                      # K = 17
          eml search 'x^y' --max-k 25           # K = 25 (a spine, 4 s); none ≤ 17
          eml search pi --max-k 41 --time-limit 600 --memory 4096
        """
    )

    @Argument(parsing: .allUnrecognized, help: "A constant (pi, i, sqrt(2), -1) or an expression in x (and y); a leading - is fine.") var targetWords: [String] = []
    var target: String { droppingOptionTerminator(targetWords).joined(separator: " ") }
    @Option(name: .customLong("max-k"), parsing: .unconditional, help: "Largest K sought (odd, 3…61; default 35).") var maxK = 35
    @Option(help: "Leaves: 1 and variables, comma-separated (default: 1 and the target's variables).") var leaves: String?
    @Option(help: "ieee (no ln 0: every intermediate finite) or extended (ln 0 = −∞, e^−∞ = 0).") var semantics: ShortestForm.Semantics = .ieee
    @Option(name: .customLong("time-limit"), parsing: .unconditional, help: "Seconds before the enumeration stops (default 60).") var timeLimit = 60.0
    @Option(parsing: .unconditional, help: "Megabytes the tables may use (256…1048576; default 1024).") var memory = 1024
    @Option(parsing: .unconditional, help: "Threads (default: all cores).") var threads = ParallelMap.availableCores
    @Option(help: "Save the table after every complete level to this file (replaced whole each time).") var checkpoint: String?
    @Option(help: "Go on from a checkpoint file, from the level after its last (and keep saving to it).") var resume: String?
    @Option(help: "Run part K of N (1…N): the table's top level is split between the parts by blocks; join their --json outputs with --merge.") var shard: String?
    @Flag(help: "Join the --json outputs of a sharded search (the files given after the flag) into one result.") var merge = false
    @Flag(help: "One JSON object: target, found, k, depth, eml, semantics, holds_on, shortest, proven_k, trees, distinct_per_k, seconds.") var json = false

    func run() throws {
        if merge { return runMerge() }
        guard !target.isEmpty else { return fail("give a target: a constant such as pi or an expression in x (and y)") }
        guard maxK % 2 == 1, (3...61).contains(maxK) else { return fail("--max-k must be odd and between 3 and 61, not \(maxK)") }
        guard (256...1_048_576).contains(memory) else { return fail("--memory must be between 256 and 1048576 megabytes, not \(memory)") }
        guard (1...256).contains(threads) else { return fail("--threads must be between 1 and 256, not \(threads)") }
        guard timeLimit > 0, timeLimit <= 86_400 else { return fail("--time-limit must be between 0 and 86400 seconds, not \(timeLimit)") }
        let expression: MathExpression
        do { expression = try EML.parse(target, freeVariables: true) } catch {
            return fail("target '\(target)': \(error.description)\(error.position.map { " (at byte \($0))" } ?? "")")
        }
        // A target with no EML form (Bessel functions, float formats) has nothing to search for.
        do { _ = try Session().compile(target) } catch { return fail("target '\(target)' has no EML form: \(error.description)") }
        var variables = expression.freeVariables
        let leafNames = leaves?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        // Variables are x, y, z or names --leaves gives; any other name is a typo of a constant or function.
        let allowed = Set(["x", "y", "z"] + (leafNames ?? []))
        for name in variables where !allowed.contains(name) {
            let hint = FunctionTable.suggestion(for: name).map { " (did you mean \($0)?)" } ?? ""
            return fail("unknown name '\(name)' in the target\(hint); variables are x, y, z or those --leaves names")
        }
        if let names = leafNames {
            guard names.contains("1") else { return fail("--leaves must include 1") }
            let given = names.filter { $0 != "1" }
            let missing = Set(variables).subtracting(given)
            guard missing.isEmpty else { return fail("--leaves lacks the target's variable\(missing.count == 1 ? "" : "s") \(missing.sorted().joined(separator: ", "))") }
            guard given.count <= 3 else { return fail("--leaves: at most 3 variables") }
            variables = given
        }
        do { try ShortestForm.checkTarget(.init(text: target, expression: expression, variables: variables)) } catch { return fail(error.description) }
        var options = ShortestForm.Options()
        if let shard {
            guard let part = ShardOption.parse(shard) else { return fail(ShardOption.message(shard)) }
            options.shard = part
        }
        options.maximumK = maxK
        options.semantics = semantics
        options.timeLimit = timeLimit
        options.threads = threads
        // Bytes per kept function: its probe values (16 per probe) and the tables' share.
        let probes = variables.isEmpty ? 1 : 8
        options.maximumEntries = max(10_000, (memory - 192) * (1 << 20) / (16 * probes + 150))
        let showProgress = standardErrorIsTerminal
        var last = 0.0
        var snapshot: Enumeration.Snapshot? = nil
        if let resume {
            do { snapshot = try SearchCheckpoint.read(resume, target: target, semantics: semantics.rawValue) } catch { return fail(error.message) }
            guard snapshot!.variables == variables else { return fail("\(resume) was saved with the leaves \(snapshot!.variables), not \(variables)") }
        }
        let savePath = checkpoint ?? resume
        var saveError: String? = nil
        let save: ((Enumeration, Int) -> Void)? = savePath.map { path in
            { (table: Enumeration, k: Int) -> Void in
                do { try SearchCheckpoint.write(table.snapshot(after: k), target: target, semantics: semantics.rawValue, to: path) } catch { saveError = "\(error)" }
            }
        }
        let result = ShortestForm.search(.init(text: target, expression: expression, variables: variables), options: options, resume: snapshot,
                                         checkpoint: save) { p in
            if showProgress && p.elapsed - last > 0.25 {
                last = p.elapsed
                printErrorInline(String(format: "\r\u{1B}[Ksearching K = %d: %d trees (%.0f/s), %d distinct values, %.0f s of at most %.0f",
                                        p.k, p.treesFormed, Double(p.treesFormed) / max(p.elapsed, 1e-9), p.distinct, p.elapsed, timeLimit))
            }
            return true
        }
        if showProgress { printErrorInline("\r\u{1B}[K") }
        if let saveError { printError("warning: \(saveError)") }
        let stopText: String
        switch result.stop {
        case .completed: stopText = "completed"
        case .entryLimit(let k): stopText = "stopped at K = \(k) by --memory"
        case .timeLimit(let k): stopText = "stopped at K = \(k) by --time-limit"
        case .cancelled(let k): stopText = "cancelled at K = \(k)"
        }
        let found = result.form.map { f in
            SearchReport.Found(k: f.k, depth: f.depth, eml: (try? f.tree.formatted(.eml)) ?? "(too large to print)",
                               holds: f.regions.filter(\.holds).map(\.name), fails: f.regions.filter { !$0.holds }.map(\.name))
        }
        let report = SearchReport(target: target, semantics: semantics.rawValue, maxK: maxK, shard: (options.shard.index + 1, options.shard.count),
                                  completed: result.stop == .completed, lastLevel: result.lastLevel, found: found, provenK: result.provenK,
                                  trees: result.treesFormed, distinctPerK: result.distinctPerK, rejected: result.rejectedCandidates,
                                  stopText: stopText, seconds: result.seconds)
        print(json ? report.json() : report.text())
    }

    /// `--merge`: the parts' JSON, checked to be one search, joined: the shortest verified form of any part,
    /// and a reach every part backs (all parts complete: one level past their shared top level).
    func runMerge() {
        var parts: [SearchReport] = []
        for path in droppingOptionTerminator(targetWords) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return fail("cannot read \(path)") }
            for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let r = SearchReport(json: String(line)) else { return fail("\(path): not a line of eml search --json") }
                parts.append(r)
            }
        }
        guard let first = parts.first else { return fail("--merge needs the parts' --json outputs") }
        for p in parts where p.target != first.target || p.semantics != first.semantics || p.maxK != first.maxK || p.shard.count != first.shard.count {
            return fail("the parts are not one search: \(p.target) (\(p.semantics), max K \(p.maxK), \(p.shard.count) parts) against \(first.target) (\(first.semantics), max K \(first.maxK), \(first.shard.count) parts)")
        }
        let have = Set(parts.map(\.shard.index))
        let missing = (1...first.shard.count).filter { !have.contains($0) }
        guard missing.isEmpty else { return fail("missing part\(missing.count == 1 ? "" : "s") \(missing.prefix(10).map(String.init).joined(separator: ", ")) of \(first.shard.count)") }
        let found = parts.compactMap(\.found).min { ($0.k, $0.eml.count, $0.eml) < ($1.k, $1.eml.count, $1.eml) }
        let allComplete = parts.allSatisfy(\.completed)
        let proven = allComplete ? min(parts.map(\.lastLevel).min()! + 2, first.maxK) : parts.map(\.provenK).min()!
        // Levels below the top are the same in every part; the top level is split, so its parts add up
        // (an upper bound: a value two parts both formed is counted twice).
        var perK: [Int: Int] = [:]
        for p in parts { for (k, n) in p.distinctPerK { perK[k] = k == p.lastLevel && first.shard.count > 1 ? (perK[k] ?? 0) + n : max(perK[k] ?? 0, n) } }
        let merged = SearchReport(target: first.target, semantics: first.semantics, maxK: first.maxK, shard: (1, 1), completed: allComplete,
                                  lastLevel: parts.map(\.lastLevel).min()!, found: found, provenK: proven, trees: parts.map(\.trees).reduce(0, +),
                                  distinctPerK: perK, rejected: parts.map(\.rejected).reduce(0, +),
                                  stopText: allComplete ? "\(parts.count) parts completed" : "some parts stopped early", seconds: parts.map(\.seconds).max()!)
        print(json ? merged.json() : merged.text())
    }

    func fail(_ message: String) {
        printError("error: \(message)")
        Foundation.exit(1)
    }

}

/// What `eml search` prints, from one run or from joined parts.
struct SearchReport {
    struct Found { let k: Int; let depth: Int; let eml: String; let holds: [String]; let fails: [String] }
    let target: String, semantics: String, maxK: Int
    let shard: (index: Int, count: Int)
    let completed: Bool
    let lastLevel: Int
    let found: Found?
    let provenK: Int, trees: Int
    let distinctPerK: [Int: Int]
    let rejected: Int
    let stopText: String
    let seconds: Double

    var isShortest: Bool { found.map { $0.k <= provenK } ?? false }

    func text() -> String {
        let perK = distinctPerK.keys.sorted().map { "\($0): \(distinctPerK[$0]!)" }.joined(separator: ", ")
        let part = shard.count > 1 ? " [part \(shard.index) of \(shard.count)]" : ""
        guard let f = found else {
            return "\(target): no form with K ≤ \(provenK) (\(semantics) semantics)\(part)\n"
                + "  \(trees) trees formed, distinct values per K: \(perK); \(rejected) candidates failed verification; \(stopText); \(String(format: "%.2f", seconds)) s"
        }
        return "\(target): K = \(f.k), depth \(f.depth), \(semantics) semantics\(part) ("
            + (isShortest ? "shortest: every tree of K ≤ \(provenK) was tried)" : "shortest not established: every tree of K ≤ \(provenK) was tried)") + "\n"
            + "  \(f.eml)\n"
            + "  verified in MPC at 256 bits on: \(f.holds.joined(separator: ", "))" + (f.fails.isEmpty ? "" : "; not on: \(f.fails.joined(separator: ", "))") + "\n"
            + "  \(trees) trees formed, distinct values per K: \(perK); \(stopText); \(String(format: "%.2f", seconds)) s"
    }

    func json() -> String {
        var fields = ["\"target\": \(JSONText.string(target))", "\"semantics\": \(JSONText.string(semantics))", "\"max_k\": \(maxK)",
                      "\"shard\": \"\(shard.index)/\(shard.count)\"", "\"completed\": \(completed)", "\"last_level\": \(lastLevel)",
                      "\"found\": \(found != nil)", "\"proven_k\": \(provenK)", "\"shortest\": \(isShortest)", "\"trees\": \(trees)",
                      "\"distinct_per_k\": {\(distinctPerK.keys.sorted().map { "\"\($0)\": \(distinctPerK[$0]!)" }.joined(separator: ", "))}",
                      "\"rejected_candidates\": \(rejected)", "\"stop\": \(JSONText.string(stopText))", "\"seconds\": \(String(format: "%.3f", seconds))"]
        if let f = found {
            fields += ["\"k\": \(f.k)", "\"depth\": \(f.depth)", "\"eml\": \(JSONText.string(f.eml))",
                       "\"holds_on\": [\(f.holds.map(JSONText.string).joined(separator: ", "))]", "\"fails_on\": [\(f.fails.map(JSONText.string).joined(separator: ", "))]"]
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    init(target: String, semantics: String, maxK: Int, shard: (Int, Int), completed: Bool, lastLevel: Int, found: Found?, provenK: Int,
         trees: Int, distinctPerK: [Int: Int], rejected: Int, stopText: String, seconds: Double) {
        (self.target, self.semantics, self.maxK, self.shard, self.completed, self.lastLevel) = (target, semantics, maxK, shard, completed, lastLevel)
        (self.found, self.provenK, self.trees, self.distinctPerK, self.rejected, self.stopText, self.seconds) = (found, provenK, trees, distinctPerK, rejected, stopText, seconds)
    }

    /// A line of `--json` output read back.
    init?(json line: String) {
        guard let d = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
              let target = d["target"] as? String, let semantics = d["semantics"] as? String, let maxK = d["max_k"] as? Int,
              let shardText = d["shard"] as? String, let completed = d["completed"] as? Bool, let lastLevel = d["last_level"] as? Int,
              let provenK = d["proven_k"] as? Int, let trees = d["trees"] as? Int else { return nil }
        let sp = shardText.split(separator: "/").compactMap { Int($0) }
        guard sp.count == 2 else { return nil }
        var found: Found? = nil
        if d["found"] as? Bool == true {
            guard let k = d["k"] as? Int, let depth = d["depth"] as? Int, let eml = d["eml"] as? String else { return nil }
            found = Found(k: k, depth: depth, eml: eml, holds: d["holds_on"] as? [String] ?? [], fails: d["fails_on"] as? [String] ?? [])
        }
        var perK: [Int: Int] = [:]
        for (k, v) in d["distinct_per_k"] as? [String: Int] ?? [:] { if let key = Int(k) { perK[key] = v } }
        self.init(target: target, semantics: semantics, maxK: maxK, shard: (sp[0], sp[1]), completed: completed, lastLevel: lastLevel,
                  found: found, provenK: provenK, trees: trees, distinctPerK: perK, rejected: d["rejected_candidates"] as? Int ?? 0,
                  stopText: d["stop"] as? String ?? "", seconds: d["seconds"] as? Double ?? 0)
    }
}
