import XCTest
@testable import EMLSyntax

final class NodeMapTests: XCTestCase {
    /// Each node keeps its first value, before and after the map leaves its array for a Dictionary at 33 nodes.
    func testFirstValueWinsOnBothSidesOfTheSwitch() {
        let nodes = (0..<80).map { MathExpression(.number(NumberLiteral(text: "\($0)", mantissa: "\($0)", radix: 10, base: 10, exponent: 0)), position: $0) }
        var map = NodeMap<Int>()
        for (k, node) in nodes.enumerated() {
            XCTAssertTrue(map.insert(ObjectIdentifier(node), k))
            XCTAssertFalse(map.insert(ObjectIdentifier(node), -1))
            XCTAssertEqual(map.count, k + 1)
            // Every node stored so far, including those moved into the Dictionary at the switch.
            XCTAssertEqual(map[ObjectIdentifier(nodes[k / 2])], k / 2)
        }
        XCTAssertEqual(nodes.map { map[ObjectIdentifier($0)] }, Array(0..<80))
        let stranger = MathExpression(.constant(.pi), position: 0)
        XCTAssertNil(map[ObjectIdentifier(stranger)])
    }

    /// A DAG that shares one subtree 40 times is walked once per distinct node, children first (past 32 nodes
    /// through a Set), and a small one as well (searched in place).
    func testPostorderVisitsSharedNodesOnce() throws {
        let x = try Parser.parseExpression("sin(2) + 3", scope: Scope())
        var sum = x
        for k in 0..<40 { sum = MathExpression(.binary(.add, sum, k % 2 == 0 ? x : sum), position: k) }
        let order = sum.postorder()
        XCTAssertEqual(order.count, 4 + 40)  // 2, sin, 3, +, and the 40 sums
        XCTAssertEqual(Set(order.map(ObjectIdentifier.init)).count, order.count)
        for (k, node) in order.enumerated() {
            for c in 0..<node.childCount {
                XCTAssertNotNil(order[..<k].firstIndex { $0 === node.child(c) }, "child after its parent at \(k)")
            }
        }
        XCTAssertTrue(order.last === sum)
        // A small DAG, searched in place: sin(2) shared by both operands of a product is visited once.
        let small = MathExpression(.binary(.multiply, x, x), position: 0)
        XCTAssertEqual(small.postorder().count, 5)  // 2, sin, 3, +, ×
        XCTAssertEqual(Set(small.postorder().map(ObjectIdentifier.init)).count, 5)
    }
}
