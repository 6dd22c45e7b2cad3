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
    static func command(_ arguments: [String]) -> ParsableCommand? {
        // No subcommand is the REPL, whose root parse reflects all nine commands' options.
        guard let name = arguments.first else { return repl([]) }
        let rest = Array(arguments.dropFirst())
        switch name {
        case Repl.configuration.commandName: return repl(rest)
        case Eval.configuration.commandName: return eval(rest)
        case BesselCommand.configuration.commandName: return bessel(rest)
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

        /// The option's integer, `default` when absent; nil (not plain) when malformed.
        func integer(_ name: String, default value: Int) -> Int? {
            guard let text = self[name] else { return value }
            return Int(text)
        }
    }

    /// --digits, --prec and --mode.
    static func precision(_ words: Words) -> PrecisionOptions? {
        var options = PrecisionOptions()
        if let text = words["--digits"] { guard let d = Int(text) else { return nil }; options.digits = d } else { options.digits = nil }
        if let text = words["--prec"] { guard let p = Int(text) else { return nil }; options.prec = p } else { options.prec = nil }
        if let text = words["--mode"] { guard let m = EvaluationMode(rawValue: text) else { return nil }; options.mode = m } else { options.mode = .direct }
        return (try? options.resolvedDigits()) != nil ? options : nil
    }

    static func repl(_ arguments: [String]) -> Repl? {
        guard let words = Words(arguments, valued: ["--digits", "--prec", "--mode"], flags: []), words.operands.isEmpty,
              let options = precision(words)
        else { return nil }
        var command = Repl()
        command.options = options
        return command
    }

    static func eval(_ arguments: [String]) -> Eval? {
        guard let words = Words(arguments, valued: ["--digits", "--prec", "--mode", "--threads"], flags: ["--json"]),
              let threads = words.integer("--threads", default: ParallelMap.availableCores),
              let options = precision(words)
        else { return nil }
        var command = Eval()
        command.options = options
        command.json = words.flags.contains("--json")
        command.threads = threads
        command.expressions = words.operands
        // A rejected value is left to ArgumentParser, whose message names it.
        guard (try? command.validate()) != nil else { return nil }
        return command
    }

    static func bessel(_ arguments: [String]) -> BesselCommand? {
        guard let words = Words(arguments, valued: ["--digits", "--threads"], flags: ["--double", "--binary"]),
              let kindName = words.operands.first, let kind = LogBessel.Kind(rawValue: kindName),
              let digits = words.integer("--digits", default: 30),
              let threads = words.integer("--threads", default: ParallelMap.availableCores)
        else { return nil }
        var command = BesselCommand()
        command.kind = kind
        command.values = Array(words.operands.dropFirst())
        command.double = words.flags.contains("--double")
        command.binary = words.flags.contains("--binary")
        command.digits = digits
        command.threads = threads
        guard (try? command.validate()) != nil else { return nil }
        return command
    }
}
