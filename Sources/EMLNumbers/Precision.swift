import CMPFR

/// Limits and conversions for working precision in bits.
public enum Precision {
    /// Smallest precision MPFR accepts.
    public static let minimumBits = 2
    /// Largest precision a caller may ask for; past this a single multiplication costs seconds.
    public static let maximumBits = 1_000_000

    /// Bits needed so that a binary value carries `digits` significant decimal digits.
    public static func bits(forDigits digits: Int) -> Int {
        // log2(10) = 3.3219280948873623…, in integer arithmetic (no libm needed), rounded up.
        (digits * 33_219_280_949 + 9_999_999_999) / 10_000_000_000
    }

    /// Decimal digits a `bits`-bit significand represents (212 bits → 64 digits).
    public static func digits(forBits bits: Int) -> Int {
        // log10(2) = 0.30102999566398120…, rounded to nearest.
        max(1, (bits * 30_102_999_566 + 50_000_000_000) / 100_000_000_000)
    }

    /// Widen MPFR's exponent range to its maximum on the calling thread (MPFR keeps it per thread).
    ///
    /// EML constructions evaluate exp(b) inside every subtraction, so the default range would
    /// overflow where the mathematical result is modest.
    public static func useWidestExponentRange() {
        if mpfr_get_emax() != mpfr_get_emax_max() { mpfr_set_emax(mpfr_get_emax_max()) }
        if mpfr_get_emin() != mpfr_get_emin_min() { mpfr_set_emin(mpfr_get_emin_min()) }
    }
}
