import LinearProgramming

/// Template maxima (`maxShiftsPerTemplate`) that the weekly pricing's state does not keep, in
/// the weekly search.
///
/// **Why outside.** The pricing keeps a binding maximum as a count in its state while the state
/// stays within its budget (``HorizonResources``); many templates with large maxima over many
/// weeks multiply it past that (Curtois & Qu's instance 8: four templates, maxima up to 28), and
/// the rest are ``HorizonResources/maximaOutside``.
///
/// **In the master** each type τ (|τ| members) and template k with a maximum m_k outside the
/// state has the row
///
/// `Σ_p (shifts of k in p)·λ_p − e_{τk} ≤ |τ|·m_k`,
///
/// which every roster keeps with `e = 0` (each member's pattern keeps m_k); the excess
/// `e ≥ 0`, at ``PatternSearch/atOnceExcessCost`` a shift, keeps the first masters feasible.
/// Pricing may return patterns breaking the maximum: they join the LP at their cost, so the LP
/// is a relaxation of the problem and its value and the Lagrangian bound stay valid. Pricing
/// charges a shift of k `−ν_{τk}` (the row's dual clamped to `−C ≤ ν ≤ 0`, C the excess cost),
/// and the bound adds `Σ |τ|·m_k·ν_{τk}`: for such `ν` the row's part of the Lagrangian,
/// `ν·(|τ|·m_k + e − Σ count·λ) + C·e`, is at least `ν·|τ|·m_k` at `e ≥ 0` and at most 0 on
/// every roster.
///
/// **Never in a roster.** A pattern breaking such a maximum costs +∞ wherever a roster is scored
/// (its pool cost, ``PatternSearch/evaluate(_:coverage:)``), so rounding, local moves and
/// neighbourhoods leave it (the local moves take its agent to a pooled pattern that keeps the
/// maxima); the dive and the MIP polish solve the full model, whose rows keep them. Each type's
/// first pattern keeps them (``PatternSearch/keptOutside(_:type:cost:)``), so there is always
/// a roster to start from.
struct OutsideMaxima: Sendable {
    /// Per type: the templates with a binding maximum the pricing state does not keep.
    let byType: [[(template: Int, most: Int)]]
    /// Template index of every shift of the problem.
    let templateOfShift: [Int]
    /// Whether no type has one.
    let isEmpty: Bool

    init(problem: RosterProblem, pricers: [PatternPricing]) {
        templateOfShift = problem.templateOfShifts
        byType = pricers.map(\.resources.maximaOutside)
        isEmpty = byType.allSatisfy(\.isEmpty)
    }

    /// Whether `pattern` keeps every maximum of `type` kept outside the state. O(shifts).
    func keeps(_ pattern: WeeklyPattern, type: Int) -> Bool {
        let maxima = byType[type]
        guard !maxima.isEmpty else { return true }
        var counts: [Int: Int] = [:]
        for shift in pattern.shifts { counts[templateOfShift[shift], default: 0] += 1 }
        return maxima.allSatisfy { (counts[$0.template] ?? 0) <= $0.most }
    }
}

extension PatternSearch {
    /// What a shift past a maximum costs in the master (its excess's price, ``maximaPrices(_:master:)``'s clamp).
    var maximaExcessCost: Double { Self.atOnceExcessCost * max(1, under) }

    /// A row `Σ_p (shifts of k in p)·λ_p − e ≤ |τ|·m_k` per type τ and maximum outside its
    /// pricing state, without patterns at first. O(types × maxima).
    func addMaximaRows(to master: PatternMaster) {
        guard !outsideMaxima.isEmpty else { return }
        master.maximaRow = types.indices.map { type in
            var rows: [Int: Int] = [:]
            for entry in outsideMaxima.byType[type] {
                rows[entry.template] = master.model.constraints.count
                let excess = master.model.addVariable("past(t\(type + 1),k\(entry.template))", lowerBound: 0)
                master.model.addObjectiveTerm(excess, maximaExcessCost)
                master.model.addConstraint(
                    "most(t\(type + 1),k\(entry.template))", LinearExpression([LinearTerm(excess, -1)]),
                    .lessOrEqual(Double(types[type].members.count * entry.most)))
            }
            return rows
        }
    }

    /// A pattern's entries on its type's maxima rows. O(shifts).
    func maximaEntries(_ pattern: WeeklyPattern, type: Int, master: PatternMaster, into counts: inout [Int: Double]) {
        guard type < master.maximaRow.count, !master.maximaRow[type].isEmpty else { return }
        for shift in pattern.shifts {
            if let row = master.maximaRow[type][outsideMaxima.templateOfShift[shift]] { counts[row, default: 0] += 1 }
        }
    }

    /// Per type, what a shift of each template pays on the maxima rows at `duals` (`−ν`, with `ν`
    /// the row's dual clamped to `[−C, 0]`; empty for a type without such rows), and the
    /// rows' part of the Lagrangian bound, `Σ |τ|·m_k·ν`. O(types × maxima).
    func maximaPrices(_ duals: [Double], master: PatternMaster) -> (price: [[Double]], bound: Double) {
        guard !master.maximaRow.isEmpty else { return (Array(repeating: [], count: types.count), 0) }
        var bound = 0.0
        let templates = problem.templates.count
        let price = types.indices.map { type -> [Double] in
            guard !master.maximaRow[type].isEmpty else { return [] }
            var prices = Array(repeating: 0.0, count: templates)
            for (template, row) in master.maximaRow[type].sorted(by: { $0.key < $1.key }) where row < duals.count {
                let dual = max(-maximaExcessCost, min(0, duals[row]))
                prices[template] = -dual
                bound += (master.model.constraints[row].bound.limits.upper ?? 0) * dual
            }
            return prices
        }
        return (price, bound)
    }
}
