import CMPFR
import EMLNumbers
import EMLSyntax
import EMLTree

/// How an expression is evaluated.
public enum EvaluationMode: String, Sendable, CaseIterable {
    /// Each primitive on balls (Arb), one rigorous enclosure per operation.
    case direct
    /// Lowered to a pure EML tree; every node evaluated as exp(x) − ln(y) in MPC.
    case eml
}

/// A value whose printed digits are certified by an error bound: every point of a ball that contains
/// the exact value rounds to the printed digits, or a part is printed as 0 together with its bound.
public struct CertifiedValue: Sendable {
    /// Real part (the enclosure's midpoint); nil when it is printed as 0.
    public var real: BigReal? { realText == nil ? nil : realPart?.midpoint }
    /// Imaginary part (the enclosure's midpoint); nil when it is printed as 0.
    public var imaginary: BigReal? { imaginaryText == nil ? nil : imaginaryPart?.midpoint }
    /// The parts' enclosures, their midpoints read out only when asked: most callers print the text.
    let realPart: Enclosure?, imaginaryPart: Enclosure?
    public let digits: Int
    /// The working precision (bits) of the evaluation that decided the digits.
    public let workingPrecision: Int
    /// Where a part printed as 0 is only known to be small: |part| < 2^zeroBound at the precision cap.
    public let zeroBound: Int?
    /// `A`, `A + Bi`, `A - Bi`, `0 + Bi`, `inf`, `-inf`, or `0`; a part known only within a bound
    /// adds it: `0 (|x| < 2^-4228)`, `-1.00 (|Im| < 2^-4228)`.
    public let text: String
    /// Each part's certified digits as `text` prints them (the imaginary part with its sign); nil for a
    /// part printed as 0.
    public let realText: String?
    public let imaginaryText: String?

    public var isReal: Bool { imaginaryText == nil }
}

/// Evaluation to certified digits: raise the working precision until the error bound decides them.
public enum Evaluator {
    public static let digitLimit = 1...100_000
    /// Eml mode evaluates hundreds of MPC nodes per point: tan's tree at 100,000 digits takes 33 s for
    /// one evaluation, so a rise in precision there would take minutes. 10,000 digits stays within seconds.
    public static let emlDigitLimit = 1...10_000
    /// The same limits in bits (a target of B bits prints the digits B bits carry: 212 bits = 64 digits).
    public static let bitLimit = Precision.minimumBits...Precision.bits(forDigits: digitLimit.upperBound)
    /// Working precisions for `digits`: the engine's one schedule (`Certification`).
    static func schedule(digits: Int) -> (start: Int, cap: Int) {
        Certification.schedule(bits: Precision.bits(forDigits: digits))
    }

    /// The value of `expression` to `digits` significant digits, every one backed by an error bound, or
    /// an error. `inputs` binds free variables. Safe to call from several threads at once.
    public static func evaluate(_ expression: MathExpression, digits: Int, mode: EvaluationMode,
                                inputs: [String: MathExpression] = [:]) throws(EvaluationError) -> CertifiedValue {
        guard digitLimit.contains(digits) else { throw .precisionOutOfRange(requested: digits, limit: digitLimit, unit: "digits") }
        if mode == .eml && !emlDigitLimit.contains(digits) {
            throw .precisionOutOfRange(requested: digits, limit: emlDigitLimit, unit: "digits in eml mode")
        }
        // Lowered first: an expression without an EML form fails before any certification is paid for.
        let lowered = mode == .eml ? try EMLCrossCheck.lower(expression, inputs: inputs) : nil
        if mode == .direct, let value = ElementaryCertificate.certified(expression, digits: digits) { return value }
        let value = try certify(digits: digits) { p throws(EvaluationError) in try balls(expression, p, inputs) }
        if let lowered { try EMLCrossCheck.confirm(lowered, value, digits: digits, inputs: inputs) }
        return value
    }

    /// `function`(±numerator/denominator) in direct mode, as `evaluate` prints it, where a fixed-point
    /// certificate decides its digits (`ElementaryCertificate`: sin, cos, tan, exp, sinh, cosh, ln, log2,
    /// log10, sqrt of a number, up to 70 digits); nil elsewhere, for `evaluate`. For callers that read such a call
    /// without making its tree (`Parser.elementaryCall`).
    public static func elementary(_ function: Function, negative: Bool, numerator: UInt64, denominator: UInt64,
                                  digits: Int) -> CertifiedValue? {
        guard digitLimit.contains(digits) else { return nil }
        return ElementaryCertificate.certified(function, negative: negative, numerator: numerator, denominator: denominator, digits: digits)
    }

    /// The ball of `e` at precision `p`, and the first operation that could not decide, if any.
    static func balls(_ e: MathExpression, _ p: Int, _ inputs: [String: MathExpression]) throws(EvaluationError) -> (BallValue, (operation: String, position: Int)?) {
        var evaluator = BallEvaluator(precision: p)
        for (name, definition) in inputs {
            var sub = BallEvaluator(precision: p)
            evaluator.inputs[name] = try sub.evaluate(definition)
        }
        let v = try evaluator.evaluate(e)
        return (v, evaluator.undecided)
    }

    /// Raises the precision until every part is decided; at the cap, parts that still contain 0 print
    /// as 0 with their bound, and anything else is `uncertified`, naming the operation that held it back.
    ///
    /// A part with a known shortfall gets the bits it lacks (one more evaluation usually decides); a ball
    /// around 0 says nothing about how small the value is, so the precision quadruples (`Certification.next`).
    static func certify(digits: Int, _ evaluate: (Int) throws(EvaluationError) -> (BallValue, (operation: String, position: Int)?)) throws(EvaluationError) -> CertifiedValue {
        let target = Precision.bits(forDigits: digits)
        let cap = schedule(digits: digits).cap
        let result = try Certification.run(bits: target) { (p, atCap) throws(EvaluationError) -> Certification.Step<CertifiedValue> in
            let (value, undecided) = try evaluate(p)
            let (re, im) = value.parts
            let readings = [re.reading(digits: digits), im?.reading(digits: digits) ?? .exactZero]
            // A ball around 0 that is still wider than the digits asked for says nothing, even at the cap.
            let open = readings.contains { r in
                if case .nearZero(let bound) = r { return r == .undecided || bound > -target }
                return r == .undecided
            }
            let nearZero = readings.contains { if case .nearZero = $0 { return true } else { return false } }
            if !open && (!nearZero || atCap) { return .decided(render(readings, value, digits: digits, precision: p)) }
            if atCap {
                if let undecided {
                    throw .uncertified(digits: digits, cap: cap, detail: "\(undecided.operation) at column \(undecided.position + 1) is undecided (its ball stays too wide: an argument at a singularity or on a branch cut, or a value beyond the bound's reach)")
                }
                throw .uncertified(digits: digits, cap: cap, detail: nil)
            }
            guard !nearZero && value.isFinite else { return .short(by: nil) }
            let parts = [re] + (im.map { [$0] } ?? [])
            return .short(by: parts.filter { !$0.isZero }.map { target - $0.relativeAccuracyBits }.max() ?? 0)
        }
        // At the cap the attempt decides or throws.
        return result!.value
    }

    /// The certified digits of a real ball already in hand (a certificate's value and bound), printed as
    /// `evaluate` prints them; nil where the ball does not decide them or reads as zero, for the caller to
    /// take the general way.
    public static func certified(real ball: Ball, digits: Int) -> CertifiedValue? {
        let reading = ball.reading(digits: digits)
        guard case .digits = reading else { return nil }
        return render([reading, .exactZero], .real(ball), digits: digits, precision: Int(ball.midpointValue.precision))
    }

    static func render(_ readings: [PartReading], _ value: BallValue, digits: Int, precision: Int) -> CertifiedValue {
        func text(_ r: PartReading) -> String? { if case .digits(let t) = r { return t }; return nil }
        func bound(_ r: PartReading) -> Int? { if case .nearZero(let b) = r { return b }; return nil }
        let reText = text(readings[0]), imText = text(readings[1])
        let (re, im) = value.parts
        var rendered: String
        switch (reText, imText) {
        case (nil, nil): rendered = "0"
        case (let r?, nil): rendered = r
        case (let r, let i?):
            let negative = i.hasPrefix("-")
            rendered = "\(r ?? "0") \(negative ? "-" : "+") \(negative ? String(i.dropFirst()) : i)i"
        }
        let bounds = readings.compactMap(bound)
        let zeroBound = bounds.max()
        if let k = zeroBound {
            let which: String
            switch (bound(readings[0]) != nil, bound(readings[1]) != nil) {
            case (true, true): which = "|Re|, |Im|"
            case (true, false): which = imText == nil ? "|x|" : "|Re|"
            default: which = reText == nil ? "|x|" : "|Im|"
            }
            rendered += " (\(which) < 2^\(k))"
        }
        return CertifiedValue(realPart: .ball(re), imaginaryPart: im.map(Enclosure.ball),
                              digits: digits, workingPrecision: precision, zeroBound: zeroBound, text: rendered,
                              realText: reText, imaginaryText: imText)
    }
}
