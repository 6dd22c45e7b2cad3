import ArgumentParser
import EMLKit
import EMLSearch
import Foundation

extension ShortestForm.Semantics: ExpressibleByArgument {}

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The shortest EML forms of a constant or a function, by exhaustive search in order of K, verified in MPC.",
        discussion: """
        Enumerates every EML tree over 1 and the target's variables in order of K (leaves + eml nodes),
        keeping one tree per function at the probe points (transcendental points: γ, Catalan's G, ζ(3), …,
        positive reals), and after each level pairs every kept tree A with the B that eml(A, B) = target
        needs, B = exp(e^A − t), looked up among the kept values (meet in the middle). Candidates that match
        the target at the probes in complex double are verified in MPC at 256 bits against the target's
        certified value at 24 fresh points (x > 0), then also tried at negative and complex points to say
        where the form holds. With every tree up to K_t enumerated, every tree of K ≤ K_t + 2 has been tried:
        a verified form within that reach is the shortest (up to equality at the probes), and a search that
        ends without one proves "no form with K ≤ K_t + 2".

        The eml operator's logarithm has arg in [−π, π) (the engine's convention, which makes the derived ln
        principal), so forms are those that evaluate right in `eml eval --mode eml`; where the paper's search
        used the other side of the cut its K can differ (1/2 in IEEE semantics: 31 here, 35 there).

        Examples:
          eml search 0                          # K = 7
          eml search -1 --semantics extended    # K = 15 (ln 0 = −∞ allowed)
          eml search 'x*y'                      # K = 17
          eml search pi --max-k 41 --time-limit 600 --memory 4096
        """
    )

    @Argument(parsing: .allUnrecognized, help: "A constant (pi, i, sqrt(2), -1) or an expression in x (and y); a leading - is fine.") var targetWords: [String] = []
    var target: String { targetWords.joined(separator: " ") }
    @Option(name: .customLong("max-k"), parsing: .unconditional, help: "Largest K sought (odd, 3…61; default 35).") var maxK = 35
    @Option(help: "Leaves: 1 and variables, comma-separated (default: 1 and the target's variables).") var leaves: String?
    @Option(help: "ieee (no ln 0: every intermediate finite) or extended (ln 0 = −∞, e^−∞ = 0).") var semantics: ShortestForm.Semantics = .ieee
    @Option(name: .customLong("time-limit"), parsing: .unconditional, help: "Seconds before the enumeration stops (default 60).") var timeLimit = 60.0
    @Option(parsing: .unconditional, help: "Megabytes the tables may use (256…1048576; default 1024).") var memory = 1024
    @Option(parsing: .unconditional, help: "Threads (default: all cores).") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "One JSON object: target, found, k, depth, eml, semantics, holds_on, shortest, proven_k, trees, distinct_per_k, seconds.") var json = false

    func run() throws {
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
        // Variables are x, y, z or names --leaves gives; any other name is a typo of a constant or function.
        let allowed = Set(["x", "y", "z"] + (leaves?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? []))
        for name in variables where !allowed.contains(name) {
            let hint = FunctionTable.suggestion(for: name).map { " (did you mean \($0)?)" } ?? ""
            return fail("unknown name '\(name)' in the target\(hint); variables are x, y, z or those --leaves names")
        }
        if let leaves {
            let names = leaves.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard names.contains("1") else { return fail("--leaves must include 1") }
            let given = names.filter { $0 != "1" }
            let missing = Set(variables).subtracting(given)
            guard missing.isEmpty else { return fail("--leaves lacks the target's variable\(missing.count == 1 ? "" : "s") \(missing.sorted().joined(separator: ", "))") }
            guard given.count <= 3 else { return fail("--leaves: at most 3 variables") }
            variables = given
        }
        var options = ShortestForm.Options()
        options.maximumK = maxK
        options.semantics = semantics
        options.timeLimit = timeLimit
        options.threads = threads
        // Bytes per kept function: its probe values (16 per probe) and the tables' share.
        let probes = variables.isEmpty ? 1 : 8
        options.maximumEntries = max(10_000, (memory - 192) * (1 << 20) / (16 * probes + 150))
        let start = Date()
        let showProgress = standardErrorIsTerminal
        var last = 0.0
        let result = ShortestForm.search(.init(text: target, expression: expression, variables: variables), options: options) { p in
            if showProgress && p.elapsed - last > 0.25 {
                last = p.elapsed
                printErrorInline(String(format: "\r\u{1B}[Ksearching K = %d: %d trees (%.0f/s), %d distinct values, %.0f s of at most %.0f",
                                        p.k, p.treesFormed, Double(p.treesFormed) / max(p.elapsed, 1e-9), p.distinct, p.elapsed, timeLimit))
            }
            return true
        }
        if showProgress { printErrorInline("\r\u{1B}[K") }
        _ = start
        let perK = result.distinctPerK.keys.sorted().map { "\($0): \(result.distinctPerK[$0]!)" }.joined(separator: ", ")
        let stopText: String
        switch result.stop {
        case .completed: stopText = "completed"
        case .entryLimit(let k): stopText = "stopped at K = \(k) by --memory"
        case .timeLimit(let k): stopText = "stopped at K = \(k) by --time-limit"
        case .cancelled(let k): stopText = "cancelled at K = \(k)"
        }
        if json {
            var fields = ["\"target\": \(quote(target))", "\"found\": \(result.form != nil)", "\"semantics\": \(quote(semantics.rawValue))",
                          "\"proven_k\": \(result.provenK)", "\"shortest\": \(result.isShortest)", "\"trees\": \(result.treesFormed)",
                          "\"distinct_per_k\": {\(result.distinctPerK.keys.sorted().map { "\"\($0)\": \(result.distinctPerK[$0]!)" }.joined(separator: ", "))}",
                          "\"rejected_candidates\": \(result.rejectedCandidates)", "\"stop\": \(quote(stopText))",
                          "\"seconds\": \(String(format: "%.3f", result.seconds))"]
            if let f = result.form {
                fields += ["\"k\": \(f.k)", "\"depth\": \(f.depth)", "\"eml\": \(quote((try? f.tree.formatted(.eml)) ?? ""))",
                           "\"holds_on\": [\(f.regions.filter(\.holds).map { quote($0.name) }.joined(separator: ", "))]",
                           "\"fails_on\": [\(f.regions.filter { !$0.holds }.map { quote($0.name) }.joined(separator: ", "))]"]
            }
            print("{" + fields.joined(separator: ", ") + "}")
        } else if let f = result.form {
            print("\(target): K = \(f.k), depth \(f.depth), \(semantics.rawValue) semantics\(result.isShortest ? " (shortest: every tree of K ≤ \(result.provenK) was tried)" : " (shortest not established: every tree of K ≤ \(result.provenK) was tried)")")
            print("  " + ((try? f.tree.formatted(.eml)) ?? "(too large to print)"))
            print("  verified in MPC at 256 bits on: " + f.regions.filter(\.holds).map(\.name).joined(separator: ", ")
                  + (f.regions.contains { !$0.holds } ? "; not on: " + f.regions.filter { !$0.holds }.map(\.name).joined(separator: ", ") : ""))
            print("  \(result.treesFormed) trees formed, distinct values per K: \(perK); \(stopText); \(String(format: "%.2f", result.seconds)) s")
        } else {
            print("\(target): no form with K ≤ \(result.provenK) (\(semantics.rawValue) semantics)")
            print("  \(result.treesFormed) trees formed, distinct values per K: \(perK); \(result.rejectedCandidates) candidates failed verification; \(stopText); \(String(format: "%.2f", result.seconds)) s")
        }
    }

    func fail(_ message: String) {
        printError("error: \(message)")
        Foundation.exit(1)
    }

    func quote(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
