#if arch(x86_64) || arch(i386)
import Foundation
import NumericKernels

/// The loops of the double kernels below ρ = 21.1, in x87 extended precision (64-bit significand):
/// sums and recurrences whose terms each carry all earlier roundings, where 11 more bits than double
/// keep the accumulated error far below an ulp of the result. (On other architectures the kernels
/// hand these points to the arbitrary-precision path instead.)
enum ExtendedSums {
    typealias Extended = Float80

    static func doubleDouble(_ x: Extended) -> DoubleDouble {
        let hi = Double(x)
        return DoubleDouble(hi, Double(x - Extended(hi)))
    }

    /// log x in double-double for any positive finite extended x, also beyond the double range.
    static func log(_ x: Extended) -> DoubleDouble {
        if x > 0x1p-1000 && x < 0x1p1000 { return DoubleDouble.log(doubleDouble(x)) }
        let e = x.exponent
        return DoubleDouble.log(doubleDouble(x.significand)) + ln2Times(Double(e))
    }

    /// e·ln 2 for an integer e (the head product is exact while |e| < 2^11).
    @inline(__always) static func ln2Times(_ e: Double) -> DoubleDouble {
        if abs(e) < 2048 { return DoubleDouble(e * LogTable.ln2Head) + e * LogTable.ln2Tail }
        return DoubleDouble.twoProduct(e, LogTable.ln2.hi) + e * LogTable.ln2.lo
    }

    /// Σ_{k≥1} t_k of I_v(x)'s series normalised to t_0 = 1: t_k = t_{k−1}·q/(k(k+v)), q = x²/4,
    /// summed until a term is below 2^−66 of the sum and the terms decrease (tested every fourth term).
    @inline(never)  // inlined, the caller's live values spill the loop's x87 stack to memory (20% slower)
    static func besselISeriesTail(_ v: Double, _ x: Double) -> Extended {
        let q = Extended(x) * Extended(x) / 4
        let ve = Extended(v)
        var term: Extended = 1
        var sum: Extended = 0
        var k: Extended = 1
        while true {
            // Four terms to a test, whose compare and branch cost as much as the terms (+20%; written
            // out: a counted inner loop costs 3%); the up to three terms past the need are positive
            // and below 2^−66 of the sum.
            term *= q / (k * (k + ve))
            sum += term
            k += 1
            term *= q / (k * (k + ve))
            sum += term
            k += 1
            term *= q / (k * (k + ve))
            sum += term
            k += 1
            let d = k * (k + ve)
            term *= q / d
            sum += term
            if term < sum * 0x1p-66 && q < d { break }
            k += 1
        }
        return sum
    }

    /// K_μ(x) as e^(logScale)·scaled, and K_{μ+1}(x)/K_μ(x), for |μ| ≤ ½; the caller takes one logarithm of
    /// scaled times the recurrence's product instead of two.
    ///
    /// x < 1: Temme's series (Temme 1975; the form of Numerical Recipes' bessik), its functions of μ
    /// from `TemmeTable`, which stays accurate as μ → 0 where γ₁'s difference quotient would cancel.
    /// 1 ≤ x < 24: the tabled polynomials (`BesselKTable`). Beyond (not reached from the kernels,
    /// which use Debye's expansion there): Steed's algorithm for Temme's continued fraction (CF2), which
    /// gives K_μ·e^x√(2x/π) and the ratio together.
    static func orderHalfK(_ mu: Double, _ x: Double) -> (logScale: DoubleDouble, scaled: Extended, ratio: Extended) {
        let m = Extended(mu), xe = Extended(x)
        if BesselKTable.range.contains(x) {
            let (b, e) = BesselKTable.evaluate(mu, x)
            // μ/x to 2^−64 without an x87 division: a double quotient and its residual.
            let inverse = 1 / x
            let q = Extended(mu * inverse)
            let ratio = 1 + (q + (m - q * xe) * Extended(inverse)) + (Extended(e.0) + Extended(e.1))
            return (DebyeExpansion.halfLogHalfPi - x, Extended(b.0) + Extended(b.1), ratio)
        }
        let m2 = m * m
        if x < 1 {
            let (f1, f2, pe, po) = TemmeTable.evaluate(m2)
            let d = -ExtendedSums.extended(DoubleDouble.log(x) - LogTable.ln2)  // not log(x/2): x/2 may underflow
            let e = m * d
            // From e^|e| − 1: sinh(e)/e stays accurate as e → 0, where (e^e − e^−e)/(2e) would cancel, and
            // glibc's expm1l takes half the time of its expl.
            let a = abs(e)
            let expm1A = Foundation.expm1(a)
            let expA = 1 + expm1A, inverseExpA = 1 / expA
            let sinhEOverE = a == 0 ? 1 : (expm1A + expm1A * inverseExpA) / (2 * a)
            let coshE = (expA + inverseExpA) / 2
            let expE = e >= 0 ? expA : inverseExpA, inverseExpE = e >= 0 ? inverseExpA : expA
            // Terms carry c_k = (x²/4)^k/k! inside: F_k = c_k·f_k, P_k = c_k·p_k, Q_k = c_k·q_k, one value
            // fewer across the loop than the textbook form.
            var f = f1 * coshE + f2 * d * sinhEOverE
            var p = expE * (pe + m * po)          // e^e·Γ(1+μ)/2
            var q = inverseExpE * (pe - m * po)  // e^(−e)·Γ(1−μ)/2
            let y = xe * xe / 4
            var sum = f, sum1 = p
            var index = 1  // counted as an integer: converting an x87 counter to Int switches the control word
            // Extended while a term can reach 2^−12 of the sum; below, its double roundings stay under 2^−64
            // of the sum, and the double loop runs without the x87 stack's spills.
            while true {
                let i = Extended(index)
                temmeStep(i, y * reciprocals[index] / (i * i - m2), m, &f, &p, &q, &sum, &sum1)
                index += 1
                if abs(f) + abs(p) + abs(q) < abs(sum) * 0x1p-12 || index > 250 { break }
            }
            let bound = Double(abs(sum)) * 0x1p-62
            var fd = Double(f), pd = Double(p), qd = Double(q), sumTail = 0.0, sum1Tail = 0.0
            let yd = Double(y), m2d = Double(m2), md = mu
            while abs(fd) >= bound && index <= 250 {
                let i = Double(index)
                temmeStep(i, yd / (i * (i * i - m2d)), md, &fd, &pd, &qd, &sumTail, &sum1Tail)
                index += 1
            }
            sum += Extended(sumTail)
            sum1 += Extended(sum1Tail)
            return (DoubleDouble(0), sum, sum1 * 2 / (xe * sum))
        } else {
            var b = 2 * (1 + xe)
            var d = 1 / b
            var h = d, delh = d
            var q1: Extended = 0, q2: Extended = 1
            let a1 = 0.25 - m2
            var q = a1, c = a1
            var a = -a1
            var s = 1 + q * delh
            var index = 2
            while true {
                let i = Extended(index)
                a -= 2 * (i - 1)
                c = -a * c * reciprocals[index]
                let qnew = (q1 - b * q2) / a
                q1 = q2
                q2 = qnew
                q += c * qnew
                b += 2
                d = 1 / (b + a * d)
                delh = (b * d - 1) * delh
                h += delh
                let dels = q * delh
                s += dels
                if abs(dels) < abs(s) * 0x1p-62 || index >= 250 { break }
                index += 1
            }
            // K_μ = √(π/(2x))·e^(−x)/s
            let logScale = DebyeExpansion.halfLogHalfPi - DoubleDouble.log(x) * 0.5 - x
            return (logScale, 1 / s, (m + xe + 0.5 - a1 * h) / xe)
        }
    }

    /// One term of Temme's series, in the precision of T: F_i = (i·F + P + Q)·r, P_i = (i + μ)·r·P,
    /// Q_i = (i − μ)·r·Q, with r = (y/i)/(i² − μ²), one division for all three since
    /// 1/(i ∓ μ) = (i ± μ)/(i² − μ²); the sums gather F_i and P_i − i·F_i.
    @inline(__always) static func temmeStep<T: BinaryFloatingPoint>(
        _ i: T, _ r: T, _ m: T, _ f: inout T, _ p: inout T, _ q: inout T, _ sum: inout T, _ sum1: inout T
    ) {
        f = (i * f + p + q) * r
        p *= (i + m) * r
        q *= (i - m) * r
        sum += f
        sum1 += p - i * f
    }

    /// 1/i for the loops (each within half an extended ulp; their error adds at most 2^−63 per term).
    nonisolated(unsafe) static let reciprocals: UnsafePointer<Extended> = {
        let p = UnsafeMutablePointer<Extended>.allocate(capacity: 251)
        p[0] = 0
        for i in 1...250 { p[i] = 1 / Extended(i) }
        return UnsafePointer(p)
    }()

    static func extended(_ a: DoubleDouble) -> Extended { Extended(a.hi) + Extended(a.lo) }

    /// log K_v(x) for 0 ≤ v, from μ = v − n (n = v rounded) by the upward recurrence
    /// K_{μ+j+1} = K_{μ+j−1} + (2(μ+j)/x)·K_{μ+j} (DLMF 10.29.1, stable upward), rescaled by 2^−900
    /// whenever it grows past 2^900 so that x down to the least subnormal cannot overflow it.
    static func logK(_ v: Double, _ x: Double) -> DoubleDouble {
        let n = v.rounded()
        let mu = v - n  // exact
        let (logScale, scaled, ratio) = orderHalfK(mu, x)
        if n == 0 { return logScale + log(scaled) }
        var previous: Extended = 1, current = ratio
        var shifts = 0
        let twoOverX = 2 / Extended(x), m = Extended(mu)  // one division, not one per step
        var j: Extended = 1
        while j < Extended(n) {
            let next = previous + (m + j) * twoOverX * current
            previous = current
            current = next
            if current > 0x1p900 {
                previous *= 0x1p-900
                current *= 0x1p-900
                shifts += 900
            }
            j += 1
        }
        return logScale + log(scaled * current) + ln2Times(Double(shifts))
    }
}
#endif
