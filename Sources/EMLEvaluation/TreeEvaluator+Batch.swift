import Dispatch
import EMLNumbers
import EMLTree

extension TreeEvaluator {
    /// The tree's value at every point, spread over `threads` threads, each with its own evaluator
    /// (memory and constants reused within a thread). `points[k]` binds the tree's variables in order.
    public static func evaluate(_ tree: EMLTree, precision: Int, points: [[BigComplex]],
                                threads: Int = 2) -> [Result<BigComplex, EvaluationError>] {
        let count = points.count
        guard count > 0 else { return [] }
        let workers = max(1, min(threads, count))
        var results = [Result<BigComplex, EvaluationError>](repeating: .failure(.uncertified(digits: 0, cap: 0, detail: nil)), count: count)
        results.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let buffer = out
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let evaluator = TreeEvaluator(tree: tree, precision: precision)
                // Contiguous chunks: each thread writes its own slice of the results.
                let lo = count * w / workers, hi = count * (w + 1) / workers
                for k in lo..<hi {
                    buffer[k] = Result { () throws(EvaluationError) in try evaluator.evaluate(points[k]) }
                }
            }
        }
        return results
    }
}
