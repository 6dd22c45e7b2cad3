import Foundation

/// A real known to lie within `radius` of hi + lo (a double-double midpoint): the fast first try of the
/// truth. Each operation adds the error bound of its double-word algorithm (Joldes, Muller, Popescu,
/// "Tight and rigorous error bounds for basic building blocks of double-word arithmetic", 2017) to the
/// propagated radius; division and square root bound their error a posteriori, from the residual.
/// Every bound is computed in double and then enlarged (`up`) past its own rounding. Magnitudes are kept
/// within [2^−900, 2^900] (zero aside), so that nothing underflows or overflows: beyond, `nil`, and the
/// truth falls back to Arb.
struct DoubleDoubleInterval {
    var hi: Double
    var lo: Double
    var radius: Double

    static let u2 = 0x1p-106  // u² for u = 2^−53
    static let smallest = 0x1p-900, largest = 0x1p900

    init(hi: Double, lo: Double, radius: Double) { (self.hi, self.lo, self.radius) = (hi, lo, radius) }
    init(exactly x: Double) { (hi, lo, radius) = (x, 0, 0) }

    /// A bound computed in double, enlarged past its own roundings (relative 2^−40, absolute 2^−1000).
    @inline(__always) static func up(_ b: Double) -> Double { b * (1 + 0x1p-40) + 0x1p-1000 }

    /// |hi + lo| bounded above.
    var magnitude: Double { abs(hi) * (1 + 0x1p-52) }

    var inRange: Bool { hi.isFinite && radius.isFinite && (hi == 0 ? lo == 0 : abs(hi) >= Self.smallest && abs(hi) <= Self.largest) && radius <= Self.largest }

    static func twoSum(_ a: Double, _ b: Double) -> (Double, Double) {
        let s = a + b, bb = s - a
        return (s, (a - (s - bb)) + (b - bb))
    }

    static func fastTwoSum(_ a: Double, _ b: Double) -> (Double, Double) {
        let s = a + b
        return (s, b - (s - a))
    }

    /// AccurateDWPlusDW (Algorithm 6): relative error ≤ 3u²/(1 − 4u).
    static func add(_ x: (Double, Double), _ y: (Double, Double)) -> (Double, Double) {
        let (sh, sl) = twoSum(x.0, y.0), (th, tl) = twoSum(x.1, y.1)
        let (vh, vl) = fastTwoSum(sh, sl + th)
        return fastTwoSum(vh, tl + vl)
    }

    /// DWTimesDW3 (Algorithm 12, with fma): relative error ≤ 4u² (5u² used).
    static func multiply(_ x: (Double, Double), _ y: (Double, Double)) -> (Double, Double) {
        let ch = x.0 * y.0, cl1 = fma(x.0, y.0, -ch)
        let tl1 = fma(x.0, y.1, x.1 * y.1)
        let cl2 = fma(x.1, y.0, tl1)
        return fastTwoSum(ch, cl1 + cl2)
    }

    static func + (a: Self, b: Self) -> Self? {
        let (h, l) = add((a.hi, a.lo), (b.hi, b.lo))
        let r = DoubleDoubleInterval(hi: h, lo: l, radius: up(a.radius + b.radius + 3.000001 * u2 * abs(h)))
        return r.inRange ? r : nil
    }

    static prefix func - (a: Self) -> Self { DoubleDoubleInterval(hi: -a.hi, lo: -a.lo, radius: a.radius) }

    static func - (a: Self, b: Self) -> Self? { a + (-b) }

    static func * (a: Self, b: Self) -> Self? {
        let (h, l) = multiply((a.hi, a.lo), (b.hi, b.lo))
        // (x + δx)(y + δy) − xy = x·δy + y·δx + δx·δy, and the algorithm's own error.
        let r = DoubleDoubleInterval(hi: h, lo: l, radius: up(a.magnitude * b.radius + b.magnitude * a.radius + a.radius * b.radius + 5 * u2 * abs(h)))
        return r.inRange ? r : nil
    }

    /// nil where the divisor's interval comes near 0 (the truth then decides, with its domain check).
    static func / (a: Self, b: Self) -> Self? {
        let bmin = abs(b.hi) * (1 - 0x1p-50) - b.radius
        guard b.hi != 0, bmin > abs(b.hi) * 0x1p-20 else { return nil }
        // q = q1 + q2 by one correction; its error is bounded from the residual x − q·y below.
        let q1 = a.hi / b.hi
        let (ph, pl) = multiply((q1, 0), (b.hi, b.lo))
        let (eh, _) = add((a.hi, a.lo), (-ph, -pl))
        let (qh, ql) = fastTwoSum(q1, eh / b.hi)
        // Residual x − q·y, with the error bounds of the two operations that compute it.
        let (mh, ml) = multiply((qh, ql), (b.hi, b.lo))
        let (rh, _) = add((a.hi, a.lo), (-mh, -ml))
        let residual = abs(rh) * (1 + 0x1p-50) + 5 * u2 * abs(mh) + 3.000001 * u2 * (a.magnitude + abs(mh))
        let q = DoubleDoubleInterval(hi: qh, lo: ql, radius: 0)
        // |q − x/y| ≤ |x − q·y|/|y|; the operands' radii: (δx + |q|·δy)/(|y| − δy).
        let r = up(residual / bmin + (a.radius + q.magnitude * b.radius) / bmin)
        let out = DoubleDoubleInterval(hi: qh, lo: ql, radius: r)
        return out.inRange ? out : nil
    }

    /// nil where the interval reaches 0 or below.
    func squareRoot() -> Self? {
        let xmin = hi * (1 - 0x1p-50) - radius
        guard hi > 0, xmin > hi * 0x1p-20 else { return nil }
        let s1 = hi.squareRoot()
        let (ph, pl) = DoubleDoubleInterval.multiply((s1, 0), (s1, 0))
        let (eh, _) = DoubleDoubleInterval.add((hi, lo), (-ph, -pl))
        let (sh, sl) = DoubleDoubleInterval.fastTwoSum(s1, eh / (2 * s1))
        // |s − √x| ≤ |s² − x|/s, from the residual with its own error bounds; the operand's radius
        // moves √ by at most δ/√xmin.
        let (mh, ml) = DoubleDoubleInterval.multiply((sh, sl), (sh, sl))
        let (rh, _) = DoubleDoubleInterval.add((mh, ml), (-hi, -lo))
        let residual = abs(rh) * (1 + 0x1p-50) + 5 * DoubleDoubleInterval.u2 * abs(mh) + 3.000001 * DoubleDoubleInterval.u2 * (abs(mh) + magnitude)
        let sMin = abs(sh) * (1 - 0x1p-50)
        let r = DoubleDoubleInterval.up(residual / sMin + radius / (xmin.squareRoot() * (1 - 0x1p-50)))
        let out = DoubleDoubleInterval(hi: sh, lo: sl, radius: r)
        return out.inRange ? out : nil
    }

    /// The sign of every point: −1, 0 (exactly zero), 1; nil if the interval straddles 0.
    var sign: Int? {
        if hi == 0 && lo == 0 && radius == 0 { return 0 }
        let m = abs(hi) * (1 - 0x1p-50)
        guard m > radius else { return nil }
        return hi > 0 ? 1 : -1
    }

    /// The double every point rounds to (nearest, ties to even), if one does: hi must be normal and
    /// lo ± radius stay strictly inside half the spacing on each side (no tie can occur).
    var roundedToDouble: Double? {
        guard hi.isNormal, abs(hi) < 0x1p1022 else { return hi == 0 && lo == 0 && radius == 0 ? 0 : nil }
        let down = (hi - hi.nextDown) / 2, upper = (hi.nextUp - hi) / 2
        let margin = 1 - 0x1p-20
        guard lo - radius > -down * margin, lo + radius < upper * margin else { return nil }
        return hi
    }
}
