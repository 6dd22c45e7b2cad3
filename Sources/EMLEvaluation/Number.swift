import CMPFR
import EMLNumbers

/// A value in direct evaluation: real while the mathematics stays real (MPFR), complex otherwise (MPC).
///
/// Keeping reals real makes real-valued results exact in their imaginary part (no noise to judge),
/// and makes the side of a branch cut explicit: a real promoted to complex gets +0i.
public enum Number: Sendable {
    case real(BigReal)
    case complex(BigComplex)

    public var precision: Int {
        switch self { case .real(let x): return x.precision; case .complex(let z): return z.precision }
    }

    public func complex(precision: Int) -> BigComplex {
        switch self {
        case .real(let x): return BigComplex(x, precision: precision)
        case .complex(let z): return z
        }
    }

    var isNaN: Bool {
        switch self { case .real(let x): return x.isNaN; case .complex(let z): return z.isNaN }
    }
}

/// MPC's rounding mode "nearest for both parts" (MPC_RNDNN is a macro Swift cannot import).
let mpcNearest: Int32 = 0
