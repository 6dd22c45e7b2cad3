import ArgumentParser
import EMLKit
import Foundation
import NumericKernels
#if canImport(Glibc)
import Glibc
#endif

struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Interactive evaluation with line editing and history (the default command).",
        discussion: "Type :help inside for the commands."
    )

    @OptionGroup var options: PrecisionOptions

    static let help = """
    Enter an expression, an assignment (x = 2.5) or a function (f(t) = t^2 + 1).
    ans is the last value. Commands:
      :digits N          significant digits to print (now %d)
      :prec BITS         set digits from a precision in bits (212 bits = 64 digits)
      :mode direct|eml   evaluate by MPFR/MPC primitives, or through the pure EML tree (now %@)
      :eml EXPR          show the pure EML tree of EXPR and its size
      :help              this text
      :quit              leave (also Ctrl-D)
    Functions: exp ln log log2 log10 sqrt cbrt sin cos tan sec csc cot asin acos atan
      sinh cosh tanh asinh acosh atanh hypot abs eml atan2; constants pi e i.
      Float formats: round(bf16, x) ulp(fp16, x) next(F, x) prev(F, x) ulps(F, a, b).
      Bessel: logbesseli(v, x) logbesselk(v, x) besseli(v, x) besselk(v, x).
    """

    func validate() throws { _ = try options.resolvedDigits() }
    /// The session's settings, plain: what its run reads.
    func job() throws -> ReplJob { ReplJob(digits: try options.resolvedDigits(), mode: options.mode) }
    func run() throws { try job().run() }
}

/// The REPL's work from plain values (`PlainInvocation` makes one without the command's property wrappers).
struct ReplJob: Equatable {
    let digits: Int
    let mode: EvaluationMode

    func run() throws {
        var session = Session()
        session.digits = digits
        session.mode = mode
        let interactive = standardInputIsTerminal
        // History persists in ~/.eml_history (at most 1000 lines), like a shell's.
        let historyFile = interactive ? getenv("HOME").map { String(cString: $0) + "/.eml_history" } : nil
        if interactive {
            print("eml — every printed digit is correct. :help for commands, :quit to leave.")
            LineEditor.start(history: historyFile, limit: 1000)
        }
        defer { if interactive, let historyFile { LineEditor.saveHistory(historyFile) } }
        var input = StandardInput()
        if !interactive { return batches(&input, &session) }
        while let next = nextInteractiveLine() {
            guard let line = next else {
                print("error: \(input.overlongLine)")
                continue
            }
            let trimmed = line.trimmingSpaces()
            if trimmed.isEmpty { continue }
            if interactive { LineEditor.addHistory(line) }
            if trimmed.hasPrefix(":") {
                if !command(trimmed, &session) { break }
            } else {
                evaluate(line, &session, interactive: interactive)
            }
            fflushStandardOutput()
        }
    }

    /// Standard input that is not a terminal: blocks of what is ready, runs of expression lines evaluated on
    /// all cores (`Session.run(batch:threads:render:)`), `:commands` in their place, each block printed at once.
    func batches(_ input: inout StandardInput, _ session: inout Session) {
        let threads = ParallelMap.availableCores
        while case let block = input.availableLines(upTo: 4096, bytes: 1 << 20), !block.isEmpty {
            var output: [String] = []
            var run: [String] = []
            func flush() {
                guard !run.isEmpty else { return }
                let lines = run
                output += session.run(batch: lines, threads: threads) { k, outcome in Self.render(lines[k], outcome) }
                run.removeAll()
            }
            for next in block {
                guard let line = next else {
                    flush()
                    output.append("error: \(input.overlongLine)")
                    continue
                }
                let trimmed = line.trimmingSpaces()
                if trimmed.isEmpty { continue }
                guard trimmed.hasPrefix(":") else { run.append(line); continue }
                flush()
                printLines(output)
                output.removeAll()
                if !command(trimmed, &session) { fflushStandardOutput(); return }
            }
            flush()
            printLines(output)
            fflushStandardOutput()
        }
    }

    /// What the REPL prints for a line's outcome.
    @Sendable static func render(_ line: String, _ outcome: Result<Session.Outcome, EMLError>) -> String {
        switch outcome {
        case .success(.value(let v, let name)): return name.map { "\($0) = \(v.text)" } ?? v.text
        case .success(.defined(let f)): return "\(f.name)(\(f.parameters.joined(separator: ", "))) defined"
        case .failure(let error): return error.rendered(source: line)
        }
    }

    /// The next line typed at the terminal, with line editing.
    func nextInteractiveLine() -> String?? {
        guard let line = LineEditor.readLine(prompt: "eml> ") else { print(""); return nil }
        return line
    }

    func evaluate(_ line: String, _ session: inout Session, interactive: Bool) {
        print(Self.render(line, Result { () throws(EMLError) -> Session.Outcome in try session.run(line) }))
    }

    /// Runs a `:command`; false to quit.
    func command(_ line: String, _ session: inout Session) -> Bool {
        let parts = line.dropFirst().split(separator: " ", maxSplits: 1).map(String.init)
        let name = parts.first ?? ""
        let argument = parts.count > 1 ? parts[1].trimmingSpaces() : ""
        switch name {
        case "quit", "q", "exit": return false
        case "help", "h", "?":
            print(Repl.help.replacingOccurrences(of: "%d", with: "\(session.digits)").replacingOccurrences(of: "%@", with: session.mode.rawValue))
        case "digits":
            guard let n = Int(argument), Evaluator.digitLimit.contains(n) else {
                print("error: :digits takes a whole number from 1 to 100000, not '\(argument)'"); break
            }
            session.digits = n
            print("digits = \(n)")
        case "prec":
            guard let bits = Int(argument), (Precision.minimumBits...332_193).contains(bits) else {
                print("error: :prec takes a whole number of bits from 2 to 332193, not '\(argument)'"); break
            }
            session.digits = Precision.digits(forBits: bits)
            print("digits = \(session.digits) (\(bits) bits)")
        case "mode":
            guard let mode = EvaluationMode(rawValue: argument) else { print("error: :mode takes direct or eml, not '\(argument)'"); break }
            session.mode = mode
            print("mode = \(mode.rawValue)")
        case "eml":
            guard !argument.isEmpty else { print("error: :eml needs an expression"); break }
            do {
                let tree = try session.compile(argument)
                let s = tree.statistics
                if let text = try? tree.formatted(.eml) { print(text) }
                print("K = \(formatCount(s.k)), eml nodes = \(formatCount(s.emlNodes)), distinct nodes = \(s.distinctNodes), depth = \(s.depth)")
            } catch {
                print(error.rendered(source: argument))
            }
        default:
            print("error: unknown command ':\(name)' (:help lists them)")
        }
        return true
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" || c == "\r" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s.removeLast() }
        return String(s)
    }
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
