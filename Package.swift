// swift-tools-version:5.9
// The cardseal Swift package (iOS 13+, macOS 11+): the generated Swift binding
// (bindings/uniffi/generated/swift/Cardseal.swift) over the Rust library as an XCFramework.
//
// Build the XCFramework first, on a Mac with Xcode: `bash scripts/dist/mobile.sh` writes
// dist/swift/CardsealFFI.xcframework (and a .zip with its SwiftPM checksum). A published
// release replaces `path:` below with `url:` + `checksum:` of that zip.
import PackageDescription

let package = Package(
    name: "Cardseal",
    platforms: [.iOS(.v13), .macOS(.v11)],
    products: [.library(name: "Cardseal", targets: ["Cardseal"])],
    targets: [
        .binaryTarget(name: "CardsealFFI", path: "dist/swift/CardsealFFI.xcframework"),
        .target(
            name: "Cardseal",
            dependencies: ["CardsealFFI"],
            path: "bindings/uniffi/generated/swift",
            exclude: ["CardsealFFI.h", "CardsealFFI.modulemap"],
            sources: ["Cardseal.swift"]
        ),
    ]
)
