/// A map from non-negative `Int` keys to `Int` values by open addressing with linear probing,
/// for the pricing's inner loops: Swift's `Dictionary` hashes every key with SipHash, which took
/// about a fifth of the four-week family's run (perf). Keys here are packed states, so a
/// multiplicative (Fibonacci) hash spreads them well, provided the slot is taken from the
/// product's top bits: those depend on every bit of the key. (The slot used to come from bits
/// 20 and up of the product, which depend only on the key's low bits: packed states differing
/// only above bit 40, the horizon rules' state, all probed from one slot, and pricing Curtois &
/// Qu's instance 10 by the weekly search took over 30 s.)
///
/// `removeAll()` clears only the slots in use, so one map serves every day of a pricing.
/// Complexity: O(1) expected per lookup and insertion; O(entries) to clear.
struct IntMap {
    private var keys: [Int]
    private var values: [Int]
    private var used: [Int] = []
    private var mask: Int
    /// 64 − log2(slots): the product's top bits are the slot.
    private var shift: UInt64
    private static let empty = -1

    init(capacity: Int = 64) {
        var size = 16
        while size < 2 * capacity { size *= 2 }
        keys = Array(repeating: Self.empty, count: size)
        values = Array(repeating: 0, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    var count: Int { used.count }

    private func slot(of key: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The value of `key`, or nil.
    subscript(key: Int) -> Int? {
        var position = slot(of: key)
        while keys[position] != Self.empty {
            if keys[position] == key { return values[position] }
            position = (position + 1) & mask
        }
        return nil
    }

    /// Slots a lookup of `key` visits (1 when it sits in its own slot, or that slot is empty).
    func probes(_ key: Int) -> Int {
        var position = slot(of: key), visited = 1
        while keys[position] != Self.empty, keys[position] != key {
            position = (position + 1) & mask
            visited += 1
        }
        return visited
    }

    /// Sets `key` to `value` (`key` ≥ 0).
    mutating func set(_ key: Int, _ value: Int) {
        precondition(key >= 0, "IntMap keys are non-negative")
        if 2 * (used.count + 1) > keys.count { grow() }
        var position = slot(of: key)
        while keys[position] != Self.empty {
            if keys[position] == key {
                values[position] = value
                return
            }
            position = (position + 1) & mask
        }
        keys[position] = key
        values[position] = value
        used.append(position)
    }

    /// Empties the map, keeping its capacity.
    mutating func removeAll() {
        for position in used { keys[position] = Self.empty }
        used.removeAll(keepingCapacity: true)
    }

    private mutating func grow() {
        let entries = used.map { (keys[$0], values[$0]) }
        var bigger = IntMap(capacity: keys.count)
        for (key, value) in entries { bigger.set(key, value) }
        self = bigger
    }
}
