import EMLNumbers
import FloatFormats
import TestSupport
import XCTest

final class FloatFormatTests: XCTestCase {
    /// Mismatches of both rounding paths (the fast Double one on every input, MPFR's on every tenth)
    /// against a hardware conversion, on 10^6 random inputs a quarter of which are exact ties.
    func mismatches(_ format: FloatFormat, exponents: ClosedRange<Int>, seed: UInt64, hardware: (Double) -> Double) -> Int {
        var g = SplitMix(seed: seed)
        var mismatches = 0
        for k in 0..<1_000_000 {
            let x = g.double(exponents: exponents, tiesFor: format.precision)
            let expected = hardware(x)
            if format.rounded(x).bitPattern != expected.bitPattern { mismatches += 1 }
            if k % 10 == 0, format.rounded(BigReal(x, precision: 53)).doubleValue.bitPattern != expected.bitPattern { mismatches += 1 }
        }
        return mismatches
    }

    func testFloat32MatchesHardware() {
        XCTAssertEqual(mismatches(.float32, exponents: -152...130, seed: 7) { Double(Float($0)) }, 0)
    }

    func testFloat16MatchesHardware() {
        XCTAssertEqual(mismatches(.float16, exponents: -28...18, seed: 11) { Double(Float16($0)) }, 0)
        // Encodings against the hardware's bit patterns.
        var g = SplitMix(seed: 13)
        for _ in 0..<10_000 {
            let x = g.double(exponents: -28...18, tiesFor: 11)
            XCTAssertEqual(FloatFormat.float16.bitPattern(x).map(UInt16.init), Float16(x).bitPattern, "\(x)")
        }
    }

    /// Integer roundings from the reference note.
    func testCheckableIntegerRoundings() {
        let cases: [(FloatFormat, Double, Double)] = [
            (.bfloat16, 257, 256), (.bfloat16, 259, 260), (.bfloat16, 385, 384), (.bfloat16, 4097, 4096), (.bfloat16, 65791, 65536),
            (.float16, 2049, 2048), (.float16, 2051, 2052), (.float16, 32769, 32768), (.float16, 65519, 65504), (.float16, 65520, .infinity),
            (.float32, 16_777_217, 16_777_216),
            (.float8E4M3, 17, 16), (.float8E4M3, 19, 20), (.float8E5M2, 9, 8), (.float8E5M2, 11, 12),
        ]
        for (format, x, expected) in cases {
            XCTAssertEqual(format.rounded(x), expected, "\(format) \(x)")
            XCTAssertEqual(format.rounded(BigReal(x, precision: 64)).doubleValue, expected, "\(format) \(x) (MPFR)")
        }
        XCTAssertEqual(FloatFormat.float16.ulp(40000), 32)
        XCTAssertEqual(FloatFormat.bfloat16.ulp(300), 2)
    }

    /// The note's 257 + 128·log2(L/256) holds from L = 512 on (L − 1 rounds up to a new value); at
    /// L = 256 the positions 0…255 are all exact, 256 values.
    func testDistinctBfloat16Positions() {
        XCTAssertEqual(Set((0..<256).map { FloatFormat.bfloat16.rounded(Double($0)) }).count, 256)
        for log2L in 9...14 {
            let L = 1 << log2L
            let distinct = Set((0..<L).map { FloatFormat.bfloat16.rounded(Double($0)) }).count
            XCTAssertEqual(distinct, 257 + 128 * (log2L - 8), "L = \(L)")
        }
    }

    func testLimitsAndEncodings() {
        XCTAssertEqual(FloatFormat.float16.largestFiniteValue, 65504)
        XCTAssertEqual(FloatFormat.bfloat16.largestFiniteValue, 3.3895313892515355e38)
        XCTAssertEqual(FloatFormat.float8E4M3.largestFiniteValue, 448)
        XCTAssertEqual(FloatFormat.float8E5M2.largestFiniteValue, 57344)
        XCTAssertEqual(FloatFormat.float8E4M3.rounded(460), 448)
        // E4M3's top binade [256, 448] is finite: MPFR's path once overflowed it to 448 (272 is a tie: 256).
        XCTAssertEqual(FloatFormat.float8E4M3.emax, 9)
        XCTAssertEqual(FloatFormat.float8E4M3.rounded(BigReal(272, precision: 64)).doubleValue, 256)
        XCTAssertEqual(FloatFormat.float8E4M3.rounded(BigReal(300, precision: 64)).doubleValue, 288)
        XCTAssertEqual(FloatFormat.float8E4M3.rounded(464), 448)
        XCTAssertEqual(FloatFormat.float8E4M3.rounded(470), 448, "saturates")
        XCTAssertEqual(FloatFormat.float16.smallestPositiveValue, 5.960464477539063e-8)
        XCTAssertEqual(FloatFormat.float16.hexBits(1), "0x3c00")
        XCTAssertEqual(FloatFormat.bfloat16.hexBits(-2), "0xc000")
        XCTAssertEqual(FloatFormat.float8E4M3.hexBits(448), "0x7e")
        XCTAssertEqual(FloatFormat.float8E5M2.hexBits(.infinity), "0x7c")
        XCTAssertEqual(FloatFormat.float16.next(1), 1.0009765625)
        XCTAssertEqual(FloatFormat.float16.previous(1), 0.99951171875)
        XCTAssertEqual(FloatFormat.float16.next(65504), .infinity)
        // NaN has no place among a format's values: no ordinal, no neighbours, no distance (it once trapped).
        XCTAssertNil(FloatFormat.float16.ordinal(.nan))
        XCTAssertTrue(FloatFormat.float16.next(.nan).isNaN && FloatFormat.float16.previous(.nan).isNaN)
        XCTAssertNil(FloatFormat.float16.ulpDistance(.nan, 1))
        for f in [FloatFormat.float16, .bfloat16, .float32] {
            XCTAssertTrue(f.rounded(Double.nan).isNaN && f.ulp(.nan).isNaN && f.ulp(.infinity).isNaN)
            XCTAssertEqual(f.rounded(-Double.infinity), -.infinity)
        }
        XCTAssertEqual(FloatFormat.float16.hexBits(-.nan), "0x7e00")  // NaN's sign is not kept
        XCTAssertEqual(FloatFormat.float16.previous(.infinity), 65504)
        XCTAssertEqual(FloatFormat.float16.next(-.infinity), -65504)
        XCTAssertEqual(FloatFormat.bfloat16.ulpDistance(256, 260), 2)
        XCTAssertEqual(FloatFormat.float16.ulpDistance(-5.960464477539063e-8, 5.960464477539063e-8), 2)
        for x in [0.0, 1e-7, 1, 3.5, 65504] {
            XCTAssertEqual(FloatFormat.float16.value(ordinal: FloatFormat.float16.ordinal(x == 1e-7 ? FloatFormat.float16.rounded(x) : x)!),
                           x == 1e-7 ? FloatFormat.float16.rounded(x) : x)
        }
    }

    func testNamesAliasesAndCustomFormats() throws {
        XCTAssertEqual(try FloatFormat.named("bfloat16"), .bfloat16)
        XCTAssertEqual(try FloatFormat.named("FLOAT32"), .float32)
        XCTAssertEqual(try FloatFormat.named("float16"), .float16)
        let custom = try FloatFormat.named("p=8,emin=-132,emax=128")
        XCTAssertEqual(custom.rounded(257), 256)
        XCTAssertEqual(try FloatFormat.named("p=4,emin=-8,emax=9,overflow=saturate").rounded(1e6), 480)
        XCTAssertThrowsError(try FloatFormat.named("bf17")) { XCTAssertTrue("\($0)".contains("did you mean bf16?"), "\($0)") }
        XCTAssertThrowsError(try FloatFormat.named("p=1,emin=0,emax=3"))
        XCTAssertThrowsError(try FloatFormat.named("p=8,emin=3,emax=1"))
        XCTAssertThrowsError(try FloatFormat.named("p=8,emin=-3,emax=10,colour=red"))
    }
}

extension SplitMix {
    /// A double with a random significand and an exponent in `exponents`; one in four is an exact
    /// tie of a `p`-bit format (the halfway point between two neighbours).
    mutating func double(exponents: ClosedRange<Int>, tiesFor p: Int) -> Double {
        let bits = next()
        let e = exponents.lowerBound + Int(bits % UInt64(exponents.count))
        var significand = (next() >> 12) | (1 << 52)
        if bits & 0x300 == 0 {
            let drop = UInt64(53 - p)
            significand = ((significand >> drop) << drop) | (1 << (drop - 1))
        }
        let magnitude = Double(significand) * Double(sign: .plus, exponent: e - 52, significand: 1)
        return bits & 0x400 == 0 ? magnitude : -magnitude
    }
}

extension FloatFormatTests {
    /// The double path's rounding (a bit-pattern fast path in the normal binades) against MPFR's, on
    /// random doubles of every scale, ties and near-ties included, for every named format and two customs.
    func testDoubleRoundingMatchesMPFR() throws {
        var g = SplitMix(seed: 2024)
        let formats = try ["fp32", "tf32", "fp16", "bf16", "fp8e4m3", "fp8e5m2", "p=5,emin=-6,emax=7", "p=40,emin=-300,emax=300,subnormals=no",
                           "p=20,emin=-5000,emax=100000000"].map(FloatFormat.named)
        // A range wider than a double's: ±∞, NaN and subnormal doubles stay off the bit-pattern path, and
        // below double's range the MPFR path rounds (the quanta there once divided by 0 into NaN).
        let wide = formats.last!
        XCTAssertEqual(wide.rounded(Double.infinity), .infinity)
        XCTAssertTrue(wide.rounded(Double.nan).isNaN)
        XCTAssertEqual(wide.rounded(0x1.fffffp-1060), wide.rounded(BigReal(0x1.fffffp-1060, precision: 64)).doubleValue)
        for f in formats {
            for k in 0..<20_000 {
                let raw = g.next()
                var x = Double(bitPattern: raw & 0x800F_FFFF_FFFF_FFFF | UInt64(1023 + Int(raw >> 52 & 0xFF) % 300 - 150) << 52)
                if k % 3 == 0 {
                    // A tie or a neighbour of one: p + 1 significant bits, maybe one ulp of double off.
                    let shift = UInt64(52 - f.precision)
                    x = Double(bitPattern: (x.bitPattern >> shift | 1) << shift)
                    if k % 2 == 0 { x = k % 4 == 0 ? x.nextUp : x.nextDown }
                }
                let mpfr = f.rounded(BigReal(x, precision: 64)).doubleValue
                let fast = f.rounded(x)
                XCTAssertTrue(fast == mpfr || (fast.isNaN && mpfr.isNaN), "\(f.name): round(\(x)) = \(fast), MPFR \(mpfr)")
                if fast != mpfr && !(fast.isNaN && mpfr.isNaN) { return }
            }
        }
    }
}
