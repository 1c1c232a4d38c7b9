/// Which large neighbourhood the horizon search (and the weekly search) tries next, and how
/// large.
///
/// Two kinds: some agents over the whole horizon, or everyone (in the weekly search, as many
/// agent-days as a week's neighbourhood) over a window of days. Their cost
/// differs by two orders of magnitude on the benchmark (a window of a week over 60 agents closes
/// in a fraction of a second; 12 agents over four weeks take the whole time allowed, their
/// column generation tailing off), and which one improves the roster changes as the search goes
/// on. So the schedule shares **work**, not turns: each kind gets a share of the work spent so
/// far proportional to its recent rate of improvements per unit of work, never less than
/// ``leastShare``, and the kind furthest below its share goes next. "Recent" is the same amount
/// of work for every kind (``memory`` of its newest neighbourhoods), so that a few quick
/// failures of a cheap kind do not weigh as much as a long success of an expensive one.
///
/// Work is measured in deterministic units (simplex iterations plus pricing labels, see
/// ``HorizonPatternSearch``), never in seconds: the same inputs give the same schedule on an
/// idle or a loaded machine.
///
/// Sizes are a share of the team or of the horizon (``scale``, drawn ±20 % by the caller). Near
/// the optimum, rostering rules tie agents and days together so that improvements need most of
/// the team or of the horizon: a kind's scale grows by 30 % after every three of its
/// neighbourhoods in a row without improvement, up to ``largestScale``.
struct NeighbourhoodSchedule {
    enum Kind: Int, CaseIterable {
        case agents, days
    }

    /// The least share of the work a kind that may be used keeps, however it fares.
    static let leastShare = 0.15
    static let growth = 1.3
    static let failuresBeforeGrowth = 3
    static let largestScale = 0.9

    /// Kinds that may be used (a team of three or fewer has no useful agent neighbourhoods).
    let kinds: [Kind]
    /// Work of each kind's newest neighbourhoods that its rate is measured over.
    let memory: Double
    /// Current size of each kind, as a share of the team or the horizon.
    private(set) var scale: [Double]
    private var spent: [Double]
    private var recent: [[(work: Double, improved: Bool)]]
    private var failures: [Int]

    /// - Parameters:
    ///   - kinds: the kinds that may be used, in the order they are first tried.
    ///   - scale: the starting share of the team or horizon for every kind.
    ///   - memory: how much of each kind's newest work its rate is measured over (the
    ///     neighbourhood that crosses it included).
    init(kinds: [Kind], scale: Double, memory: Double) {
        precondition(!kinds.isEmpty)
        self.kinds = kinds
        self.memory = memory
        self.scale = Array(repeating: scale, count: Kind.allCases.count)
        spent = Array(repeating: 0, count: Kind.allCases.count)
        recent = Array(repeating: [], count: Kind.allCases.count)
        failures = Array(repeating: 0, count: Kind.allCases.count)
    }

    /// Recent improvements per unit of work of a kind (nil before it has been tried).
    func rate(of kind: Kind) -> Double? {
        let history = recent[kind.rawValue]
        guard !history.isEmpty else { return nil }
        let work = history.reduce(0) { $0 + $1.work }
        return Double(history.filter(\.improved).count) / max(work, 1e-3)
    }

    /// The share of the work each kind should have, from the recent rates (equal while a kind
    /// is untried or nothing improves).
    func shares() -> [Kind: Double] {
        let rates = kinds.map { rate(of: $0) }
        let total = rates.reduce(0) { $0 + ($1 ?? 0) }
        guard kinds.count > 1, !rates.contains(where: { $0 == nil }), total > 0 else {
            return Dictionary(uniqueKeysWithValues: kinds.map { ($0, 1 / Double(kinds.count)) })
        }
        // Proportional shares, each raised to the least share with the others scaled down to fit.
        var share = Dictionary(uniqueKeysWithValues: zip(kinds, rates.map { $0! / total }))
        let raised = kinds.filter { share[$0]! < Self.leastShare }
        let restTotal = kinds.filter { !raised.contains($0) }.reduce(0) { $0 + share[$1]! }
        let left = 1 - Double(raised.count) * Self.leastShare
        for kind in kinds { share[kind] = raised.contains(kind) ? Self.leastShare : share[kind]! / restTotal * left }
        return share
    }

    /// The next kind: an untried one first, then the one whose work spent is furthest below its
    /// share (the earlier kind on a tie).
    func next() -> Kind {
        if let untried = kinds.first(where: { recent[$0.rawValue].isEmpty }) { return untried }
        let share = shares()
        return kinds.min { spent[$0.rawValue] / share[$0]! < spent[$1.rawValue] / share[$1]! }!
    }

    /// Records how a neighbourhood of `kind` went.
    mutating func record(_ kind: Kind, work: Double, improved: Bool) {
        let index = kind.rawValue
        spent[index] += max(work, 0)
        recent[index].append((max(work, 0), improved))
        // Forget the oldest while the newer ones alone cover the memory.
        while recent[index].count > 1, recent[index].dropFirst().reduce(0, { $0 + $1.work }) >= memory {
            recent[index].removeFirst()
        }
        if improved {
            failures[index] = 0
        } else {
            failures[index] += 1
            if failures[index] % Self.failuresBeforeGrowth == 0 { scale[index] = min(Self.largestScale, scale[index] * Self.growth) }
        }
    }
}
