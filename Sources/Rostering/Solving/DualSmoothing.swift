/// Wentges' smoothing of the duals that column generation prices at (Wentges 1997; Pessoa,
/// Sadykov, Uchoa and Vanderbeck 2018).
///
/// A master's duals jump from round to round, so plain column generation adds columns that the
/// next round no longer needs and tails off. Pricing instead at
/// `π_sep = α·π_centre + (1 − α)·π_master`, where the centre is the point whose Lagrangian bound
/// is the best so far, damps the jumps:
/// - the Lagrangian bound is valid at any dual point that keeps the slack columns priced out
///   (`π_t ≥ −over`, fairness duals summing to at most its weight), and a convex combination of
///   two such points keeps them, so every round still gives a valid bound, and the centre's
///   bound rises round after round;
/// - a column found at `π_sep` joins only if it prices out at the master's own duals, where the
///   simplex can use it;
/// - when none does (a *mispricing*), the same round prices again at the master's own duals
///   (`α` drops to 0), so "nothing prices out" still proves the LP optimal.
///
/// The same inputs give the same points in the same order: smoothing keeps runs deterministic.
struct DualSmoothing {
    /// Weight of the centre, in [0, 1): 0 is plain column generation.
    let weight: Double
    /// The dual point with the best Lagrangian bound so far, and that bound.
    private(set) var centre: [Double]?
    private(set) var centreBound = -Double.infinity
    /// Rounds whose smoothed point found nothing the master could use.
    private(set) var mispricings = 0

    init(weight: Double) {
        precondition(weight >= 0 && weight < 1, "the centre's weight must lie in [0, 1)")
        self.weight = weight
    }

    /// The points to price at in one round, in order: the smoothed point, then the master's own
    /// duals (only the latter before a centre exists or without smoothing). O(rows).
    func points(for duals: [Double]) -> [(duals: [Double], isMaster: Bool)] {
        guard weight > 0, let centre, centre.count == duals.count else { return [(duals, true)] }
        let smoothed = zip(centre, duals).map { weight * $0 + (1 - weight) * $1 }
        return [(smoothed, false), (duals, true)]
    }

    /// Records a point's Lagrangian bound: the point becomes the centre when its bound is the
    /// best so far.
    mutating func record(_ point: [Double], bound: Double) {
        guard bound > centreBound || centre == nil else { return }
        centre = point
        centreBound = bound
    }

    /// Counts a round whose smoothed point found no usable column.
    mutating func mispriced() { mispricings += 1 }
}
