import EMLNumbers
import NumericKernels

/// Where a certified part's exact value lies: an Arb ball, or a 256-bit fixed-point value within
/// 2^errorExponent ulps (`ElementaryCertificate`, which never loads Arb).
enum Enclosure: Sendable {
    case ball(Ball)
    case fixedPoint(FixedPoint, errorExponent: Int)

    /// The enclosure's centre, exactly.
    var midpoint: BigReal {
        switch self {
        case .ball(let b): return b.midpointValue
        case .fixedPoint(let v, _): return v.bigReal
        }
    }
}
