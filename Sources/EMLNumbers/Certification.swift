/// The one precision schedule of every certificate in the engine (expressions, eml mode's trees, the
/// Bessel functions' balls): start a few guard bits above the target, add the bits a bound says it
/// lacks, quadruple while a ball cannot yet place the value away from 0, and stop at the cap.
public enum Certification {
    /// Guard bits above the target: absorb an ordinary expression's growth of the bound in one pass.
    public static let guardBits = 24

    /// The first working precision for a `bits`-bit target, and the cap max(8·p₀, p₀ + 4096).
    public static func schedule(bits: Int) -> (start: Int, cap: Int) {
        let p0 = bits + guardBits
        return (p0, max(8 * p0, p0 + 4096))
    }

    /// The precision after `p`: the `shortfall` in bits where the bound knows it (plus 32 and a quarter,
    /// for the bound's own growth), four times `p` where it does not (a ball around 0); never past `cap`.
    public static func next(after p: Int, shortfall: Int?, cap: Int) -> Int {
        guard let shortfall else { return min(cap, 4 * p) }
        return min(cap, p + max(shortfall, 0) + 32 + p / 4)
    }

    /// What one evaluation at a working precision says.
    public enum Step<Value> {
        /// The bound decides: this is the result.
        case decided(Value)
        /// Not yet: short by this many bits where the bound knows it, nil where it does not (a ball around 0).
        case short(by: Int?)
    }

    /// The engine's one certification loop: `attempt(p, atCap)` at rising working precision on the
    /// schedule for `bits`, until it decides; nil when it has not at the cap (the caller says why, having
    /// been told `atCap` on the last attempt).
    public static func run<Value, Failure: Error>(
        bits: Int, _ attempt: (_ precision: Int, _ atCap: Bool) throws(Failure) -> Step<Value>
    ) throws(Failure) -> (value: Value, precision: Int)? {
        let (start, cap) = schedule(bits: bits)
        var p = start
        while true {
            switch try attempt(p, p >= cap) {
            case .decided(let value): return (value, p)
            case .short(let shortfall):
                if p >= cap { return nil }
                p = next(after: p, shortfall: shortfall, cap: cap)
            }
        }
    }
}
