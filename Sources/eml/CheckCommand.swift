import ArgumentParser
import EMLCheck
import EMLKit
import Foundation
import NumericKernels
import FPCore

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Bits of floating-point error of FPCore programs or expressions against the certified truth: a CI gate.",
        discussion: """
        For each FPCore in the files (FPCore 2.0 without loops or tensors), samples N valid points uniformly over the format's bit patterns within the ranges :pre states (Herbie's sampling), computes the correctly rounded truth on Arb balls (precision raised until the ball rounds to one value, up to 10,000 bits), runs the program in the format (binary64/binary32: the system libm; narrower formats: each operation's exact result rounded once), and reports Herbie's bits of error: log2(1 + values between the two).

        Exit status: 0 when every benchmark's mean bits are within its limit (--max-bits, else :herbie-expected; no limit, no gate), 2 when one is not (named on stderr with its worst input), 1 for a usage or read error (file:line:column); the other benchmarks are still reported. FPCores with loops or tensors are skipped.

        Speed: the 114 checkable FPBench benchmarks at 8000 points each take 2.7 s on 2 cores (342k points/s, 14× mpmath evaluating the same truths once, 30× raising its precision until two agree).

        Examples:
          eml check benchmarks/hamming-ch3.fpcore
          eml check suite.fpcore --name "NMSE example 3.1" --per-point --samples 100
          eml check suite.fpcore --format all     # binary64 … fp8 side by side
          eml check suite.fpcore --max-bits 8 --junit report.xml --svg plots/
          eml check --expr 'sqrt(x+1) - sqrt(x)' --range x=0:1e15 \\
            --against '1/(sqrt(x+1) + sqrt(x))'
          eml check suite.fpcore --shard 2/4 --json > part2.json   # then:
          eml check --merge part*.json
        """
    )

    @Argument(help: "FPCore files (or, with --merge, --json reports).") var files: [String] = []
    @Option(help: "Check only the FPCore with this :name (repeatable).") var name: [String] = []
    @Option(help: "binary64, binary32, binary16, bfloat16, tf32, fp8e4m3, fp8e5m2, p=…,emin=…,emax=…, a comma list, or all (default: each FPCore's :precision).")
    var format: String?
    @Option(help: "Valid points per benchmark (1…10000000).") var samples = 8000
    @Option(help: "Seed of the sampler.") var seed: UInt64 = 1
    @Option(help: "Check these points instead of sampling: TSV, a header naming the arguments, one point per row (decimal or hex floats).")
    var points: String?
    @Flag(name: .customLong("per-point"), help: "Add each point's inputs, computed value, truth and bits to the report.") var perPoint = false
    @Option(name: .customLong("max-bits"), help: "Allowed mean bits of error (overrides :herbie-expected).") var maxBits: Double?
    @Flag(help: "One JSON object per benchmark per line.") var json = false
    @Option(help: "Write JUnit XML (one test case per benchmark and format) to this file.") var junit: String?
    @Option(help: "Write one SVG per benchmark (bits of error against each input) into this folder.") var svg: String?
    @Option(help: "Threads (default: all cores).") var threads = ParallelMap.availableCores
    @Option(help: "Check the K-th of N slices of every benchmark's points (K/N), for CI matrices and job arrays.") var shard: String?
    @Flag(help: "Combine --json reports (the files) into one table and exit status.") var merge = false
    @Option(help: "Check an expression of eml's language instead of FPCore files.") var expr: String?
    @Option(help: "Sampling range of a variable of --expr, VAR=LO:HI (repeatable).") var range: [String] = []
    @Option(help: "An alternative expression to report beside --expr (repeatable).") var against: [String] = []

    func run() throws {
        var session = CheckSession(command: self)
        do {
            try session.validate()
        } catch {
            printError("error: \(error.message)")
            throw ExitCode(1)
        }
        throw ExitCode(session.runAll())
    }
}
