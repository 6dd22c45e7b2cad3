import CMPFR
import EMLNumbers
import XCTest

final class BigRealTests: XCTestCase {
    func testCopyOnWriteKeepsCopiesIndependent() {
        let a = BigReal(3, precision: 64)
        var b = a
        b.withMutablePointer { mpfr_mul_si($0, $0, 2, MPFR_RNDN) }
        XCTAssertEqual(a.doubleValue, 3)
        XCTAssertEqual(b.doubleValue, 6)
    }

    /// Aliasing: an operation whose result and operand are the same value must read before it writes.
    func testAliasedOperands() {
        var x = BigReal(2, precision: 100)
        x.withMutablePointer { mpfr_mul($0, $0, $0, MPFR_RNDN) }
        XCTAssertEqual(x.doubleValue, 4)
        let y = BigReal.binary(x, x, precision: 100) { r, a, b in _ = mpfr_add(r, a, b, MPFR_RNDN) }
        XCTAssertEqual(y.doubleValue, 8)
    }

    func testLiteralsRoundCorrectlyAtEachPrecision() {
        let tenth = BigReal(literal: "0.1", precision: 53)!
        XCTAssertEqual(tenth.doubleValue, 0.1)
        XCTAssertEqual(BigReal(literal: "0.1", precision: 200)!.decimalString(digits: 50), "1.0000000000000000000000000000000000000000000000000e-1")
        XCTAssertEqual(BigReal(literal: "0x1.8p3", precision: 10)!.doubleValue, 12)
        XCTAssertNil(BigReal(literal: "1.2.3", precision: 10))
        XCTAssertNil(BigReal(literal: "", precision: 10))
    }

    func testDecimalString() {
        XCTAssertEqual(BigReal.pi(precision: 200).decimalString(digits: 30), "3.14159265358979323846264338328")
        XCTAssertEqual(BigReal(-1234, precision: 64).decimalString(digits: 3), "-1.23e3")
        XCTAssertEqual(BigReal(0.25, precision: 64).decimalString(digits: 2), "2.5e-1")
        XCTAssertEqual(BigReal(1, precision: 64).decimalString(digits: 1), "1")
        XCTAssertEqual(BigReal(precision: 64).decimalString(digits: 5), "nan")
        XCTAssertEqual(BigReal(Double.infinity, precision: 64).decimalString(digits: 5), "inf")
        XCTAssertEqual(BigReal(-Double.infinity, precision: 64).decimalString(digits: 5), "-inf")
    }

    func testPrecisionConversions() {
        XCTAssertEqual(Precision.digits(forBits: 212), 64)
        XCTAssertEqual(Precision.digits(forBits: 53), 16)
        XCTAssertEqual(Precision.bits(forDigits: 30), 100)
        XCTAssertEqual(Precision.bits(forDigits: 1), 4)
    }

    func testComplexParts() {
        let z = BigComplex(real: BigReal(1.5, precision: 64), imaginary: BigReal(-2, precision: 64), precision: 64)
        XCTAssertEqual(z.real.doubleValue, 1.5)
        XCTAssertEqual(z.imaginary.doubleValue, -2)
        XCTAssertFalse(z.isNaN)
    }
}
