/// log Γ(1 + v) for 0 ≤ v < 32 from polynomials of degree 10 in t = v − c:
///   v < 1/64: c = 0 and Taylor's series −γt + Σ_{k≥2} (−1)^k ζ(k) t^k/k (DLMF 5.7.3), whose omitted
///     terms stay below 2^−62 of the first, so that tiny v keeps its relative accuracy and v = 0 gives 0;
///   1/64 ≤ v < 1: 63 pieces of width 1/64;
///   1 ≤ v < 32: 16 pieces per octave, of width 2^e/16 on [2^e, 2^(e+1)) (log Γ's high derivatives fall
///     like 1/v^10, so the pieces can widen with v), v − c exact (both in one binade);
/// each the interpolating polynomial at 11 Chebyshev points, generated with its error report by
/// `scripts/log_gamma_table.py`. The constant and linear coefficients carry double-double, so that only
/// the part of degree ≥ 2 (below 2^−10 of the value) rounds in double: error 2^−66.4 below v = 1 and
/// 2^−62.5 of max(1, |log Γ|) above (near v = 2.2), as the generator measures. The log I kernel reads
/// log Γ(1 + v) in one lookup and ten multiply-adds, where Stirling's series needs its own logarithm
/// and the recurrence from Γ(1 + f) a product of up to 21 factors.
public enum LogGammaTable {
    /// Pieces below 1 (index ⌊64v⌋), and per octave above (index 64 + 16e + the four bits after v's leading one).
    static public let pieces = 64, perOctave = 16, octaves = 5

    public struct Piece {
        public let center: Double
        public let a0: DoubleDouble, a1: DoubleDouble
        public let higher: (Double, Double, Double, Double, Double, Double, Double, Double, Double)
    }

    /// The generated rows as pieces, in a never-freed block read without reference counting.
    nonisolated(unsafe) static public let entries: UnsafePointer<Piece> = {
        let c = coefficients, width = 14
        let count = c.count / width
        precondition(count == pieces + perOctave * octaves)
        let p = UnsafeMutablePointer<Piece>.allocate(capacity: count)
        for i in 0..<count {
            let r = Array(c[(width * i)..<(width * (i + 1))])
            (p + i).initialize(to: Piece(
                center: r[0], a0: DoubleDouble(r[1], r[2]), a1: DoubleDouble(r[3], r[4]),
                higher: (r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13])))
        }
        return UnsafePointer(p)
    }()

    /// log Γ(1 + v) for 0 ≤ v < 32, within the table's error (relative about 2^−58 below v = 1/64).
    /// The piece of v: ⌊64v⌋ below 1, else 64 + 16e + the four bits after v's leading one (v = 2^e·1.b…).
    /// Both candidates and a select: a branch on v < 1 would guess wrong point by point (the log I
    /// lanes: +12% on points of x < 1).
    @inlinable @inline(__always) static public func index(_ v: Double) -> Int {
        let bits = v.bitPattern
        let below = Int(v * Double(pieces))
        let above = pieces + perOctave * (Int(bits >> 52) - 1023) + Int((bits >> 48) & 0xF)
        return v < 1 ? below : above
    }

    @inlinable @inline(__always) static public func logGammaOnePlus(_ v: Double) -> DoubleDouble {
        assert(v >= 0 && v < 32, "log Γ(1 + v) is tabled for 0 ≤ v < 32")
        let piece = entries[index(v)]
        // t = v − c exactly as a pair (exact anyway but for the first piece: c/2 ≤ v ≤ 2c).
        let t = DoubleDouble.twoSum(v, -piece.center)
        let h = piece.higher
        var s = h.8
        s = s * t.hi + h.7
        s = s * t.hi + h.6
        s = s * t.hi + h.5
        s = s * t.hi + h.4
        s = s * t.hi + h.3
        s = s * t.hi + h.2
        s = s * t.hi + h.1
        s = s * t.hi + h.0
        return piece.a0 + piece.a1 * t + s * t.hi * t.hi
    }
}
