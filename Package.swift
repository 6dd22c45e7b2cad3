// swift-tools-version:6.0
import PackageDescription

// Module graph (one way, as the folders show):
//   CMPFR, ArbLoader ← EMLNumbers ← FloatFormats ← RoPE
//                      ← NumericKernels ← Bessel
//   EMLSyntax ← EMLTree
//   EMLNumbers, EMLSyntax, EMLTree, FloatFormats, NumericKernels, Bessel ← EMLEvaluation ← EMLKit
//   EMLTree ← EMLTreeFloat (complex double, no MPFR); EMLTreeFloat, EMLEvaluation ← EMLSearch
//   FPCore (reader, no dependencies); FPCore, FloatFormats, EMLNumbers, EMLSyntax ← EMLCheck
//   EMLKit, RoPE, FloatFormats, Bessel, EMLSearch, EMLCheck ← eml (CLI, + ArgumentParser, CSV; libedit opened by the REPL)
let package = Package(
    name: "EMLKit",
    products: [
        .library(name: "EMLKit", targets: ["EMLKit"]),
        .executable(name: "eml", targets: ["eml"]),
        // The C ABI (include/emlkit.h): swift build -c release --product EMLKitC → libEMLKitC.so
        .library(name: "EMLKitC", type: .dynamic, targets: ["EMLKitC"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.0"),
        // API documentation: swift package generate-documentation --target EMLKit
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CMPFR", path: "Sources/CMPFR"),
        // Arb and FLINT, loaded at their first call (Sources/ArbLoader/ArbLibrary.swift says why).
        .target(name: "ArbLoader"),
        .target(name: "EMLNumbers", dependencies: ["CMPFR", "ArbLoader"]),
        .target(name: "EMLSyntax"),
        .target(name: "FPCore"),
        .target(name: "FloatFormats", dependencies: ["EMLNumbers", "CMPFR"]),
        .target(name: "RoPE", dependencies: ["FloatFormats", "EMLNumbers", "CMPFR"]),
        .target(name: "NumericKernels", dependencies: ["EMLNumbers", "CMPFR"]),
        .target(name: "Bessel", dependencies: ["NumericKernels", "EMLNumbers", "CMPFR"]),
        .target(name: "EMLTree", dependencies: ["EMLSyntax"]),
        .target(name: "EMLEvaluation", dependencies: ["EMLNumbers", "EMLSyntax", "EMLTree", "FloatFormats", "NumericKernels", "Bessel", "CMPFR"]),
        .target(name: "EMLTreeFloat", dependencies: ["EMLTree"]),
        .target(name: "EMLSearch", dependencies: ["EMLTreeFloat", "EMLEvaluation", "EMLTree", "EMLNumbers", "NumericKernels", "CMPFR"]),
        .target(name: "EMLCheck", dependencies: ["FPCore", "FloatFormats", "EMLNumbers", "NumericKernels", "EMLSyntax", "CMPFR"]),
        .target(name: "EMLKit", dependencies: ["EMLEvaluation", "EMLTree", "EMLSyntax", "EMLNumbers", "FloatFormats", "EMLSearch", "NumericKernels"]),
        .target(name: "EMLKitC", dependencies: ["EMLKit", "Bessel", "FloatFormats", "RoPE", "CMPFR"]),
        .executableTarget(name: "eml", dependencies: [
            "EMLKit", "RoPE", "FloatFormats", "Bessel", "EMLSearch", "NumericKernels", "EMLCheck", "FPCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "CSV", package: "CSV.swift"),
        ]),
        .executableTarget(name: "embed-example", dependencies: ["EMLKit"], path: "Examples/embed"),
        .executableTarget(name: "eml-bench", dependencies: ["EMLKit"], path: "Benchmarks/eml-bench"),
        .executableTarget(name: "eml-fuzz", dependencies: ["EMLKit"], path: "Fuzz/eml-fuzz"),
        .executableTarget(name: "bessel-bench", dependencies: ["Bessel", "EMLNumbers", "TestSupport"], path: "Benchmarks/bessel-bench"),
        .executableTarget(name: "vmf-example", dependencies: ["Bessel"], path: "Examples/vmf",
                          exclude: ["scipy_comparison.py"]),
        .target(name: "TestSupport", dependencies: ["NumericKernels", "EMLNumbers", "CMPFR"], path: "Tests/TestSupport"),
        .testTarget(name: "EMLNumbersTests", dependencies: ["EMLNumbers", "TestSupport"]),
        .testTarget(name: "FloatFormatsTests", dependencies: ["FloatFormats", "TestSupport"]),
        .testTarget(name: "RoPETests", dependencies: ["RoPE"]),
        .testTarget(name: "NumericKernelsTests", dependencies: ["NumericKernels", "EMLNumbers", "CMPFR", "TestSupport"]),
        .testTarget(name: "BesselTests", dependencies: ["Bessel", "NumericKernels", "TestSupport"], exclude: ["Data"]),
        .testTarget(name: "EMLSyntaxTests", dependencies: ["EMLSyntax"]),
        .testTarget(name: "EMLEvaluationTests", dependencies: ["EMLKit", "CMPFR", "Bessel", "TestSupport"]),
        .testTarget(name: "EMLSearchTests", dependencies: ["EMLSearch", "EMLTreeFloat", "EMLEvaluation", "EMLTree", "EMLSyntax", "EMLNumbers", "NumericKernels", "CMPFR"]),
        .testTarget(name: "EMLCheckTests", dependencies: ["EMLCheck", "FPCore", "FloatFormats", "NumericKernels"]),
        .testTarget(name: "EMLCommandTests", dependencies: ["eml", "embed-example", "vmf-example", "TestSupport"]),
    ]
)
