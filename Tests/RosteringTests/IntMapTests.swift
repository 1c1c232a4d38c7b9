@testable import Rostering
import Testing

/// The pricing's open-addressing map against Swift's dictionary over random operations,
/// clearing and growth included.
@Suite struct IntMapTests {
    @Test func behavesLikeADictionary() {
        var random = WeekGenerator.Random(state: 17)
        var map = IntMap(capacity: 4)
        var reference: [Int: Int] = [:]
        for round in 0..<6 {
            // Few distinct keys in some rounds (overwrites), many in others (growth), and packed
            // keys as the pricing builds them (high bits set).
            let spread = [50, 5_000, 1 << 40][round % 3]
            for _ in 0..<3_000 {
                let key = random.below(spread) * (round % 3 == 2 ? 7 : 1)
                if random.below(3) == 0 {
                    #expect(map[key] == reference[key])
                } else {
                    let value = random.below(1_000_000)
                    map.set(key, value)
                    reference[key] = value
                }
            }
            #expect(map.count == reference.count)
            for (key, value) in reference { #expect(map[key] == value) }
            map.removeAll()
            reference.removeAll()
            #expect(map.count == 0 && map[1] == nil)
        }
    }

    /// Keys that differ only in their high bits (the horizon rules' state is packed above bit
    /// 40 of a pricing label's key) spread over the table: no lookup walks a long run. With the
    /// slot taken from the product's middle bits they all shared one slot (4,096 probes).
    @Test func keysDifferingOnlyInHighBitsSpread() {
        var map = IntMap(capacity: 16)
        let keys = (0..<4_096).map { $0 << 40 | 7 }
        for (value, key) in keys.enumerated() { map.set(key, value) }
        let longest = keys.map { map.probes($0) }.max() ?? 0
        #expect(longest <= 32, "longest probe run \(longest)")
        #expect(keys.enumerated().allSatisfy { map[$0.element] == $0.offset })
    }
}
