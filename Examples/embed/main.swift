// Embeds EMLKit: parse → lower to EML → evaluate with certified digits, on several threads at once.
import Dispatch
import EMLKit

let source = "ln(1 + 1e-20)"
do {
    let expression = try EML.parse(source)
    let tree = try EML.compile(expression)
    print("expression: \(source)")
    print("EML tree: K = \(formatCount(tree.statistics.k)), distinct nodes = \(tree.statistics.distinctNodes)")
    let direct = try EML.evaluate(expression, digits: 30, mode: .direct)
    let viaTree = try EML.evaluate(expression, digits: 30, mode: .eml)
    print("direct: \(direct.text)")
    print("eml:    \(viaTree.text)")

    // The engine keeps no global state: evaluate from several threads at once.
    let inputs = ["sin(1)", "exp(pi)", "sqrt(2)", "ln(-2)"]
    nonisolated(unsafe) var results = [String](repeating: "", count: inputs.count)
    DispatchQueue.concurrentPerform(iterations: inputs.count) { k in
        results[k] = (try? EML.evaluate(inputs[k], digits: 20, mode: .eml).text) ?? "error"
    }
    for (input, value) in zip(inputs, results) { print("\(input) = \(value)") }
} catch {
    print(error.rendered(source: source))
}
