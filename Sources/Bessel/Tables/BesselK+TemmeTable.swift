#if arch(x86_64) || arch(i386)
/// The functions of the order that start Temme's series for K_μ(x), |μ| ≤ ½, as 64-bit polynomials in
/// w = μ² on 32 pieces of [0, ¼] (all four are even in μ):
///
///   F₁ = (πμ/sin πμ)·γ₁,  F₂ = (πμ/sin πμ)·γ₂,  Γ(1 ± μ)/2 = P_e ± μ·P_o,
///
/// with γ₁ = (1/Γ(1−μ) − 1/Γ(1+μ))/(2μ) and γ₂ = (1/Γ(1−μ) + 1/Γ(1+μ))/2 (Temme 1975). Four chains of
/// eight multiply-adds where the series of 1/Γ and of sin took three chains of fourteen and three
/// divisions; error ≤ 2^−63.2 relative (measured by `scripts/bessel_temme_table.py`, which generates the
/// table).
enum TemmeTable {
    typealias Extended = Float80
    static let pieces = 32, terms = 9

    /// Each coefficient as a pair of doubles (head, tail): two 8-byte loads and an addition instead of a
    /// 10-byte x87 load, which AMD's cores microcode (measured +2%, about the machine's noise).
    nonisolated(unsafe) static let entries: UnsafePointer<Double> = {
        let c = coefficients
        let p = UnsafeMutablePointer<Double>.allocate(capacity: 2 * c.count)
        for (k, a) in c.enumerated() {
            let head = Double(a)
            p[2 * k] = head
            p[2 * k + 1] = Double(a - Extended(head))
        }
        return UnsafePointer(p)
    }()

    @inline(__always) static func coefficient(_ c: UnsafePointer<Double>, _ k: Int) -> Extended {
        Extended(c[2 * k]) + Extended(c[2 * k + 1])
    }

    /// (F₁, F₂, P_e, P_o) at w = μ² ∈ [0, ¼].
    @inline(__always) static func evaluate(_ w: Extended) -> (Extended, Extended, Extended, Extended) {
        let j = min(Int(Double(w) * Double(4 * pieces)), pieces - 1)
        let t = w - (Extended(j) + 0.5) / Extended(4 * pieces)
        let c = entries + 8 * terms * j
        var f1 = coefficient(c, terms - 1), f2 = coefficient(c, 2 * terms - 1)
        var pe = coefficient(c, 3 * terms - 1), po = coefficient(c, 4 * terms - 1)
        for k in stride(from: terms - 2, through: 0, by: -1) {
            f1 = f1 * t + coefficient(c, k)
            f2 = f2 * t + coefficient(c, terms + k)
            pe = pe * t + coefficient(c, 2 * terms + k)
            po = po * t + coefficient(c, 3 * terms + k)
        }
        return (f1, f2, pe, po)
    }
}
#endif
