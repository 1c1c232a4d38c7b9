/// Bounds on the numbers an input file can carry, so that no value reaches arithmetic that would
/// overflow or trap (docs/file-formats.md lists them). Each check returns what is wrong, or nil.
public enum InputLimits {
    /// Every objective weight: per agent-hour short or over, per wish point, fairness, history,
    /// per changed agent-day, per day-level requirement and shift request.
    public static let weight: ClosedRange<Double> = 0...1_000_000
    /// Agents required in one interval, or on one template and day.
    public static let agents = 0...100_000
    /// A preference file's priority points budget.
    public static let pointsBudget = 1...10_000
    /// The solver's time limit in seconds (a little over eleven days).
    public static let timeLimitSeconds: ClosedRange<Double> = 0.001...1_000_000

    public static func weightProblem(_ value: Double) -> String? {
        value.isFinite && weight.contains(value) ? nil : "must be a number from 0 to 1,000,000, not \(value)"
    }

    public static func agentsProblem(_ value: Int) -> String? {
        agents.contains(value) ? nil : "must be a whole number of agents from 0 to 100,000, not \(value)"
    }
}
