import CMPFR
import EMLNumbers
import EMLSyntax

typealias RealPointer = UnsafeMutablePointer<__mpfr_struct>
typealias RealSource = UnsafePointer<__mpfr_struct>
typealias ComplexPointer = UnsafeMutablePointer<__mpc_struct>
typealias ComplexSource = UnsafePointer<__mpc_struct>

/// The primitives of direct evaluation: MPFR where the value is real, MPC (principal branches) otherwise.
enum MathOps {
    static func real(_ x: BigReal, _ p: Int, _ f: (RealPointer, RealSource) -> Int32) -> Number {
        .real(BigReal.unary(x, precision: p) { r, a in _ = f(r, a) })
    }

    static func complex(_ z: BigComplex, _ p: Int, _ f: (ComplexPointer, ComplexSource) -> Int32) -> Number {
        .complex(BigComplex.unary(z, precision: p) { r, a in _ = f(r, a) })
    }

    static func complex(_ x: Number, _ y: Number, _ p: Int, _ f: (ComplexPointer, ComplexSource, ComplexSource) -> Int32) -> Number {
        .complex(BigComplex.binary(x.complex(precision: p), y.complex(precision: p), precision: p) { r, a, b in _ = f(r, a, b) })
    }

    static func sign(_ x: BigReal) -> Int { Int(x.withPointer { mpfr_sgn($0) }) }
    static func compare(_ x: BigReal, _ n: Int) -> Int { Int(x.withPointer { mpfr_cmp_si($0, n) }) }
    static func isInteger(_ x: BigReal) -> Bool { x.withPointer { mpfr_integer_p($0) } != 0 }
    static func abs(_ x: BigReal, _ p: Int) -> BigReal { BigReal.unary(x, precision: p) { r, a in _ = mpfr_abs(r, a, MPFR_RNDN) } }

    /// x + i·y with y given as a real.
    static func makeComplex(_ x: BigReal, _ y: BigReal, _ p: Int) -> BigComplex { BigComplex(real: x, imaginary: y, precision: p) }

    /// A real x on a branch cut, lifted to the complex plane on the side given by the sign of its zero imaginary part.
    static func onCut(_ x: BigReal, _ p: Int, upper: Bool) -> BigComplex {
        var zero = BigReal(0, precision: p)
        if !upper { zero.withMutablePointer { mpfr_neg($0, $0, MPFR_RNDN) } }
        return makeComplex(x, zero, p)
    }

    static func negate(_ x: Number, _ p: Int) -> Number {
        switch x {
        case .real(let a): return real(a, p) { mpfr_neg($0, $1, MPFR_RNDN) }
        case .complex(let z): return complex(z, p) { mpc_neg($0, $1, mpcNearest) }
        }
    }

    /// A binary operation by MPFR when both operands are real, by MPC otherwise.
    static func arithmetic(_ x: Number, _ y: Number, _ p: Int,
                           _ real: (RealPointer, RealSource, RealSource) -> Int32,
                           _ complex: (ComplexPointer, ComplexSource, ComplexSource) -> Int32) -> Number {
        if case .real(let a) = x, case .real(let b) = y { return .real(BigReal.binary(a, b, precision: p) { r, u, v in _ = real(r, u, v) }) }
        return MathOps.complex(x, y, p, complex)
    }

    static func add(_ x: Number, _ y: Number, _ p: Int) -> Number {
        arithmetic(x, y, p, { mpfr_add($0, $1, $2, MPFR_RNDN) }, { mpc_add($0, $1, $2, mpcNearest) })
    }

    static func subtract(_ x: Number, _ y: Number, _ p: Int) -> Number {
        arithmetic(x, y, p, { mpfr_sub($0, $1, $2, MPFR_RNDN) }, { mpc_sub($0, $1, $2, mpcNearest) })
    }

    static func multiply(_ x: Number, _ y: Number, _ p: Int) -> Number {
        arithmetic(x, y, p, { mpfr_mul($0, $1, $2, MPFR_RNDN) }, { mpc_mul($0, $1, $2, mpcNearest) })
    }

    static func divide(_ x: Number, _ y: Number, _ p: Int) -> Number {
        arithmetic(x, y, p, { mpfr_div($0, $1, $2, MPFR_RNDN) }, { mpc_div($0, $1, $2, mpcNearest) })
    }

    /// How a power x^y is computed, decided once per evaluation.
    enum PowerRoute {
        /// MPFR's real pow: x > 0, x = 0, or x < 0 with integer y.
        case real
        /// MPC's principal power, for operands of moderate scale.
        case mpc
        /// exp(y·log x) from its bounded pieces: mpc_pow raises its working precision with the
        /// operands' exponents (2^(−10^15) asks GMP for petabytes).
        case exponential(product: Number)
    }

    static func powerRoute(_ x: Number, _ y: Number, _ p: Int) -> PowerRoute {
        if case .real(let a) = x, case .real(let b) = y, sign(a) >= 0 || isInteger(b) { return .real }
        return moderatePower(x, y) ? .mpc : .exponential(product: multiply(y, ln(x, p), p))
    }

    /// Real power where it is real; the principal complex power otherwise.
    static func power(_ x: Number, _ y: Number, _ p: Int, via route: PowerRoute) -> Number {
        switch route {
        case .real:
            guard case .real(let a) = x, case .real(let b) = y else { fatalError("real route for complex operands") }
            return .real(BigReal.binary(a, b, precision: p) { r, u, v in _ = mpfr_pow(r, u, v, MPFR_RNDN) })
        case .mpc: return complex(x, y, p) { mpc_pow($0, $1, $2, mpcNearest) }
        case .exponential(let product): return exp(product, p)
        }
    }

    /// Whether y·log x, estimated at 53 bits, has both parts below 2^16: then mpc_pow's internal
    /// precision stays near p. Otherwise the result is e^(huge) or needs a huge argument reduction.
    static func moderatePower(_ x: Number, _ y: Number) -> Bool {
        if extremeScale(x) || extremeScale(y) { return false }
        let product = multiply(y, ln(x, 53), 53).complex(precision: 53)
        let re = product.real.doubleValue, im = product.imaginary.doubleValue
        return re.isFinite && im.isFinite && Swift.abs(re) < 65_536 && Swift.abs(im) < 65_536
    }

    /// A part whose binary exponent is beyond ±2^20.
    static func extremeScale(_ n: Number) -> Bool {
        func extreme(_ x: BigReal) -> Bool { x.isFinite && !x.isZero && Swift.abs(x.exponent) > RangeReduction.exponentLimit }
        switch n {
        case .real(let x): return extreme(x)
        case .complex(let z): return extreme(z.real) || extreme(z.imaginary)
        }
    }

    static func ln(_ x: Number, _ p: Int) -> Number {
        if case .real(let a) = x {
            if sign(a) >= 0 { return real(a, p) { mpfr_log($0, $1, MPFR_RNDN) } }
            // ln(−r) = ln r + iπ (principal).
            let r = BigReal.unary(abs(a, p), precision: p) { r, u in _ = mpfr_log(r, u, MPFR_RNDN) }
            return .complex(makeComplex(r, BigReal.pi(precision: p), p))
        }
        return complex(x.complex(precision: p), p) { mpc_log($0, $1, mpcNearest) }
    }

    static func exp(_ x: Number, _ p: Int) -> Number {
        switch x {
        case .real(let a): return real(a, p) { mpfr_exp($0, $1, MPFR_RNDN) }
        case .complex(let z):
            guard extremeScale(x) else { return complex(z, p) { mpc_exp($0, $1, mpcNearest) } }
            // e^a (cos b + i sin b) from MPFR's real functions, which handle any exponent.
            let magnitude = BigReal.unary(z.real, precision: p + 8) { r, u in _ = mpfr_exp(r, u, MPFR_RNDN) }
            var sine = BigReal(precision: p + 8), cosine = BigReal(precision: p + 8)
            sine.withMutablePointer { s in cosine.withMutablePointer { c in z.imaginary.withPointer { _ = mpfr_sin_cos(s, c, $0, MPFR_RNDN) } } }
            let re = BigReal.binary(magnitude, cosine, precision: p) { r, u, v in _ = mpfr_mul(r, u, v, MPFR_RNDN) }
            let im = BigReal.binary(magnitude, sine, precision: p) { r, u, v in _ = mpfr_mul(r, u, v, MPFR_RNDN) }
            return .complex(BigComplex(real: re, imaginary: im, precision: p))
        }
    }

    static func sqrt(_ x: Number, _ p: Int) -> Number {
        if case .real(let a) = x {
            if sign(a) >= 0 { return real(a, p) { mpfr_sqrt($0, $1, MPFR_RNDN) } }
            let r = BigReal.unary(abs(a, p), precision: p) { r, u in _ = mpfr_sqrt(r, u, MPFR_RNDN) }
            return .complex(makeComplex(BigReal(0, precision: p), r, p))
        }
        return complex(x.complex(precision: p), p) { mpc_sqrt($0, $1, mpcNearest) }
    }

    static func call(_ f: Function, _ xs: [Number], _ p: Int) -> Number {
        let x = xs[0]
        let realValue: BigReal? = { if case .real(let a) = x { return a } else { return nil } }()
        let z = x.complex(precision: p)
        switch f {
        case .exp: return exp(x, p)
        case .ln: return ln(x, p)
        case .logBase: return divide(ln(xs[1], p), ln(x, p), p)
        case .log2:
            if let a = realValue, sign(a) >= 0 { return real(a, p) { mpfr_log2($0, $1, MPFR_RNDN) } }
            return divide(ln(x, p), ln(.real(BigReal(2, precision: p)), p), p)
        case .log10:
            if let a = realValue, sign(a) >= 0 { return real(a, p) { mpfr_log10($0, $1, MPFR_RNDN) } }
            return divide(ln(x, p), ln(.real(BigReal(10, precision: p)), p), p)
        case .sqrt: return sqrt(x, p)
        case .cbrt:
            if let a = realValue { return real(a, p) { mpfr_cbrt($0, $1, MPFR_RNDN) } }
            // z·exp(ln(z²)/(−3)): the branch the EML construction defines.
            let third = divide(ln(multiply(x, x, p), p), .real(BigReal(-3, precision: p)), p)
            return multiply(x, exp(third, p), p)
        case .sin: return realValue.map { real($0, p) { mpfr_sin($0, $1, MPFR_RNDN) } } ?? complex(z, p) { mpc_sin($0, $1, mpcNearest) }
        case .cos: return realValue.map { real($0, p) { mpfr_cos($0, $1, MPFR_RNDN) } } ?? complex(z, p) { mpc_cos($0, $1, mpcNearest) }
        case .tan: return realValue.map { real($0, p) { mpfr_tan($0, $1, MPFR_RNDN) } } ?? complex(z, p) { mpc_tan($0, $1, mpcNearest) }
        case .sec: return realValue.map { real($0, p) { mpfr_sec($0, $1, MPFR_RNDN) } } ?? divide(.real(BigReal(1, precision: p)), call(.cos, xs, p), p)
        case .csc: return realValue.map { real($0, p) { mpfr_csc($0, $1, MPFR_RNDN) } } ?? divide(.real(BigReal(1, precision: p)), call(.sin, xs, p), p)
        case .cot: return realValue.map { real($0, p) { mpfr_cot($0, $1, MPFR_RNDN) } } ?? divide(call(.cos, xs, p), call(.sin, xs, p), p)
        case .sinh: return realValue.map { real($0, p) { mpfr_sinh($0, $1, MPFR_RNDN) } } ?? complex(z, p) { mpc_sinh($0, $1, mpcNearest) }
        case .cosh: return realValue.map { real($0, p) { mpfr_cosh($0, $1, MPFR_RNDN) } } ?? complex(z, p) { mpc_cosh($0, $1, mpcNearest) }
        case .tanh: return realValue.map { real($0, p) { mpfr_tanh($0, $1, MPFR_RNDN) } } ?? complex(z, p) { mpc_tanh($0, $1, mpcNearest) }
        case .asinh: return realValue.map { real($0, p) { mpfr_asinh($0, $1, MPFR_RNDN) } } ?? complex(z, p) { mpc_asinh($0, $1, mpcNearest) }
        case .atan: return realValue.map { real($0, p) { mpfr_atan($0, $1, MPFR_RNDN) } } ?? complex(z, p) { mpc_atan($0, $1, mpcNearest) }
        // Off [−1, 1] the real axis is a cut: x > 1 is continuous with the lower half plane, x < −1 with the upper.
        case .asin:
            if let a = realValue {
                if compare(a, 1) <= 0 && compare(a, -1) >= 0 { return real(a, p) { mpfr_asin($0, $1, MPFR_RNDN) } }
                return complex(onCut(a, p, upper: sign(a) < 0), p) { mpc_asin($0, $1, mpcNearest) }
            }
            return complex(z, p) { mpc_asin($0, $1, mpcNearest) }
        case .acos:
            if let a = realValue {
                if compare(a, 1) <= 0 && compare(a, -1) >= 0 { return real(a, p) { mpfr_acos($0, $1, MPFR_RNDN) } }
                return complex(onCut(a, p, upper: sign(a) < 0), p) { mpc_acos($0, $1, mpcNearest) }
            }
            return complex(z, p) { mpc_acos($0, $1, mpcNearest) }
        case .acosh:
            if let a = realValue {
                if compare(a, 1) >= 0 { return real(a, p) { mpfr_acosh($0, $1, MPFR_RNDN) } }
                return complex(onCut(a, p, upper: true), p) { mpc_acosh($0, $1, mpcNearest) }
            }
            return complex(z, p) { mpc_acosh($0, $1, mpcNearest) }
        case .atanh:
            if let a = realValue {
                if compare(a, 1) <= 0 && compare(a, -1) >= 0 { return real(a, p) { mpfr_atanh($0, $1, MPFR_RNDN) } }
                // Off [−1, 1]: +iπ/2 on both rays (C99 catanh(x + 0i), and the EML form ½(ln(1+z) − ln(1−z))).
                return complex(onCut(a, p, upper: true), p) { mpc_atanh($0, $1, mpcNearest) }
            }
            return complex(z, p) { mpc_atanh($0, $1, mpcNearest) }
        case .hypot:
            if let a = realValue, case .real(let b) = xs[1] {
                return .real(BigReal.binary(a, b, precision: p) { r, u, v in _ = mpfr_hypot(r, u, v, MPFR_RNDN) })
            }
            return sqrt(add(multiply(x, x, p), multiply(xs[1], xs[1], p), p), p)
        case .abs:
            if let a = realValue { return .real(abs(a, p)) }
            let r = BigReal(precision: p)
            var out = r
            out.withMutablePointer { rp in z.withPointer { _ = mpc_abs(rp, $0, MPFR_RNDN) } }
            return .real(out)
        case .eml: return subtract(exp(x, p), .complex(logLowerEdge(xs[1].complex(precision: p), p)), p).simplifiedIfReal()
        case .logbesseli, .logbesselk, .besseli, .besselk: fatalError("evaluated by BallEvaluator")
        case .atan2:
            guard let y = realValue, case .real(let xx) = xs[1] else { return .complex(BigComplex(precision: p)) }
            return .real(BigReal.binary(y, xx, precision: p) { r, u, v in _ = mpfr_atan2(r, u, v, MPFR_RNDN) })
        }
    }

    /// Log with arg in [−π, π): the logarithm inside eml. Values within 2^(−3p/4) of the negative
    /// real axis (relative) count as on it, so rounding noise in the sign of Im cannot pick the side.
    static func logLowerEdge(_ z: BigComplex, _ p: Int) -> BigComplex {
        let result = BigComplex(precision: p)
        result.withPointer { out in
            z.withPointer { src in
                let r = ComplexPointer(mutating: out)
                LogLowerEdge.compute(r, src, precision: p)
            }
        }
        return result
    }
}

extension Number {
    /// A complex value whose imaginary part is an exact zero, as a real.
    func simplifiedIfReal() -> Number {
        if case .complex(let z) = self, z.imaginary.isZero { return .real(z.real) }
        return self
    }
}
