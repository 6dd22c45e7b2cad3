#if arch(x86_64) || arch(i386)
import Foundation

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
    /// summed until a term is below 2^−66 of the sum and the terms decrease.
    @inline(never)  // inlined, the caller's live values spill the loop's x87 stack to memory (20% slower)
    static func besselISeriesTail(_ v: Double, _ x: Double) -> Extended {
        let q = Extended(x) * Extended(x) / 4
        let ve = Extended(v)
        var term: Extended = 1
        var sum: Extended = 0
        var k: Extended = 1
        while true {
            term *= q / (k * (k + ve))
            sum += term
            if term < sum * 0x1p-66 && q < k * (k + ve) { break }
            k += 1
        }
        return sum
    }

    /// Taylor coefficients of 1/Γ(1 + μ) at μ = 0 (mpmath `taylor(rgamma, 1, 27)`; DLMF 5.7.1), enough
    /// for 2^−70 at |μ| ≤ ½.
    static let reciprocalGamma: [Extended] = [
        1.0, 0.57721566490153286060651209008240243, -0.65587807152025388107701951514539048,
        -0.042002635034095235529003934875429819, 0.16653861138229148950170079510210524,
        -0.042197734555544336748208301289187391, -0.009621971527876973562114921672348199,
        0.0072189432466630995423950103404465727, -0.0011651675918590651121139710840183887,
        -0.00021524167411495097281572996305364781, 0.00012805028238811618615319862632816432,
        -0.000020134854780788238655689391421021818, -0.0000012504934821426706573453594738330922,
        0.0000011330272319816958823741296203307449, -0.00000020563384169776071034501541300205728,
        0.0000000061160951044814158178624986828553429, 0.0000000050020076444692229300556650480599913,
        -0.0000000011812745704870201445881265654365056, 0.00000000010434267116911005104915403323122502,
        7.7822634399050712540499373113607772e-12, -3.6968056186422057081878158780857662e-12,
        5.1003702874544759790154813228632318e-13, -2.0583260535665067832224295448552374e-14,
        -5.3481225394230179823700173187279399e-15, 1.2267786282382607901588938466224224e-15,
        -1.1812593016974587695137645868422978e-16, 1.1866922547516003325797772429286741e-18,
        1.412380655318031781555803947566709e-18,
    ]

    /// K_μ(x) as e^(logScale)·scaled, and K_{μ+1}(x)/K_μ(x), for |μ| ≤ ½; the caller takes one logarithm of
    /// scaled times the recurrence's product instead of two.
    ///
    /// x < 1: Temme's series (Temme 1975; the form of Numerical Recipes' bessik), with
    /// γ₁ = (1/Γ(1−μ) − 1/Γ(1+μ))/(2μ) and γ₂ = (1/Γ(1−μ) + 1/Γ(1+μ))/2 from the Taylor series of 1/Γ,
    /// which stays accurate as μ → 0 where the difference quotient would cancel.
    /// 1 ≤ x < 24: the tabled polynomials (`BesselKTable`). Beyond (not reached from the kernels,
    /// which use Debye's expansion there): Steed's algorithm for Temme's continued fraction (CF2), which
    /// gives K_μ·e^x√(2x/π) and the ratio together.
    static func orderHalfK(_ mu: Double, _ x: Double) -> (logScale: DoubleDouble, scaled: Extended, ratio: Extended) {
        let m = Extended(mu), xe = Extended(x)
        if BesselKTable.range.contains(x) {
            let (a, d) = BesselKTable.evaluate(mu, x)
            // K_μ = √(π/2)·e^(−x)·(1 + A)/√x: the root here, not ½ log x beside the caller's logarithm.
            return (DebyeExpansion.halfLogHalfPi - x, (1 + Extended(a)) / xe.squareRoot(), 1 + (m + 0.5) / xe + Extended(d))
        }
        let m2 = m * m
        if x < 1 {
            let table = tables
            var even: Extended = 0, odd: Extended = 0
            for k in stride(from: 13, through: 0, by: -1) {
                even = even * m2 + table.gammaEven[k]
                odd = odd * m2 + table.gammaOdd[k]
            }
            let gamma2 = even, gamma1 = -odd
            let gammaPlus = gamma2 - m * gamma1   // 1/Γ(1+μ)
            let gammaMinus = gamma2 + m * gamma1  // 1/Γ(1−μ)
            let d = -ExtendedSums.extended(DoubleDouble.log(x) - LogTable.ln2)  // not log(x/2): x/2 may underflow
            let e = m * d
            let pimu = Extended.pi * m
            // πμ/sin(πμ) from sin's Taylor series (|πμ| ≤ π/2: the j = 14 term is below 2^−70).
            let pimu2 = pimu * pimu
            var sinOverX: Extended = 0
            for j in stride(from: 14, through: 0, by: -1) { sinOverX = sinOverX * -pimu2 + table.oddFactorials[j] }
            let fact = 1 / sinOverX
            let expE = Foundation.exp(e)
            let coshE = (expE + 1 / expE) / 2
            let sinhEOverE: Extended
            if abs(e) < 0.25 {
                // sinh(e)/e = Σ e^(2j)/(2j+1)!; the j = 8 term is below 2^−70 here.
                let e2 = e * e
                var s: Extended = 0
                for j in stride(from: 8, through: 0, by: -1) { s = s * e2 + table.oddFactorials[j] }
                sinhEOverE = s
            } else {
                sinhEOverE = (expE - 1 / expE) / (2 * e)
            }
            var ff = fact * (gamma1 * coshE + gamma2 * sinhEOverE * d)
            var sum = ff
            var p = expE / (2 * gammaPlus)
            var q = 1 / (2 * expE * gammaMinus)
            var c: Extended = 1
            let y = xe * xe / 4
            var sum1 = p
            var index = 1  // counted as an integer: converting an x87 counter to Int switches the control word
            while true {
                let i = Extended(index)
                // One division for both: 1/(i ∓ μ) = (i ± μ)/(i² − μ²).
                let r = 1 / (i * i - m2)
                let rMinus = (i + m) * r, rPlus = (i - m) * r
                ff = (i * ff + p + q) * r
                c *= y * reciprocals[index]
                p *= rMinus
                q *= rPlus
                let delta = c * ff
                sum += delta
                sum1 += c * (p - i * ff)
                if abs(delta) < abs(sum) * 0x1p-62 || index >= 250 { break }
                index += 1
            }
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

    /// Coefficients read in the loops, in one never-freed block (no reference counting): the even and
    /// odd Taylor coefficients of 1/Γ(1 + μ), and 1/(2j+1)! for sin and sinh.
    struct Tables: @unchecked Sendable {
        let gammaEven: UnsafePointer<Extended>
        let gammaOdd: UnsafePointer<Extended>
        let oddFactorials: UnsafePointer<Extended>
    }

    static let tables: Tables = {
        let even = UnsafeMutablePointer<Extended>.allocate(capacity: 14)
        let odd = UnsafeMutablePointer<Extended>.allocate(capacity: 14)
        for k in 0..<14 { even[k] = reciprocalGamma[2 * k]; odd[k] = reciprocalGamma[2 * k + 1] }
        let f = UnsafeMutablePointer<Extended>.allocate(capacity: 15)
        var factorial: Extended = 1
        for j in 0..<15 {
            if j > 0 { factorial *= Extended((2 * j) * (2 * j + 1)) }
            f[j] = 1 / factorial
        }
        return Tables(gammaEven: even, gammaOdd: odd, oddFactorials: f)
    }()

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
