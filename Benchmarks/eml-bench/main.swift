// Throughput of EML tree evaluation on the reference toolkit's unary suite (2545 points).
//
//   swift run -c release eml-bench [--bits 216] [--repeat 3]
//
// Prints one JSON object: points per second for (1) the raw compiled EML trees at a fixed precision on
// one core, the work mpmath does in scripts/bench, and the same on two threads (the batch API);
// (2) certified evaluation in eml mode; (3) certified direct mode.
import Dispatch
import EMLKit

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: Int) -> Int {
    guard let k = arguments.firstIndex(of: name), k + 1 < arguments.count, let v = Int(arguments[k + 1]) else { return fallback }
    return v
}
let bits = option("--bits", 216)
let repeats = option("--repeat", 3)
let digits = 64

/// (expression, min, max, step) as num/den, the toolkit's unary grids.
let grids: [(String, Int, Int, Int)] = [
    ("x/2", -32, 32, 8), ("-x", -32, 32, 8), ("exp(x)", -32, 32, 8), ("x^2", -32, 32, 8), ("cosh(x)", -32, 32, 8),
    ("sinh(x)", -32, 32, 8), ("tanh(x)", -32, 32, 8), ("ln(x)", 1, 64, 8), ("1/x", 1, 64, 8), ("sqrt(x)", 0, 64, 8),
    ("cos(x)", -160, 160, 8), ("sin(x)", -160, 160, 8), ("tan(x)", -40, 40, 32), ("arcsinh(x)", -64, 64, 8),
    ("arctan(x)", -64, 64, 8), ("1/(1 + exp(-x))", -64, 64, 8), ("x", -64, 64, 8), ("arctanh(x)", -95, 95, 100),
    ("arcsin(x)", -100, 100, 100), ("arccos(x)", -100, 100, 100), ("arccosh(x)", 8, 72, 8),
]

func literal(_ num: Int, _ den: Int) -> String { num == 0 ? "0" : "\(num * (100_000 / den))e-5" }

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

var points = 0
var rawTime = 0.0, batchTime = 0.0, emlTime = 0.0, directTime = 0.0
var nonFinite = 0
for (text, lo, hi, den) in grids {
    let e = try! Parser.parseExpression(text, scope: Scope(allowsFreeVariables: true))
    let tree = try! EMLTree(lowering: e)
    let xs = (lo...hi).map { literal($0, den) }
    points += xs.count
    let inputs = xs.map { BigComplex(BigReal(literal: $0, precision: bits)!, precision: bits) }
    let evaluator = TreeEvaluator(tree: tree, precision: bits)
    var best = Double.infinity
    for _ in 0..<repeats {
        best = min(best, seconds {
            for x in inputs {
                let args = tree.variables.isEmpty ? [] : [x]
                if (try? evaluator.evaluate(args)) == nil { nonFinite += 1 }
            }
        })
    }
    rawTime += best
    let args = inputs.map { tree.variables.isEmpty ? [] : [$0] }
    var bestBatch = Double.infinity
    for _ in 0..<repeats { bestBatch = min(bestBatch, seconds { _ = TreeEvaluator.evaluate(tree, precision: bits, points: args, threads: 2) }) }
    batchTime += bestBatch
    if arguments.contains("--per-function") { print(text, Int(best / Double(xs.count) * 1e6), "us/point", tree.statistics.distinctNodes, "nodes") }
    let bindings = xs.map { ["x": try! Parser.parseExpression($0, scope: Scope())] }
    emlTime += seconds { for b in bindings { _ = try? EML.evaluate(e, digits: digits, mode: .eml, inputs: b) } }
    directTime += seconds { for b in bindings { _ = try? EML.evaluate(e, digits: digits, mode: .direct, inputs: b) } }
}
let nonFiniteRuns = nonFinite / max(repeats, 1)
print("""
{"points": \(points), "bits": \(bits), "raw_tree_points_per_second": \(Int(Double(points) / rawTime)), \
"raw_tree_two_threads_points_per_second": \(Int(Double(points) / batchTime)), \
"certified_eml_points_per_second": \(Int(Double(points) / emlTime)), \
"certified_direct_points_per_second": \(Int(Double(points) / directTime)), \
"eml_over_direct_cost": \((emlTime / directTime * 10).rounded() / 10), "raw_tree_failures": \(nonFiniteRuns)}
""")
