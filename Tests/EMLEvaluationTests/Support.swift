import EMLKit
import XCTest

/// An exact decimal literal for num/den with den dividing 10^5 (grid points are such rationals).
func gridLiteral(_ num: Int, _ den: Int) -> String {
    precondition(100_000 % den == 0)
    let scaled = num * (100_000 / den)
    return scaled == 0 ? "0" : "\(scaled)e-5"
}

/// Parses `text` with free variables allowed.
func parse(_ text: String) -> MathExpression {
    try! Parser.parseExpression(text, scope: Scope(allowsFreeVariables: true))
}

/// The certified value of `expression` with `x`, `y` bound to literals, or the error's text.
func evaluate(_ expression: MathExpression, _ bindings: [String: String], digits: Int, mode: EvaluationMode) -> Result<CertifiedValue, EMLError> {
    let inputs = bindings.mapValues { parse($0) }
    do { return .success(try EML.evaluate(expression, digits: digits, mode: mode, inputs: inputs)) } catch { return .failure(error) }
}

/// A finite printed value (no inf, nan).
func isFinite(_ text: String) -> Bool { !text.contains("inf") && !text.contains("nan") }
