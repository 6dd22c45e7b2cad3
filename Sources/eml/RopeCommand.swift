import ArgumentParser
import FloatFormats
import Foundation
import RoPE

extension RopePipeline: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.uppercased()) }
}
extension RopeBounds.ThetaReading: ExpressibleByArgument {}
extension RopeBounds.EpsilonReading: ExpressibleByArgument {}

struct Rope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rope",
        abstract: "Precision walls of rotary position embeddings: the Goldilocks-zone bounds and bit-level collisions.",
        discussion: """
        Exit status: 0 when the base is inside the zone and the chosen pipeline has no adjacent collision below L; 2 otherwise; 1 for a usage or config error.

        Pipelines: S1 m, θ and m·θ in the dtype; S2 exact m, float32 θ, m·θ rounded to the dtype; S3 θ in the dtype, m·θ in float32; S4 exact angle, cos/sin rounded to the dtype.
        Scaling: linear:S, ntk:S, yarn:S,ORIGINAL[,BETA_FAST,BETA_SLOW], llama3:S,ORIGINAL[,LOW,HIGH].
        Presets: \(RopePresets.all.compactMap(\.name).joined(separator: ", ")).
        Size: a pipeline scans every channel at every position, channels on all cores. At d = 128 and L = 2^24 one pipeline takes 1.7–6.9 s (S4 the slowest), all four 12–15 s; d/2 × L is limited to 2^32 (L = 2^26 at d = 128: 48–65 s for all four), --men to 2^22 (31 s). A progress line shows on a terminal.

        Examples:
          eml rope --base 10000 --dim 128 --context 4096 --dtype bf16 --pipeline S1
          eml rope --base 500000 --dim 128 --context 16777218 --dtype fp32 --pipeline S2
          eml rope --preset deepseek-v3 --json
          eml rope --config path/to/config.json --epsilon 0.5 --svg zone.svg
          eml rope --table
        """
    )

    @Option(parsing: .unconditional, help: "RoPE base (rope_theta).") var base: Double?
    @Option(parsing: .unconditional, help: "Rotary dimension d per head.") var dim: Int?
    @Option(parsing: .unconditional, help: "Context length L.") var context: Int?
    @Option(parsing: .unconditional, help: "Layers N (default 1, or the config's).") var layers: Int?
    @Option(help: "dtype: fp64 fp32 tf32 fp16 bf16 fp8e4m3 fp8e5m2, or p=…,emin=…,emax=… (default bf16, or the config's).") var dtype: String?
    @Option(help: "Simulate only this pipeline (S1, S2, S3, S4) and let it decide the exit status (default: all four, S4 decides).") var pipeline: RopePipeline?
    @Option(parsing: .unconditional, help: "Coherence tolerance ε in (0, 1) for the DC-stability and depth bounds (no default).") var epsilon: Double?
    @Option(help: "Frequency scaling, e.g. linear:8, ntk:4, yarn:40,4096, llama3:8,8192,1,4.") var scaling: String?
    @Option(help: "θ_min as exact (base^(−(d−2)/d)) or asymptotic (1/base).") var thetaReading: RopeBounds.ThetaReading = .exact
    @Option(help: "ε_mach as machine-epsilon (2^(1−p)) or unit-roundoff (2^(−p)).") var epsReading: RopeBounds.EpsilonReading = .machineEpsilon
    @Option(help: "A Hugging Face config.json.") var config: String?
    @Option(help: "A preset configuration.") var preset: String?
    @Flag(help: "All presets side by side.") var table = false
    @Flag(help: "Machine-readable report.") var json = false
    @Option(help: "Write an SVG picture of the zone and the walls.") var svg: String?
    @Flag(help: "Also search the Men et al. 2024 smallest base (d/2 × L ≤ 2^22: 31 s there).") var men = false

    func run() throws {
        do {
            if table { return try runTable() }
            let configuration = try resolve()
            // A progress line on a terminal for scans past a second or so (2^22 angle evaluations).
            let showProgress = standardErrorIsTerminal && configuration.channels * configuration.context >= 1 << 22
            var progress: (@Sendable (RopeProgress) -> Void)? = nil
            if showProgress || (men && standardErrorIsTerminal) {
                progress = { (step: RopeProgress) -> Void in
                    switch step {
                    case .scanned(let p, let done, let n): printErrorInline("\r\u{1B}[K" + p.rawValue + ": \(done)/\(n) channels")
                    case .menSearch(let base): printErrorInline("\r\u{1B}[K--men: no passing base below " + String(format: "%.4g", base))
                    }
                }
            }
            let analysis = try RopeAnalysis(configuration, pipeline: pipeline ?? .s4, epsilon: epsilon, theta: thetaReading,
                                            epsilonMachine: epsReading, pipelines: pipeline.map { [$0] } ?? RopePipeline.allCases,
                                            men: men, progress: progress)
            if progress != nil { printErrorInline("\r\u{1B}[K") }
            print(json ? analysis.jsonText() : analysis.report())
            if let svg {
                do { try analysis.svg().write(toFile: svg, atomically: true, encoding: .utf8) } catch {
                    throw RopeError("cannot write \(svg): \(error.localizedDescription)")
                }
            }
            if analysis.exitStatus != 0 { throw ExitCode(analysis.exitStatus) }
        } catch let error as RopeError {
            printError("error: \(error.message)")
            throw ExitCode(1)
        }
    }

    func resolve() throws -> RopeConfiguration {
        var c: RopeConfiguration
        if let config {
            c = try HuggingFaceConfig.load(path: config)
        } else if let preset {
            c = try RopePresets.named(preset)
        } else {
            var missing: [String] = []
            if base == nil { missing.append("--base") }
            if dim == nil { missing.append("--dim") }
            if context == nil { missing.append("--context") }
            guard missing.isEmpty else {
                throw RopeError("missing \(missing.joined(separator: ", ")) (or give --config FILE, --preset NAME or --table)")
            }
            c = RopeConfiguration(base: base!, dimension: dim!, context: context!)
        }
        if let base { c.base = base }
        if let dim { c.dimension = dim }
        if let context { c.context = context }
        if let layers { c.layers = layers }
        if let dtype {
            do { c.dtype = try FloatFormat.named(dtype) } catch { throw RopeError(error.message) }
        }
        if let scaling { c.scaling = try Rope.parseScaling(scaling) }
        try c.validate()
        return c
    }

    static func parseScaling(_ text: String) throws -> RopeScaling {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let kind = parts[0].lowercased()
        let values = parts.count > 1 ? parts[1].split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) } : []
        guard !values.contains(nil), let factor = values.first ?? nil else {
            throw RopeError("--scaling '\(text)': expected TYPE:FACTOR[,…], e.g. linear:8, yarn:40,4096, llama3:8,8192,1,4")
        }
        let v = values.map { $0! }
        switch kind {
        case "linear": return .linear(factor: factor)
        case "ntk", "dynamic": return .ntk(factor: factor)
        case "yarn":
            guard v.count == 2 || v.count == 4 else { throw RopeError("--scaling yarn:FACTOR,ORIGINAL[,BETA_FAST,BETA_SLOW]") }
            return .yarn(factor: factor, originalContext: Int(v[1]), betaFast: v.count == 4 ? v[2] : 32, betaSlow: v.count == 4 ? v[3] : 1)
        case "llama3":
            guard v.count == 2 || v.count == 4 else { throw RopeError("--scaling llama3:FACTOR,ORIGINAL[,LOW,HIGH]") }
            return .llama3(factor: factor, originalContext: Int(v[1]), lowFrequencyFactor: v.count == 4 ? v[2] : 1, highFrequencyFactor: v.count == 4 ? v[3] : 4)
        default: throw RopeError("--scaling type '\(kind)' is not one of linear, ntk, yarn, llama3")
        }
    }

    func runTable() throws {
        var rows: [RopeAnalysis] = []
        for var c in RopePresets.all {
            if let dtype { do { c.dtype = try FloatFormat.named(dtype) } catch { throw RopeError(error.message) } }
            if standardErrorIsTerminal { printErrorInline("\r\u{1B}[Kanalysing \(c.name ?? "")…") }
            rows.append(try RopeAnalysis(c, pipeline: pipeline ?? .s4, epsilon: epsilon, theta: thetaReading, epsilonMachine: epsReading))
        }
        if standardErrorIsTerminal { printErrorInline("\r\u{1B}[K") }
        if json {
            let data = try JSONSerialization.data(withJSONObject: rows.map { $0.json() }, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        let header = ["preset", "base", "d", "L", "N", "dtype", "zone", "inside", "ε*"] + RopePipeline.allCases.map { "\($0.rawValue) wall" }
        var lines = [header]
        for a in rows {
            let c = a.configuration, b = a.bounds
            let walls = a.walls.map { w in w.firstCollision.map { "\($0.position)" } ?? "none<\(w.searchedTo)" }
            lines.append([c.name ?? "", short(c.base), "\(c.dimension)", "\(c.context)", "\(c.layers)", c.dtype.name,
                          "[\(short(b.zoneLower)), \(short(b.precisionMaximumBase)))", b.insideZone ? "yes" : "NO",
                          b.epsilonStar.map { String(format: "%.3g", $0) } ?? "—"] + walls)
        }
        let widths = (0..<header.count).map { k in lines.map { $0[k].count }.max()! }
        for line in lines { print(line.enumerated().map { $1 + String(repeating: " ", count: widths[$0] - $1.count) }.joined(separator: "  ")) }
        print("walls: first adjacent collision (m) of each pipeline, at or beyond L; ε* = cos(L·θ_min)^N; θ_min \(thetaReading.rawValue), ε_mach \(epsReading.rawValue)")
    }

    func short(_ x: Double) -> String { String(format: "%.3g", x) }
}

struct FloatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "float",
        abstract: "Round values to a float format and show their neighbours, spacing and encoding.",
        discussion: "Example: eml float bf16 257 0.1 65791"
    )

    @Argument(help: "Format: fp64 fp32 tf32 fp16 bf16 fp8e4m3 fp8e5m2 (aliases float32, bfloat16, …) or p=…,emin=…,emax=….") var format: String
    @Argument(parsing: .allUnrecognized, help: "Values (decimal or hex floats, read exactly).") var values: [String]

    func run() throws {
        let f: FloatFormat
        do { f = try FloatFormat.named(format) } catch { printError("error: \(error.message)"); throw ExitCode(1) }
        print("\(f.name): p = \(f.precision), emin = \(f.emin), emax = \(f.emax) (MPFR convention), largest finite \(f.largestFiniteValue), smallest positive \(f.smallestPositiveValue)")
        var failed = false
        for text in droppingOptionTerminator(values) {
            guard let exact = BigRealLiteral.parse(text) else { print("\(text): error: not a number"); failed = true; continue }
            let r = f.rounded(exact).doubleValue
            // NaN's sign bit carries nothing: print it as nan, whatever MPFR's conversion left there.
            func show(_ d: Double) -> String { d.isNaN ? "nan" : String(format: "%.17g", d) }
            var line = "\(text) → \(show(r))"
            if f.fitsInDouble {
                line += "  ulp \(show(f.ulp(r)))  prev \(show(f.previous(r)))  next \(show(f.next(r)))"
                if let hex = f.hexBits(r) { line += "  bits \(hex)" }
            }
            print(line)
        }
        if failed { throw ExitCode(1) }
    }
}
