import ArgumentParser
import Bessel
import EMLKit
import Foundation
import NumericKernels

/// The commands users run in loops, `eml eval`, `eml bessel` and the REPL on a pipe, read without ArgumentParser's
/// reflection of their options: ~11 M instructions, 3 ms of a 7 ms start (callgrind). Only the plain
/// spellings are taken (`--name value` and flags, each at most once, operands not starting with `-`);
/// anything else — help, `--name=value`, an unknown, repeated or malformed option, a failed
/// validation — returns nil and is parsed by ArgumentParser, so every message stays its own.
/// `PlainInvocationTests` checks that each form taken here parses to what ArgumentParser makes of it.
enum PlainInvocation {
    /// What a plain invocation runs: the command's job, made from argv without the command's struct, whose
    /// property wrappers' first use cost 0.4 M instructions of every start (ArgumentParser's option names).
    enum Job: Equatable {
        case eval(EvalJob), repl(ReplJob), bessel(BesselJob)

        func run() throws {
            switch self {
            case .eval(let job): try job.run()
            case .repl(let job): try job.run()
            case .bessel(let job): try job.run()
            }
        }
    }

    static func job(_ arguments: [String]) -> Job? {
        // No subcommand is the REPL, whose root parse reflects all nine commands' options.
        guard let name = arguments.first else { return repl([]).map(Job.repl) }
        let rest = Array(arguments.dropFirst())
        switch name {
        case Repl.configuration.commandName: return repl(rest).map(Job.repl)
        case Eval.configuration.commandName: return eval(rest).map(Job.eval)
        case BesselCommand.configuration.commandName: return bessel(rest).map(Job.bessel)
        default: return nil
        }
    }

    /// Options with a value, flags and operands, in the order given; nil for any other spelling.
    ///
    /// Arrays searched in place, not a Set and a Dictionary: a command that hashes no other String (`eml bessel`)
    /// paid 0.35 M instructions at its start for the runtime to find String's Hashable conformance.
    struct Words {
        var values: [(name: String, value: String)] = []
        var flags: [String] = []
        var operands: [String] = []

        init?(_ arguments: [String], valued: [String], flags known: [String]) {
            var k = 0
            while k < arguments.count {
                let word = arguments[k]
                if valued.contains(word) {
                    guard k + 1 < arguments.count, self[word] == nil else { return nil }
                    values.append((word, arguments[k + 1]))
                    k += 2
                    continue
                }
                if known.contains(word) {
                    guard !flags.contains(word) else { return nil }
                    flags.append(word)
                } else {
                    guard !word.hasPrefix("-") else { return nil }
                    operands.append(word)
                }
                k += 1
            }
        }

        /// The value given to option `name`, if any.
        subscript(_ name: String) -> String? { values.first { $0.name == name }?.value }

        /// The option's integer, `default()` when absent (the core count is read only then); nil (not plain)
        /// when malformed.
        func integer(_ name: String, default value: @autoclosure () -> Int) -> Int? {
            guard let text = self[name] else { return value() }
            return Int(text)
        }
    }

    /// The digits that --digits, --prec and --mode ask for, and the mode; nil where ArgumentParser should say why not.
    static func precision(_ words: Words) -> (digits: Int, mode: EvaluationMode)? {
        var digits: Int? = nil, prec: Int? = nil, mode = EvaluationMode.direct
        if let text = words["--digits"] { guard let d = Int(text) else { return nil }; digits = d }
        if let text = words["--prec"] { guard let p = Int(text) else { return nil }; prec = p }
        if let text = words["--mode"] { guard let m = EvaluationMode(rawValue: text) else { return nil }; mode = m }
        guard let resolved = try? PrecisionOptions.resolvedDigits(digits: digits, prec: prec, mode: mode) else { return nil }
        return (resolved, mode)
    }

    static func repl(_ arguments: [String]) -> ReplJob? {
        guard let words = Words(arguments, valued: ["--digits", "--prec", "--mode"], flags: []), words.operands.isEmpty,
              let (digits, mode) = precision(words)
        else { return nil }
        return ReplJob(digits: digits, mode: mode)
    }

    static func eval(_ arguments: [String]) -> EvalJob? {
        guard let words = Words(arguments, valued: ["--digits", "--prec", "--mode", "--threads"], flags: ["--json"]),
              let threads = words.integer("--threads", default: ParallelMap.availableCores),
              let (digits, mode) = precision(words),
              // A rejected value is left to ArgumentParser, whose message names it.
              (try? EvalJob.check(threads: threads)) != nil
        else { return nil }
        return EvalJob(digits: digits, mode: mode, json: words.flags.contains("--json"), threads: threads, expressions: words.operands)
    }

    static func bessel(_ arguments: [String]) -> BesselJob? {
        guard let words = Words(arguments, valued: ["--digits", "--threads"], flags: ["--double", "--binary"]),
              let kindName = words.operands.first, let kind = LogBessel.Kind(rawValue: kindName),
              let digits = words.integer("--digits", default: 30),
              let threads = words.integer("--threads", default: ParallelMap.availableCores)
        else { return nil }
        let job = BesselJob(kind: kind, values: Array(words.operands.dropFirst()), double: words.flags.contains("--double"),
                            digits: digits, threads: threads, binary: words.flags.contains("--binary"))
        guard (try? job.validate()) != nil else { return nil }
        return job
    }
}
