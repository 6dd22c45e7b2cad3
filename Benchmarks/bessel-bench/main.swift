// Timings and accuracy sweeps of the log-Bessel kernels, driven by scripts/bench_bessel (which runs
// SciPy, mpmath and Arb on the same inputs in the same run).
//
//   bessel-bench double KIND FILE [THREADS]   float64 pairs (v, x) in FILE; prints JSON, writes FILE.KIND.out
//   bessel-bench precision KIND DIGITS FILE   certified values at DIGITS digits (or BITS with a 'b' suffix)
//   bessel-bench accuracy COUNT SEED [V0 V1 X0 X1]   random sweep of the double kernels against the MPFR
//                                             path (log-uniform, or uniform in the box [V0, V1] × [X0, X1])
import Bessel
import EMLNumbers
import Foundation
import TestSupport

func readPairs(_ path: String) -> (v: [Double], x: [Double]) {
    let data = FileManager.default.contents(atPath: path) ?? Data()
    let n = data.count / 16
    var v = [Double](repeating: 0, count: n), x = [Double](repeating: 0, count: n)
    data.withUnsafeBytes { raw in
        for k in 0..<n {
            v[k] = raw.loadUnaligned(fromByteOffset: 16 * k, as: Double.self)
            x[k] = raw.loadUnaligned(fromByteOffset: 16 * k + 8, as: Double.self)
        }
    }
    return (v, x)
}

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: bessel-bench double KIND FILE [THREADS] | precision KIND DIGITS FILE | accuracy COUNT SEED")
    exit(2)
}

switch arguments[1] {
case "double":
    let kind = LogBessel.Kind(rawValue: arguments[2])!
    let (v, x) = readPairs(arguments[3])
    let threads = arguments.count > 4 ? Int(arguments[4])! : 1
    var results: [Double] = []
    var best = Double.infinity
    for _ in 0..<3 { best = min(best, seconds { results = LogBessel.double(kind, orders: v, arguments: x, threads: threads) }) }
    let nonFinite = results.filter { !$0.isFinite }.count
    _ = results.withUnsafeBytes { FileManager.default.createFile(atPath: arguments[3] + "." + kind.rawValue + ".out", contents: Data($0)) }
    print("{\"points\": \(v.count), \"threads\": \(threads), \"points_per_second\": \(Int(Double(v.count) / best)), \"non_finite\": \(nonFinite)}")

case "precision":
    let kind = LogBessel.Kind(rawValue: arguments[2])!
    let spec = arguments[3]
    let bits = spec.hasSuffix("b") ? Int(spec.dropLast())! : Precision.bits(forDigits: Int(spec)!)
    let (v, x) = readPairs(arguments[4])
    var failures = 0
    var time = Double.infinity
    for _ in 0..<3 {  // best of 3, as for the double path: the first pass also builds one-time tables
        failures = 0
        time = min(time, seconds {
            for k in 0..<v.count {
                if (try? LogBessel.certified(kind, BigReal(v[k], precision: 53), BigReal(x[k], precision: 53), bits: bits)) == nil { failures += 1 }
            }
        })
    }
    print("{\"points\": \(v.count), \"bits\": \(bits), \"points_per_second\": \(Int(Double(v.count) / time)), \"failures\": \(failures)}")

case "accuracy":
    let count = Int(arguments[2])!
    var rng = SplitMix(seed: UInt64(arguments[3])!)
    let box = arguments.count > 7 ? arguments[4...7].map { Double($0)! } : nil
    var worst: [String: (Double, String)] = [:]
    // The 16 worst points of each kind, for Tests/BesselTests/Data/worst-points.tsv.
    var worstPoints: [String: [(Double, Double, Double, Double)]] = [:]
    var nonFinite = 0
    for k in 0..<count {
        var v = k % 10 == 0 ? 0 : rng.logUniform(1e-2, 1e4)
        var x = k % 3 == 0 ? rng.logUniform(1e-300, 1e5) : rng.logUniform(1e-3, 1e5)
        if let b = box { v = rng.uniform(b[0], b[1]); x = rng.uniform(b[2], b[3]) }
        for kind in [LogBessel.Kind.logI, .logK] {
            let got = LogBessel.double(kind, v, x)
            guard let truth = try? LogBessel.correctlyRounded(kind, v, x) else { continue }
            if truth.isFinite && !got.isFinite { nonFinite += 1 }
            let e = Ulps.ofDouble(got, truth)
            if e > (worst[kind.rawValue]?.0 ?? -1) { worst[kind.rawValue] = (e, "v = \(v), x = \(x): \(got) vs \(truth)") }
            var list = worstPoints[kind.rawValue, default: []]
            if list.count < 16 || e > list.last!.0 {
                list.append((e, v, x, truth))
                list.sort { $0.0 > $1.0 }
                worstPoints[kind.rawValue] = Array(list.prefix(16))
            }
        }
        if k % 10_000 == 0 { FileHandle.standardError.write("\r\(k)/\(count)".data(using: .utf8)!) }
    }
    FileHandle.standardError.write("\n".data(using: .utf8)!)
    for (kind, (e, at)) in worst.sorted(by: { $0.key < $1.key }) { print("\(kind): worst \(String(format: "%.3f", e)) ulp at \(at)") }
    print("non-finite where the truth is finite: \(nonFinite)")
    print("# kind\tv\tx\tcorrectly rounded\tulps (the worst points, as hex floats)")
    for (kind, list) in worstPoints.sorted(by: { $0.key < $1.key }) {
        for (e, v, x, truth) in list {
            print("\(kind)\t\(String(format: "%a", v))\t\(String(format: "%a", x))\t\(String(format: "%a", truth))\t\(String(format: "%.3f", e))")
        }
    }

default:
    print("unknown mode \(arguments[1])")
    exit(2)
}
