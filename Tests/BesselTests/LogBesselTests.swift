@testable import Bessel
@testable import NumericKernels
import CMPFR
import EMLNumbers
import Foundation
import TestSupport
import XCTest

/// The precision path against reference values computed offline with mpmath
/// (`scripts/bessel_reference.py`, committed in Data/reference.tsv), the Wronskian at two precisions,
/// and self-consistency across precisions.
final class LogBesselTests: XCTestCase {
    static let table: [(v: String, x: String, logI: String, logK: String)] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Data/reference.tsv")
        let text = try! String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map {
            let c = $0.split(separator: "\t").map(String.init)
            return (c[0], c[1], c[2], c[3])
        }
    }()

    func real(_ s: String, _ p: Int = 256) -> BigReal { BigReal(literal: s, precision: p)! }

    /// The value to `digits` digits, certified by agreement at two working precisions (nil if they differ).
    func certified(_ f: (BigReal, BigReal, Int) throws -> BigReal, _ v: String, _ x: String, digits: Int) rethrows -> String? {
        let wide = 2 * (Precision.bits(forDigits: digits) + 32)
        return try agreedDigits(digits) { p in try f(real(v, wide), real(x, wide), p) }
    }

    /// mpmath's "1.23e+1" spelling as the engine's "1.23e1"; trailing zeros restored to `digits`.
    func normalized(_ s: String, digits: Int) -> String {
        BigReal(literal: s, precision: 400)!.decimalString(digits: digits)
    }

    func testAgainstReferenceTable() throws {
        var checked = 0, failures: [String] = []
        for row in Self.table {
            for (kind, expected) in [("I", row.logI), ("K", row.logK)] where expected != "-" && expected != "0.0" {
                let f: (BigReal, BigReal, Int) throws -> BigReal = kind == "I" ? LogBessel.logI : LogBessel.logK
                let want = normalized(expected, digits: 30)
                let got = try certified(f, row.v, row.x, digits: 30)
                checked += 1
                if got != want { failures.append("log\(kind)(\(row.v), \(row.x)): got \(got ?? "uncertified"), want \(want)") }
            }
        }
        XCTAssertGreaterThan(checked, 150)
        XCTAssertEqual(failures.count, 0, failures.prefix(20).joined(separator: "\n"))
    }

    /// I_v K_{v+1} + I_{v+1} K_v = 1/x (DLMF 10.28.2) at random (v, x), at 64 and 256 bits, in log space.
    func testWronskianAtTwoPrecisions() throws {
        var state: UInt64 = 2024
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        for p in [64, 256] {
            for _ in 0..<12 {
                let v = BigReal(Foundation.pow(10, 3 * uniform() - 1.5), precision: p)  // 0.03 … 30
                let x = BigReal(Foundation.pow(10, 5 * uniform() - 2), precision: p)    // 0.01 … 1000
                let v1 = BigReal.binary(v, BigReal(1, precision: p), precision: p) { r, a, b in _ = mpfr_add(r, a, b, MPFR_RNDN) }
                let q = p + 20
                let a = BigReal.binary(try LogBessel.logI(v, x, precision: q), try LogBessel.logK(v1, x, precision: q), precision: q) { r, u, w in _ = mpfr_add(r, u, w, MPFR_RNDN) }
                let b = BigReal.binary(try LogBessel.logI(v1, x, precision: q), try LogBessel.logK(v, x, precision: q), precision: q) { r, u, w in _ = mpfr_add(r, u, w, MPFR_RNDN) }
                let ea = BigReal.unary(a, precision: q) { r, u in _ = mpfr_exp(r, u, MPFR_RNDN) }
                let eb = BigReal.unary(b, precision: q) { r, u in _ = mpfr_exp(r, u, MPFR_RNDN) }
                var w = BigReal.binary(ea, eb, precision: q) { r, u, t in _ = mpfr_add(r, u, t, MPFR_RNDN) }
                w.withMutablePointer { r in x.withPointer { _ = mpfr_mul(r, r, $0, MPFR_RNDN) } }   // x·W − 1 ≈ 0
                w.withMutablePointer { _ = mpfr_sub_ui($0, $0, 1, MPFR_RNDN) }
                XCTAssertTrue(w.isZero || w.exponent < -p + 8, "p = \(p), v = \(v.doubleValue), x = \(x.doubleValue): x·W − 1 = \(w.doubleValue)")
            }
        }
    }

    func testEdgeValues() throws {
        let p = 128
        func li(_ v: String, _ x: String) throws -> BigReal { try LogBessel.logI(real(v), real(x), precision: p) }
        func lk(_ v: String, _ x: String) throws -> BigReal { try LogBessel.logK(real(v), real(x), precision: p) }
        XCTAssertTrue(try li("0", "0").isZero)
        XCTAssertEqual(try li("2.5", "0").doubleValue, -.infinity)
        XCTAssertEqual(try lk("3", "0").doubleValue, .infinity)
        // log I₀(x) = x²/4 − x⁴/64 + …: 2.5e−601 at x = 1e−300, where log(I₀) in working precision is 0.
        XCTAssertEqual(try li("0", "1e-300").decimalString(digits: 30), "2.50000000000000000000000000000e-601")
        // K_{−v} = K_v; I_{−n} = I_n.
        XCTAssertEqual(try lk("-2.5", "3").decimalString(digits: 30), try lk("2.5", "3").decimalString(digits: 30))
        XCTAssertEqual(try li("-3", "2").decimalString(digits: 30), try li("3", "2").decimalString(digits: 30))
        // I_{−1/2}(x) = √(2/(πx)) cosh x: the reflection through K.
        let expected = Foundation.log((2 / (Double.pi * 2)).squareRoot() * Foundation.cosh(2))
        XCTAssertEqual(try li("-0.5", "2").doubleValue, expected, accuracy: 1e-14)
        // I_{−1.5}(x) < 0 for small x: no real logarithm, reported.
        XCTAssertThrowsError(try li("-1.5", "0.1")) { XCTAssertTrue("\($0)".contains("no real value"), "\($0)") }
        XCTAssertThrowsError(try li("1", "-2"))
        // K_v = K_0 + O(v²): subnormal orders, whose series cancel more bits than a double's exponent spans.
        for v in ["1e-310", "4.9e-324"] {
            XCTAssertEqual(try lk(v, "0.04").decimalString(digits: 30), try lk("0", "0.04").decimalString(digits: 30))
            XCTAssertEqual(LogBessel.logK(Double(v)!, 3), try LogBessel.correctlyRounded(.logK, 0, 3))
        }
    }

    /// Digits agree between 100-digit and 120-digit evaluations, and 1000 digits work.
    func testHighPrecision() throws {
        for (v, x) in [("0", "1"), ("2.5", "10"), ("100", "0.5")] {
            let at100 = try XCTUnwrap(certified(LogBessel.logK, v, x, digits: 100))
            let at120 = try XCTUnwrap(certified(LogBessel.logK, v, x, digits: 120))
            XCTAssertEqual(at100, BigReal(literal: at120, precision: 800)!.decimalString(digits: 100))
            let i100 = try XCTUnwrap(certified(LogBessel.logI, v, x, digits: 100))
            XCTAssertTrue(i100.count > 100)
        }
        let k1000 = try XCTUnwrap(certified(LogBessel.logK, "1", "2", digits: 1000))
        XCTAssertTrue(k1000.hasPrefix("-1.96707130256051389147686464265"), k1000)  // mpmath: -1.96707130256051389147686464266 at 30 digits
        XCTAssertEqual(k1000.filter(\.isNumber).count, 1000)
    }

    /// The continued-fraction route (x > 2) converges, and agrees with the trapezoid to the precision.
    func testContinuedFractionAgreesWithQuadrature() throws {
        for (v, x) in [("0", "2.5"), ("0.3", "7"), ("12.5", "31"), ("250", "40"), ("3", "900")] {
            let cf = try XCTUnwrap(LogBessel.logKContinuedFraction(real(v), real(x), precision: 200))
            // logK routes x > 2 through the fraction: compare with the integral directly.
            let trapezoid = try LogBessel.logKTrapezoid(real(v), real(x), precision: 200)
            XCTAssertEqual(cf.decimalString(digits: 55), trapezoid.decimalString(digits: 55), "v = \(v), x = \(x)")
        }
    }

    /// Debye's expansion (x > 10^7, or long series): log K by it agrees with the quadrature and the
    /// continued fraction, the Wronskian holds at x = 10^8 at 64 and 256 bits, and 1000 digits work.
    func testDebyeExpansionAtLargeArguments() throws {
        for (v, x) in [("0", "2e7"), ("3.5", "5e4"), ("1e5", "3e4"), ("2e4", "2e4")] {
            let debye = try XCTUnwrap(DebyeExpansion.logBessel(sign: -1, real(v), real(x), precision: 200))
            let direct = try LogBessel.logK(real(v), real(x), precision: 200)
            XCTAssertEqual(debye.decimalString(digits: 55), direct.decimalString(digits: 55), "v = \(v), x = \(x)")
        }
        // ρ = 30 is too small for 200 bits: the expansion says so instead of returning a wrong value.
        XCTAssertNil(DebyeExpansion.logBessel(sign: 1, real("10"), real("28"), precision: 200))
        for p in [64, 256] {
            for (v, x) in [(0.5, 1e8), (40.0, 3e9), (2e7, 1.5e8)] {
                let q = p + 20
                func vr(_ d: Double) -> BigReal { BigReal(d, precision: 64) }
                let a = BigReal.binary(try LogBessel.logI(vr(v), vr(x), precision: q), try LogBessel.logK(vr(v + 1), vr(x), precision: q), precision: q) { r, u, w in _ = mpfr_add(r, u, w, MPFR_RNDN) }
                let b = BigReal.binary(try LogBessel.logI(vr(v + 1), vr(x), precision: q), try LogBessel.logK(vr(v), vr(x), precision: q), precision: q) { r, u, w in _ = mpfr_add(r, u, w, MPFR_RNDN) }
                // x·(e^a + e^b) − 1 = x·e^a·(1 + e^(b−a)) − 1, in logs: log x + a + log1p(e^(b − a)).
                var d = BigReal.binary(b, a, precision: q) { r, u, w in _ = mpfr_sub(r, u, w, MPFR_RNDN) }
                d.withMutablePointer { _ = mpfr_exp($0, $0, MPFR_RNDN); _ = mpfr_log1p($0, $0, MPFR_RNDN) }
                var w = BigReal.binary(a, d, precision: q) { r, u, t in _ = mpfr_add(r, u, t, MPFR_RNDN) }
                let logX = BigReal.unary(vr(x), precision: q) { r, u in _ = mpfr_log(r, u, MPFR_RNDN) }
                w = BigReal.binary(w, logX, precision: q) { r, u, t in _ = mpfr_add(r, u, t, MPFR_RNDN) }
                // The logs are accurate relative to their size (~x), so the sum to |a|·2^−p.
                XCTAssertTrue(w.isZero || w.exponent < -p + 8 + a.exponent, "p = \(p), v = \(v), x = \(x): log(x·W) = \(w.doubleValue)")
            }
        }
        let i1000 = try XCTUnwrap(certified(LogBessel.logI, "1", "1e8", digits: 1000))
        XCTAssertTrue(i1000.hasPrefix("9.999998987072109106914450339770428079442e7".replacingOccurrences(of: "e7", with: "")), i1000)
        XCTAssertEqual(i1000.filter(\.isNumber).count, 1000 + 1)  // 1000 digits and the exponent's 7
    }

    /// One series evaluation certified by its error bound gives the same rounding as Arb's ball
    /// (`certifiedByBalls`, an independent method), at 53, 200 and 700 bits, on random (v, x) and near I_v(x) = 1.
    func testSeriesCertificateMatchesBalls() throws {
        var rng = SplitMix(seed: 77)
        var points = (0..<60).map { _ in (rng.logUniform(1e-3, 300), rng.logUniform(1e-5, 200)) }
        points += [(0, 1e-300), (0, 2.5), (0.5, 1.0), (2, 2.5), (1, 1.9)]  // I₂(2.5) ≈ 0.97, log near 0
        var bySeries = 0
        for bits in [53, 200, 700] {
            for (v, x) in points {
                let vr = BigReal(v, precision: 53), xr = BigReal(x, precision: 53)
                let two = try LogBessel.certifiedByBalls(.logI, vr, xr, bits: bits)
                if let one = try LogBessel.certifiedBySeries(vr, xr, bits: bits) {
                    bySeries += 1
                    XCTAssertEqual(one.decimalString(digits: bits / 3), two.decimalString(digits: bits / 3), "v = \(v), x = \(x), \(bits) bits")
                    XCTAssertTrue(one == two, "v = \(v), x = \(x), \(bits) bits")
                }
            }
        }
        XCTAssertGreaterThan(bySeries, 180)  // nearly every point is certified by one evaluation
    }

    /// The series' error bounds hold: the value at w bits lies within 2^error of the value at w + 256 bits, at
    /// w where log Γ is Stirling's and where it is `mpfr_lngamma` (w > 1024), for I and for K, v near integers included.
    func testSeriesErrorBoundsHold() throws {
        var rng = SplitMix(seed: 91)
        var points = (0..<40).map { _ in (rng.logUniform(1e-2, 30), rng.logUniform(1e-4, 30)) }
        points += [(2.000001, 1.5), (3 - 1e-9, 0.7), (25.5, 1e-300), (0.5, 29.9), (0.001, 1e-5), (29.99, 30)]
        var checked = 0
        for w in [64, 240, 1100] {
            for (v, x) in points {
                let vr = BigReal(v, precision: 53), xr = BigReal(x, precision: 53)
                let (iValue, iError) = LogBessel.logISeries(vr, xr, workingPrecision: w)
                let iTruth = LogBessel.logISeries(vr, xr, workingPrecision: w + 256).value
                XCTAssertTrue(Self.within(iValue, iTruth, iError), "log I, v = \(v), x = \(x), w = \(w)")
                XCTAssertLessThanOrEqual(iError, Swift.max(iValue.exponent, 0) - w + 24, "log I bound loose: v = \(v), x = \(x)")
                guard let (kValue, kError) = LogBessel.logKSeries(vr, xr, workingPrecision: w),
                      let kTruth = LogBessel.logKSeries(vr, xr, workingPrecision: w + 256)?.value else { continue }
                XCTAssertTrue(Self.within(kValue, kTruth, kError), "log K, v = \(v), x = \(x), w = \(w)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 130)
    }

    /// |a − b| ≤ 2^e
    static func within(_ a: BigReal, _ b: BigReal, _ e: Int) -> Bool {
        let d = BigReal.binary(a, b, precision: 64) { r, x, y in _ = mpfr_sub(r, x, y, MPFR_RNDA) }
        return d.isZero || d.exponent <= e
    }

    /// log K from one series evaluation rounds as the trapezoidal rule (an independent method) does, at
    /// 53, 200 and 700 bits; and as Arb's ball does where x is tiny or v is near an integer.
    func testKSeriesCertificateMatchesQuadrature() throws {
        var rng = SplitMix(seed: 78)
        let points = (0..<30).map { _ in (rng.logUniform(1e-2, 30), rng.logUniform(1e-2, 30)) }
        var bySeries = 0
        for bits in [53, 200, 700] {
            for (v, x) in points {
                let vr = BigReal(v, precision: 53), xr = BigReal(x, precision: 53)
                let quadrature = try LogBessel.logKTrapezoid(vr, xr, precision: bits + 64).rounded(toPrecision: bits)
                if let one = try LogBessel.certifiedKBySeries(vr, xr, bits: bits) {
                    bySeries += 1
                    XCTAssertTrue(one == quadrature, "v = \(v), x = \(x), \(bits) bits")
                }
            }
            for (v, x) in [(25.5, 1e-300), (2.000001, 1.5), (3 - 1e-9, 0.7), (0.5, 29.9), (-7.25, 3.0)] {
                let vr = BigReal(v, precision: 53), xr = BigReal(x, precision: 53)
                let one = try XCTUnwrap(LogBessel.certifiedKBySeries(vr, xr, bits: bits), "v = \(v), x = \(x)")
                XCTAssertTrue(one == (try LogBessel.certifiedByBalls(.logK, vr, xr, bits: bits)), "v = \(v), x = \(x), \(bits) bits")
                bySeries += 1
            }
        }
        XCTAssertEqual(bySeries, 3 * 35)
    }

}
