import CMPFR
import EMLNumbers

extension LogBessel {
    /// log I_v(x) or log K_v(x) (`kind` .logI or .logK) as a ball containing the value for every point of
    /// the balls v and x > 0, from Arb's exponentially scaled functions: log I = log(e^(−x) I) + x,
    /// log K = log(e^x K) − x, so neither I nor K itself is formed (it overflows where its log is modest).
    /// K_{−v} = K_v: K takes |v|, so a ball around a negative order straddles nothing.
    /// An indeterminate ball where Arb cannot decide; an error where I_v(x) < 0 (a negative order).
    public static func logBall(_ kind: Kind, _ v: Ball, _ x: Ball, precision p: Int) throws(DomainError) -> Ball {
        let order = kind == .logK ? Ball.make { arb_abs($0, v.pointer) } : v
        let scaled = withExtendedLifetime((order, x)) {
            Ball.make { r in
                if kind == .logI { arb_hypgeom_bessel_i_scaled(r, order.pointer, x.pointer, p) }
                else { arb_hypgeom_bessel_k_scaled(r, order.pointer, x.pointer, p) }
            }
        }
        if kind == .logI && scaled.isNegative {
            throw DomainError(message: "log I_v(x) has no real value here: I_v(x) < 0 for v = \(v.midpointValue.doubleValue), x = \(x.midpointValue.doubleValue)")
        }
        return withExtendedLifetime((scaled, x)) {
            Ball.make { r in
                arb_log(r, scaled.pointer, p)
                if kind == .logI { arb_add(r, r, x.pointer, p) } else { arb_sub(r, r, x.pointer, p) }
            }
        }
    }
}
