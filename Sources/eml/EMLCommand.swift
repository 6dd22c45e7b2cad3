import ArgumentParser
import EMLKit
import Foundation
import NumericKernels

@main
struct EMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eml",
        abstract: "Every digit right: an expression evaluator built on eml(x, y) = exp(x) − ln(y) and MPFR.",
        discussion: """
        With no subcommand, starts the REPL (reads plain lines when stdin is not a terminal).

        Examples:
          eml eval 'sin(1e-20)' 'ln(-2)' '(-8)^(1/3)'
          eml eval --digits 64 --mode eml 'arcsin(1)'
          echo 'atan2(1, 2)' | eml eval --prec 212
          eml compile 'ln(x)'                      # eml(1, eml(eml(1, x), 1))
          eml compile --format wolfram --stats 'x*y'
          eml rope --preset llama-3.1-8b --pipeline S2
          eml rope --config config.json --epsilon 0.5 --json
          eml float bf16 257 0.1
          eml bessel logi 0 1e-300
        """,
        version: EML.version.description,
        subcommands: [Repl.self, Eval.self, Compile.self, Rope.self, FloatCommand.self, BesselCommand.self, Regress.self, Check.self, Search.self],
        defaultSubcommand: Repl.self
    )

    /// ArgumentParser's own usage errors exit 64 (EX_USAGE); `eml check` is a CI gate whose contract is
    /// 0 pass, 2 fail, 1 anything else, so its usage errors exit 1.
    static func main() {
        do {
            if let job = PlainInvocation.job(Array(CommandLine.arguments.dropFirst())) { return try job.run() }
            var command = try parseNamedSubcommand() ?? parseAsRoot()
            try command.run()
        } catch {
            if CommandLine.arguments.dropFirst().first == "check" && exitCode(for: error) == .validationFailure {
                printError(fullMessage(for: error))
                Foundation.exit(1)
            }
            exit(withError: error)
        }
    }

    /// The subcommand named first, parsed on its own: building the root's tree reflects all nine
    /// commands' options, 2–3 ms of a 10 ms start. Whatever it does not accept (help, usage errors, a
    /// failed validation) is parsed again from the root, so every message is ArgumentParser's own.
    static func parseNamedSubcommand() -> ParsableCommand? {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first,
              let command = configuration.subcommands.first(where: { $0.configuration.commandName == name })
        else { return nil }
        return try? command.parseAsRoot(Array(arguments.dropFirst()))
    }
}

/// Options shared by the commands that evaluate.
struct PrecisionOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Significant decimal digits to print (1…100000; default 30).")
    var digits: Int?

    @Option(parsing: .unconditional, help: "Target precision in bits instead of --digits (212 bits = 64 digits).")
    var prec: Int?

    @Option(help: "direct: one MPFR/MPC call per primitive; eml: evaluate the pure EML tree.")
    var mode: EvaluationMode = .direct

    func resolvedDigits() throws -> Int { try Self.resolvedDigits(digits: digits, prec: prec, mode: mode) }

    /// The digits to print: from --prec where given, else --digits (default 30), within the mode's limits.
    static func resolvedDigits(digits: Int?, prec: Int?, mode: EvaluationMode) throws -> Int {
        if let prec {
            guard Evaluator.bitLimit.contains(prec) else {
                throw ValidationError("--prec must be between \(Evaluator.bitLimit.lowerBound) and \(Evaluator.bitLimit.upperBound) bits, not \(prec)")
            }
            return Precision.digits(forBits: prec)
        }
        let d = digits ?? 30
        guard Evaluator.digitLimit.contains(d) else { throw ValidationError("--digits must be between 1 and 100000, not \(d)") }
        if mode == .eml && !Evaluator.emlDigitLimit.contains(d) {
            throw ValidationError("--digits in eml mode must be between 1 and 10000, not \(d) (each of the tree's nodes is a complex exp or log)")
        }
        return d
    }
}

extension EvaluationMode: ExpressibleByArgument {}
extension EMLFormat: ExpressibleByArgument {}

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Print the value of each expression, one line each (stdin, one per line, when none are given).",
        discussion: """
        Output: a real as d.ddd…e±X with N significant digits; a complex as 'A + Bi' or 'A - Bi'; inf, -inf. Every digit is backed by an error bound (Arb balls; for one function of one number, sin(71.0018), a 256-bit fixed-point bound): a part known only to be tiny prints as 0 with its bound, '0 (|x| < 2^-4218)' for sin(pi); what no bound decides is an error, never a guess. The output reads back as input (3 + 4i is an expression). A failing line prints 'error: <reason>' in its place and the exit status is 1. Lines of stdin longer than 65536 bytes are reported and skipped.
        """
    )

    @OptionGroup var options: PrecisionOptions
    @Flag(help: "One JSON object per line: input, value, real, imaginary, digits, working_precision, zero_bound; or error, position.")
    var json = false
    @Option(parsing: .unconditional, help: "Threads for stdin batches (default: all cores).")
    var threads: Int = ParallelMap.availableCores
    @Argument(parsing: .allUnrecognized, help: "Expressions to evaluate (a leading - is fine: -2^2).") var expressions: [String] = []

    func validate() throws { _ = try job() }  // here, so that a message comes with eval's usage
    /// The command's values, plain: what its run reads.
    func job() throws -> EvalJob {
        try EvalJob.check(threads: threads)
        return EvalJob(digits: try options.resolvedDigits(), mode: options.mode, json: json, threads: threads, expressions: expressions)
    }
    func run() throws { try job().run() }
}

/// `eml eval`'s work from plain values (`PlainInvocation` makes one without the command's property wrappers).
struct EvalJob: Equatable {
    let digits: Int
    let mode: EvaluationMode
    let json: Bool
    let threads: Int
    let expressions: [String]

    static func check(threads: Int) throws {
        guard (1...256).contains(threads) else { throw ValidationError("--threads must be between 1 and 256, not \(threads)") }
    }

    func run() throws {
        var session = Session()
        session.digits = digits
        session.mode = mode
        var failed = false
        let json = self.json
        /// The output line of one input line.
        @Sendable func report(_ line: String?, _ outcome: Result<Session.Outcome, EMLError>) -> String {
            // Plain text is printed straight; only --json builds a record.
            guard json else {
                switch outcome {
                case .success(.value(let v, _)): return v.text
                case .success(.defined(let f)): return "\(f.name)(\(f.parameters.joined(separator: ", "))) defined"
                case .failure(let error): return "error: \(error.description)"
                }
            }
            var record: [String: Any] = [:]
            if let line { record["input"] = line }
            switch outcome {
            case .success(.value(let v, _)):
                record["value"] = v.text
                record["real"] = v.real.map { $0.decimalString(digits: v.digits) as Any } ?? "0"
                record["imaginary"] = v.imaginary.map { $0.decimalString(digits: v.digits) as Any } ?? "0"
                record["digits"] = v.digits
                record["working_precision"] = v.workingPrecision
                record["zero_bound"] = v.zeroBound.map { $0 as Any } ?? NSNull()
            case .success(.defined(let f)):
                record["defined"] = f.name
            case .failure(let error):
                record["error"] = error.description
                record["position"] = error.position.map { $0 as Any } ?? NSNull()
            }
            return jsonLine(record)
        }
        @Sendable func jsonLine(_ record: [String: Any]) -> String {
            (try? JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        }
        // A leading `--` ends the options (ArgumentParser passes it through here); it is not an expression.
        let expressions = droppingOptionTerminator(self.expressions)
        if expressions.isEmpty {
            // Blocks of what stdin has ready (up to 4096 lines and 1 MiB), evaluated on all cores, printed in order:
            // one block, one wake of the pool, for a typical batch.
            var input = StandardInput()
            while case let block = input.availableLines(upTo: 4096, bytes: 1 << 20), !block.isEmpty {
                var output: [String] = []
                var start = 0
                while start < block.count {
                    // A line past the length limit is reported in its place, between the blocks around it.
                    let end = block[start...].firstIndex(where: { $0 == nil }) ?? block.count
                    let lines = block[start..<end].map { $0! }
                    // Each line rendered on the thread that evaluated it.
                    for (text, ok) in session.run(batch: lines, threads: threads, render: { k, outcome in
                        (report(lines[k], outcome), (try? outcome.get()) != nil)
                    }) {
                        output.append(text)
                        if !ok { failed = true }
                    }
                    if end < block.count {
                        failed = true
                        let message = input.overlongLine
                        output.append(json ? jsonLine(["error": message]) : "error: \(message)")
                    }
                    start = end + 1
                }
                printLines(output)
                fflushStandardOutput()
            }
        } else {
            for line in expressions {
                let outcome = Result { () throws(EMLError) -> Session.Outcome in try session.run(line) }
                if case .failure = outcome { failed = true }
                print(report(line, outcome))
            }
        }
        if failed { throw ExitCode(1) }
    }
}

struct Compile: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Print the pure EML form of an expression over the leaves 1 and its variables.",
        discussion: "Functions outside the EML catalog are reported as errors."
    )

    @Option(help: "eml, wolfram (EML[1,x]), rpn (1 x E), or dot (Graphviz, shared nodes).")
    var format: EMLFormat = .eml

    @Flag(help: "Also print K (RPN length), eml nodes, leaves, distinct nodes after sharing, and depth.")
    var stats = false

    @Argument(parsing: .allUnrecognized, help: "The expression; unknown names become variables.") var expressionWords: [String]
    var expression: String { droppingOptionTerminator(expressionWords).joined(separator: " ") }

    func run() throws {
        let tree: EMLTree
        do { tree = try Session().compile(expression) } catch {
            printError(error.rendered(source: expression))
            throw ExitCode(1)
        }
        do { print(try tree.formatted(format)) } catch {
            if !stats { printError("error: \(error.description); use --format dot or --stats"); throw ExitCode(1) }
        }
        if stats {
            let s = tree.statistics
            print("K \(formatCount(s.k))")
            print("eml nodes \(formatCount(s.emlNodes))")
            print("leaves \(formatCount(s.leaves))")
            print("distinct nodes \(s.distinctNodes)")
            print("depth \(s.depth)")
        }
    }
}
