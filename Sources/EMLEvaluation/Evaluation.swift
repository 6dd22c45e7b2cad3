import CMPFR
import EMLNumbers
import EMLSyntax
import EMLTree

/// How an expression is evaluated.
public enum EvaluationMode: String, Sendable, CaseIterable {
    /// Each primitive by its own MPFR/MPC function, correctly rounded per operation.
    case direct
    /// Lowered to a pure EML tree; every node evaluated as exp(x) − ln(y) in MPC.
    case eml
}

/// A value whose printed digits are certified: each part agreed to `digits` significant digits
/// at two working precisions, or fell below the rounding noise at both and shrank as precision rose.
public struct CertifiedValue: Sendable {
    /// Real part at the final working precision; nil when it is zero (exactly or below the noise).
    public let real: BigReal?
    /// Imaginary part at the final working precision; nil when it is zero (exactly or below the noise).
    public let imaginary: BigReal?
    public let digits: Int
    /// The working precision (bits) of the final evaluation.
    public let workingPrecision: Int
    /// When both parts are zero only because they fell below the noise: |value| < 2^noiseBound.
    public let noiseBound: Int?
    /// `A`, `A + Bi`, `A - Bi`, `0 + Bi`, `inf`, `-inf`, or `0`.
    public let text: String

    public var isReal: Bool { imaginary == nil }
}

/// Evaluation to certified digits: raise the working precision until two evaluations agree.
public enum Evaluator {
    public static let digitLimit = 1...100_000
    /// Guard bits above the target: absorbs rounding of ordinary expressions in one pass.
    static let guardBits = 32

    /// The value of `expression` to `digits` significant digits, every one correct, or an error.
    /// `inputs` binds free variables. Safe to call from several threads at once.
    public static func evaluate(_ expression: MathExpression, digits: Int, mode: EvaluationMode,
                                inputs: [String: MathExpression] = [:]) throws(EvaluationError) -> CertifiedValue {
        guard digitLimit.contains(digits) else { throw .precisionOutOfRange(requested: digits, limit: digitLimit, unit: "digits") }
        let value: CertifiedValue
        switch mode {
        case .direct:
            value = try certify(digits: digits) { p throws(EvaluationError) in try direct(expression, p, inputs) }
        case .eml:
            let tree: EMLTree, leaves: [MathExpression]
            do { (tree, leaves) = try EMLTree.lowering(expression) } catch {
                throw .invalidArgument(message: "no EML form: \(error.message); use --mode direct", position: error.position)
            }
            value = try certify(digits: digits) { p throws(EvaluationError) in
                var bound: [BigComplex] = []
                for leaf in leaves { bound.append(try direct(leaf, p, inputs).value.complex(precision: p)) }
                let evaluator = TreeEvaluator(tree: tree, precision: p)
                let z = try evaluator.evaluate(bound)
                return (.complex(z), evaluator.scaleExponent)
            }
            // The tree must represent the expression at this point: compare with direct evaluation.
            if let reference = try? certify(digits: digits, { p throws(EvaluationError) in try direct(expression, p, inputs) }),
               reference.text != value.text, reference.noiseBound == nil || value.noiseBound == nil {
                throw .branchMismatch(emlValue: value.text, directValue: reference.text)
            }
        }
        return value
    }

    static func direct(_ e: MathExpression, _ p: Int, _ inputs: [String: MathExpression]) throws(EvaluationError) -> (value: Number, scale: Int) {
        var evaluator = DirectEvaluator(precision: p)
        for (name, definition) in inputs { evaluator.inputs[name] = try DirectEvaluator.value(of: definition, precision: p) }
        let v = try evaluator.evaluate(e)
        return (v, evaluator.scaleExponent)
    }

    /// One evaluation's parts, before certification.
    struct Sample {
        let precision: Int
        let scale: Int
        let real: BigReal
        let imaginary: BigReal
    }

    /// Working precisions p₀ = target + guard, then ×1.5 + 32 each step, up to max(8·p₀, p₀ + 4096).
    static func certify(digits: Int, _ evaluate: (Int) throws(EvaluationError) -> (Number, Int)) throws(EvaluationError) -> CertifiedValue {
        let p0 = Precision.bits(forDigits: digits) + guardBits
        let cap = max(8 * p0, p0 + 4096)
        var p = p0
        var previous: Sample? = nil
        while true {
            let (value, scale) = try evaluate(p)
            let z = value.complex(precision: p)
            let sample = Sample(precision: p, scale: scale, real: z.real, imaginary: z.imaginary)
            if let previous, let certified = agree(previous, sample, digits: digits) { return certified }
            previous = sample
            if p >= cap { throw .uncertified(digits: digits, cap: cap) }
            p = min(cap, p + p / 2 + 32)
        }
    }

    enum Part: Equatable { case zero, noise(Int), text(String) }

    /// How one part reads at two precisions: the same digits, exactly zero, or noise that shrinks with precision.
    static func part(_ a: BigReal, _ b: BigReal, _ sa: Sample, _ sb: Sample, digits: Int) -> Part? {
        if a.isZero && b.isZero { return .zero }
        func below(_ x: BigReal, _ s: Sample) -> Bool {
            x.isZero || (x.isFinite && s.scale != Int.min && x.exponent < s.scale - s.precision + guardBits / 2)
        }
        if below(a, sa) && below(b, sb) && (a.isZero || b.isZero || b.exponent <= a.exponent - (sb.precision - sa.precision) / 2) {
            return .noise(sb.scale - sb.precision + guardBits / 2)
        }
        let ta = a.decimalString(digits: digits), tb = b.decimalString(digits: digits)
        return ta == tb ? .text(tb) : nil
    }

    static func agree(_ a: Sample, _ b: Sample, digits: Int) -> CertifiedValue? {
        guard let re = part(a.real, b.real, a, b, digits: digits),
              let im = part(a.imaginary, b.imaginary, a, b, digits: digits) else { return nil }
        func text(_ p: Part) -> String? { if case .text(let t) = p { return t }; return nil }
        let reText = text(re), imText = text(im)
        var noise: Int? = nil
        if reText == nil && imText == nil {
            if case .noise(let e) = re { noise = e }
            if case .noise(let e) = im { noise = max(noise ?? e, e) }
        }
        let rendered: String
        switch (reText, imText) {
        case (nil, nil): rendered = "0"
        case (let r?, nil): rendered = r
        case (let r, let i?):
            let negative = i.hasPrefix("-")
            rendered = "\(r ?? "0") \(negative ? "-" : "+") \(negative ? String(i.dropFirst()) : i)i"
        }
        return CertifiedValue(real: reText == nil ? nil : b.real, imaginary: imText == nil ? nil : b.imaginary,
                              digits: digits, workingPrecision: b.precision, noiseBound: noise, text: rendered)
    }
}

extension DirectEvaluator {
    /// The value of a closed expression at `precision`.
    public static func value(of e: MathExpression, precision: Int) throws(EvaluationError) -> Number {
        var evaluator = DirectEvaluator(precision: precision)
        return try evaluator.evaluate(e)
    }
}
