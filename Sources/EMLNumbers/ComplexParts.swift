import CMPFR

/// Stable addresses of an MPC value's parts. `&z.pointee.re` would be an inout access: passing it
/// twice in one call (result and operand) is an exclusivity violation that Swift may route through a temporary.
@inline(__always) public func realPart(_ z: UnsafeMutablePointer<__mpc_struct>) -> UnsafeMutablePointer<__mpfr_struct> {
    z.pointer(to: \.re)!
}

@inline(__always) public func imaginaryPart(_ z: UnsafeMutablePointer<__mpc_struct>) -> UnsafeMutablePointer<__mpfr_struct> {
    z.pointer(to: \.im)!
}
