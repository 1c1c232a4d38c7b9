/// The version of the rostering library and the `roster` command.
public enum RosteringVersion {
    /// Semantic version; raised with every release.
    public static let current = "0.2.0"
}
