import CMPFR
import EMLNumbers
import Foundation

extension LogBessel {
    /// log K_v(x) for real v (K_{−v} = K_v) and x ≥ 0 (log K_v(0) = +∞): by series for x ≤ 30, v ≤ 30,
    /// by the continued fraction and recurrence for x > 30, v ≤ 10^5, else by the trapezoidal rule below.
    ///
    /// The trapezoidal rule on K_v(x) = ∫₀^∞ e^(−x cosh t) cosh(vt) dt (DLMF 10.32.9). The integrand is
    /// entire and even, so the rule with step h errs by about M(d)·e^(−2πd/h), where d is the half-width
    /// of a strip in which |f(t + iy)| ≤ e^(x cosh t (1 − cos d))·f(t); choosing d ≈ √(q ln 2/R) and h from
    /// it (R = √(x² + v²), the curvature of log f at its peak) makes the error ≤ 2^(−q−10) with about q/3
    /// points around the peak. The sum walks outward from the peak t* = asinh(v/x) in log space until
    /// the terms fall below the precision, so the flat plateau of length ≈ log(2/x) at small x and v
    /// (where a peak-centred quadrature fails) is summed in full.
    public static func logK(_ v: BigReal, _ x: BigReal, precision p: Int) throws(DomainError) -> BigReal {
        try checkPrecision(p)
        try checkArguments(v, x)
        if x.isZero { return BigReal(Double.infinity, precision: p) }
        let a = abs(v)
        if usesSeriesForK(a.doubleValue, x.doubleValue) { return logKSeries(a, x, precision: p) }
        if x.doubleValue > 30 && a.doubleValue <= recurrenceLimit, let value = logKContinuedFraction(a, x, precision: p) { return value }
        return try logKTrapezoid(a, x, precision: p)
    }

    /// The trapezoidal rule on the integral representation, for any v ≥ 0 and x > 0 (see `logK`).
    static func logKTrapezoid(_ a: BigReal, _ x: BigReal, precision p: Int) throws(DomainError) -> BigReal {
        let q = p + 40
        let vd = a.doubleValue
        let logX = op(x, 64) { r, u in mpfr_log(r, u, MPFR_RNDN) }.doubleValue
        let xd = exp(logX)  // 0 when x underflows a double; only estimates use it
        let r = (xd * xd + vd * vd).squareRoot()
        let ln2 = 0.6931471805599453
        let d = min(Double.pi / 4, (Double(q) * ln2 / max(r, 1e-300)).squareRoot())
        let growth = 1.5 * (r + 1) * (1 - cos(d))
        let h = 2 * Double.pi * d / (Double(q + 10) * ln2 + growth)
        // Peak of log f: x sinh t = v tanh(vt), near asinh(v/x) = log(v/x + √(1 + (v/x)²)).
        var peak = 0.0
        if vd > 0 {
            let logRatio = log(vd) - logX
            peak = logRatio > 30 ? logRatio + ln2 : asinh(exp(logRatio))
        }
        let centre = Int((peak / h).rounded())
        let cutoff = Double(q + 10 + bitLength(centre + 1_000)) * ln2

        let scratch = Workspace(precision: q, v: a, x: x)
        var maximum = -Double.infinity
        var sum = BigReal(0, precision: q)
        var top = BigReal(precision: q)
        func add(_ k: Int) -> Double {
            let l = scratch.logIntegrand(k, h)
            let weight = k == 0 ? 0.5 : 1.0
            let ld = l.doubleValue
            if ld > maximum {
                // Rescale the running sum to the new maximum: S ← S·e^(old − new) + w.
                if maximum > -Double.infinity {
                    let shift = LogBessel.binary(top, l, q) { r, a, b in mpfr_sub(r, a, b, MPFR_RNDN) }
                    let factor = LogBessel.op(shift, q) { r, u in mpfr_exp(r, u, MPFR_RNDN) }
                    sum = LogBessel.binary(sum, factor, q) { r, a, b in mpfr_mul(r, a, b, MPFR_RNDN) }
                }
                sum.withMutablePointer { _ = mpfr_add_d($0, $0, weight, MPFR_RNDN) }
                maximum = ld
                top = l
            } else {
                let shift = LogBessel.binary(l, top, q) { r, a, b in mpfr_sub(r, a, b, MPFR_RNDN) }
                var term = LogBessel.op(shift, q) { r, u in mpfr_exp(r, u, MPFR_RNDN) }
                if weight != 1 { term.withMutablePointer { _ = mpfr_mul_d($0, $0, weight, MPFR_RNDN) } }
                sum = LogBessel.binary(sum, term, q) { r, a, b in mpfr_add(r, a, b, MPFR_RNDN) }
            }
            return ld
        }
        // Up from the peak until the terms are negligible (the tail decreases at least as fast).
        var k = centre
        while true {
            let l = add(k)
            if k > centre && l < maximum - cutoff { break }
            k += 1
            if k - centre > 50_000_000 { throw DomainError(message: "log K_v(x): quadrature did not converge") }
        }
        // Down from the peak to t = 0, stopping once the terms are negligible.
        k = centre - 1
        while k >= 0 {
            let l = add(k)
            if l < maximum - cutoff { break }
            k -= 1
        }
        // log K = log h + top + log S
        let logSum = LogBessel.op(sum, q) { r, u in mpfr_log(r, u, MPFR_RNDN) }
        var result = LogBessel.binary(top, logSum, q) { r, a, b in mpfr_add(r, a, b, MPFR_RNDN) }
        let logH = LogBessel.op(BigReal(h, precision: q), q) { r, u in mpfr_log(r, u, MPFR_RNDN) }
        result = LogBessel.binary(result, logH, p) { r, a, b in mpfr_add(r, a, b, MPFR_RNDN) }
        return result
    }

    /// Scratch values for the integrand, so that each point costs no allocation beyond its result.
    struct Workspace {
        let precision: Int
        let v: BigReal
        let x: BigReal
        let vIsZero: Bool
        let ln2: BigReal

        init(precision: Int, v: BigReal, x: BigReal) {
            self.precision = precision
            self.v = v
            self.x = x
            vIsZero = v.isZero
            var l = BigReal(precision: precision)
            l.withMutablePointer { _ = mpfr_const_log2($0, MPFR_RNDN) }
            ln2 = l
        }

        /// log f(t) at t = k·h, with log cosh y = y + log1p(e^(−2y)) − log 2. The node k·h is formed
        /// exactly (MPFR), not in double: nodes off the lattice would cost the rule its accuracy.
        func logIntegrand(_ k: Int, _ h: Double) -> BigReal {
            let q = precision
            var tt = BigReal(h, precision: q)
            tt.withMutablePointer { _ = mpfr_mul_si($0, $0, k, MPFR_RNDN) }
            let t = Double(k) * h
            let c = LogBessel.op(tt, q) { r, u in mpfr_cosh(r, u, MPFR_RNDN) }
            var l = LogBessel.binary(x, c, q) { r, a, b in mpfr_mul(r, a, b, MPFR_RNDN) }
            l.withMutablePointer { _ = mpfr_neg($0, $0, MPFR_RNDN) }
            if vIsZero || t == 0 { return l }
            let y = LogBessel.binary(v, tt, q) { r, a, b in mpfr_mul(r, a, b, MPFR_RNDN) }
            var e = LogBessel.op(y, q) { r, u in mpfr_mul_si(r, u, -2, MPFR_RNDN) }
            e.withMutablePointer { _ = mpfr_exp($0, $0, MPFR_RNDN) }
            e.withMutablePointer { _ = mpfr_log1p($0, $0, MPFR_RNDN) }
            var logCosh = LogBessel.binary(y, e, q) { r, a, b in mpfr_add(r, a, b, MPFR_RNDN) }
            logCosh = LogBessel.binary(logCosh, ln2, q) { r, a, b in mpfr_sub(r, a, b, MPFR_RNDN) }
            return LogBessel.binary(l, logCosh, q) { r, a, b in mpfr_add(r, a, b, MPFR_RNDN) }
        }
    }

    /// I_v(x) = exp(log I_v(x)).
    public static func besselI(_ v: BigReal, _ x: BigReal, precision p: Int) throws(DomainError) -> BigReal {
        let l = try logI(v, x, precision: p + 16)
        return op(l, p) { r, u in mpfr_exp(r, u, MPFR_RNDN) }
    }

    /// K_v(x) = exp(log K_v(x)).
    public static func besselK(_ v: BigReal, _ x: BigReal, precision p: Int) throws(DomainError) -> BigReal {
        let l = try logK(v, x, precision: p + 16)
        return op(l, p) { r, u in mpfr_exp(r, u, MPFR_RNDN) }
    }
}
