import EMLTree

/// Evaluates an EML tree at many points in complex double, node by node over all points (structure of
/// arrays: one real and one imaginary column per node), each node exp(x) − Log(y) by `ComplexDouble`.
public enum FloatTreeEvaluator {
    /// The root's values at `points[k]` (one value per variable of `tree`, in `tree.variables` order).
    public static func evaluate(_ tree: EMLTree, points: [[Double]]) -> [(re: Double, im: Double)] {
        let n = points.count
        var re = [[Double]](), im = [[Double]]()
        re.reserveCapacity(tree.nodes.count)
        im.reserveCapacity(tree.nodes.count)
        for node in tree.nodes {
            switch node {
            case .one:
                re.append([Double](repeating: 1, count: n)); im.append([Double](repeating: 0, count: n))
            case .variable(let v):
                re.append(points.map { $0[v] }); im.append([Double](repeating: 0, count: n))
            case .eml(let a, let b):
                var r = [Double](repeating: 0, count: n), s = r
                for k in 0..<n {
                    (r[k], s[k]) = ComplexDouble.eml((re[a][k], im[a][k]), (re[b][k], im[b][k]))
                }
                re.append(r); im.append(s)
            }
        }
        return (0..<n).map { (re[tree.root][$0], im[tree.root][$0]) }
    }
}
