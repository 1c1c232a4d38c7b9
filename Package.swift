// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ContactCenterRoster",
    products: [
        .library(name: "Rostering", targets: ["Rostering"]),
        .library(name: "RosterFormats", targets: ["RosterFormats"]),
        .library(name: "LinearProgramming", targets: ["LinearProgramming"]),
        .library(name: "GLPKBackend", targets: ["GLPKBackend"]),
        .executable(name: "roster", targets: ["RosterCLI"]),
        .executable(name: "roster-bench", targets: ["RosterBench"]),
        .executable(name: "roster-fuzz", targets: ["RosterFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // GLPK's C API through a module map: Debian's libglpk-dev has no pkg-config file.
        .systemLibrary(name: "CGLPK", path: "Sources/CGLPK"),
        // The system's OpenSSL libcrypto (Debian: libssl-dev) through a module map, for the SHA-256
        // of the swap log's inputs: all of swift-crypto's BoringSSL was 369 of 377 compile steps.
        .systemLibrary(name: "CLibCrypto", path: "Sources/CLibCrypto"),
        // A few lines of C that turn a GLPK error (which would abort the process) into a return code.
        .target(name: "CGLPKGuard", dependencies: ["CGLPK"], path: "Sources/CGLPKGuard"),
        // Solver-neutral mixed-integer programming model and solver protocol.
        .target(name: "LinearProgramming"),
        // The only Swift code that touches GLPK's C API.
        .target(name: "GLPKBackend", dependencies: ["CGLPK", "CGLPKGuard", "LinearProgramming"]),
        // The rostering domain, the formulation, solving and the independent validator.
        .target(name: "Rostering", dependencies: ["LinearProgramming"]),
        // File formats: scenario, agents, requirements, roster, coverage, summary.
        .target(
            name: "RosterFormats",
            dependencies: ["Rostering", "CLibCrypto", .product(name: "Yams", package: "Yams")]),
        // The thin `roster` command.
        .executableTarget(
            name: "RosterCLI",
            dependencies: [
                "Rostering", "RosterFormats", "GLPKBackend", "LinearProgramming",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The benchmark runner (make bench).
        .executableTarget(
            name: "RosterBench",
            dependencies: [
                "Rostering", "RosterFormats", "GLPKBackend", "LinearProgramming",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The fuzzer of every input reader (make test runs it bounded; make fuzz longer).
        .executableTarget(name: "RosterFuzz", dependencies: ["Rostering", "RosterFormats"]),
        .testTarget(name: "LinearProgrammingTests", dependencies: ["LinearProgramming"]),
        .testTarget(name: "GLPKBackendTests", dependencies: ["GLPKBackend", "LinearProgramming"]),
        .testTarget(name: "RosteringTests", dependencies: ["Rostering", "GLPKBackend", "LinearProgramming"]),
        .testTarget(name: "RosterFormatsTests", dependencies: ["RosterFormats", "Rostering", "GLPKBackend", "LinearProgramming"]),
        .testTarget(name: "RosterCLITests", dependencies: ["RosterFormats", "Rostering"]),
    ]
)
