import CMPFR
import EMLNumbers

/// A value in certified evaluation: a real ball while the mathematics stays real, a complex ball otherwise.
///
/// Keeping reals real keeps their imaginary part an exact zero (not a ball around it), so the side
/// of a branch cut is decided exactly for real arguments: ln(−2) is ln 2 + iπ at every precision.
public enum BallValue: @unchecked Sendable {
    case real(Ball)
    case complex(ComplexBall)

    /// A complex value whose imaginary part is exactly zero, as a real: balls have no signed zero to tell
    /// the sides of a cut apart, so an exact real on a cut takes the engine's real convention
    /// (asin(2 + 0i) is asin(2), continuous with the lower half plane), never Arb's complex one.
    var realIfExact: BallValue {
        if case .complex(let z) = self, arb_is_zero(z.imaginaryPart) != 0 { return .real(z.real) }
        return self
    }

    /// The value as a complex ball (a real gets an exact zero imaginary part).
    var complexBall: ComplexBall {
        switch self {
        case .real(let x): return ComplexBall(real: x, imaginary: Ball(0))
        case .complex(let z): return z
        }
    }

    /// The parts: (real, imaginary), the imaginary part nil for a real value.
    public var parts: (real: Ball, imaginary: Ball?) {
        switch self {
        case .real(let x): return (x, nil)
        case .complex(let z): return (z.real, z.imaginary)
        }
    }

    var isExact: Bool {
        switch self { case .real(let x): return x.isExact; case .complex(let z): return z.isExact }
    }

    /// Some part is an exact ±∞ (1/0, ln 0 and what follows from them).
    var hasExactInfinity: Bool {
        let (re, im) = parts
        return re.isExactInfinity || (im?.isExactInfinity ?? false)
    }

    /// Both parts have a finite midpoint and radius.
    var isFinite: Bool {
        switch self { case .real(let x): return x.isFinite; case .complex(let z): return z.isFinite }
    }

    /// Exactly zero, both parts.
    var isExactZero: Bool {
        let (re, im) = parts
        return re.isZero && (im?.isZero ?? true)
    }

    /// The midpoint as a point value for MPFR/MPC (exact: the midpoint's bits are kept).
    var midpoint: Number {
        switch self {
        case .real(let x): return .real(x.midpointValue)
        case .complex(let z):
            let re = z.real.midpointValue, im = z.imaginary.midpointValue
            return .complex(BigComplex(real: re, imaginary: im, precision: max(re.precision, im.precision)))
        }
    }

    /// A correctly rounded (or faithful, within 4 ulp) MPFR/MPC result as a ball; exact where `exact`.
    init(point: Number, exact: Bool) {
        func ball(_ x: BigReal) -> Ball { Ball(rounded: x, exact: exact, ulpsLog2: 2) }  // 4 ulp: MPC's parts, or a faithful exp
        switch point {
        case .real(let x): self = .real(ball(x))
        case .complex(let z): self = .complex(ComplexBall(real: ball(z.real), imaginary: ball(z.imaginary)))
        }
    }
}
