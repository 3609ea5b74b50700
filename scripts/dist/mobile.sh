#!/usr/bin/env bash
# The mobile packages (called by scripts/dist.sh), where their toolchains exist:
#   Swift (iOS, macOS): $DIST_DIR/swift/CardsealFFI.xcframework (+ .zip and its SwiftPM
#     checksum), the binary target of the root Package.swift. Needs Xcode (xcodebuild,
#     lipo: macOS only).
#   Android: $DIST_DIR/android/cardseal-<version>.aar with jni/<abi>/libcardseal_uniffi.so
#     for arm64-v8a, armeabi-v7a, x86_64 and x86, classes.jar (the generated Kotlin,
#     compiled), the consumer ProGuard rules and the licenses. Needs the Android NDK
#     (ANDROID_NDK_HOME or ANDROID_NDK_ROOT; r27+, 16 KB pages) and cargo-ndk
#     (installed from crates.io when missing). JNA comes from the app's Gradle file
#     (net.java.dev.jna:jna:5.17.0@aar), see bindings/uniffi/README.md.
# Where a toolchain is missing this prints "not built: <platform>: <reason>" and goes on;
# exit 0 unless a build that could run failed. DIST_SCOPE=native builds nothing here (no
# mobile platform is this machine's).
set -euo pipefail
# shellcheck source=scripts/dist/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)"
gen="$root/bindings/uniffi/generated"

if [ "$scope" = native ]; then
  echo "not built: ios, macos, android: DIST_SCOPE=native (no mobile platform is this machine's)"
  exit 0
fi

# ------------------------------------------------------------------ Swift: XCFramework
build_xcframework() {
  local t
  local ios=aarch64-apple-ios sims=(aarch64-apple-ios-sim x86_64-apple-ios) macs=(aarch64-apple-darwin x86_64-apple-darwin)
  for t in "$ios" "${sims[@]}" "${macs[@]}"; do
    rustup target add "$t"
    flock "$lock" cargo build -p cardseal-uniffi --release --lib --target "$t"
  done
  local work="$target_dir/dist-swift"
  rm -rf "$work" "$dist/swift"
  mkdir -p "$work/headers" "$work/ios-sim" "$work/macos" "$dist/swift"
  cp "$gen/swift/CardsealFFI.h" "$work/headers/"
  cp "$gen/swift/CardsealFFI.modulemap" "$work/headers/module.modulemap"
  lipo -create \
    "$target_dir/${sims[0]}/release/libcardseal_uniffi.a" \
    "$target_dir/${sims[1]}/release/libcardseal_uniffi.a" \
    -output "$work/ios-sim/libcardseal_uniffi.a"
  lipo -create \
    "$target_dir/${macs[0]}/release/libcardseal_uniffi.a" \
    "$target_dir/${macs[1]}/release/libcardseal_uniffi.a" \
    -output "$work/macos/libcardseal_uniffi.a"
  xcodebuild -create-xcframework \
    -library "$target_dir/$ios/release/libcardseal_uniffi.a" -headers "$work/headers" \
    -library "$work/ios-sim/libcardseal_uniffi.a" -headers "$work/headers" \
    -library "$work/macos/libcardseal_uniffi.a" -headers "$work/headers" \
    -output "$dist/swift/CardsealFFI.xcframework"
  cp "$root/LICENSE-MIT" "$root/LICENSE-APACHE" "$dist/swift/CardsealFFI.xcframework/"
  (cd "$dist/swift" && zip -qry "CardsealFFI-$version.xcframework.zip" CardsealFFI.xcframework)
  (cd "$root" && swift package compute-checksum "$dist/swift/CardsealFFI-$version.xcframework.zip") \
    >"$dist/swift/CardsealFFI-$version.xcframework.zip.checksum"
  echo "built: ios, ios-simulator, macos: $dist/swift/CardsealFFI.xcframework"
}

# ------------------------------------------------------------------ Android: .so + AAR
build_android() {
  local ndk="$1" work="$target_dir/dist-android"
  command -v cargo-ndk >/dev/null || cargo install --locked cargo-ndk
  rustup target add aarch64-linux-android armv7-linux-androideabi x86_64-linux-android i686-linux-android
  rm -rf "$work" "$dist/android"
  mkdir -p "$work/aar/jni" "$work/classes" "$dist/android"
  # NDK r28+ aligns ELF segments to 16 KB (Android 15+ devices); the flag keeps r27 right.
  ANDROID_NDK_HOME="$ndk" RUSTFLAGS="${RUSTFLAGS:-} -C link-arg=-Wl,-z,max-page-size=16384" \
    flock "$lock" cargo ndk -t arm64-v8a -t armeabi-v7a -t x86_64 -t x86 \
    -o "$work/aar/jni" build -p cardseal-uniffi --release --lib
  # classes.jar: the generated Kotlin compiled as the JVM jar is (scripts/dist/jvm/pom.xml),
  # without natives (Android loads them from jni/).
  mkdir -p "$work/no-natives"
  (cd "$root/scripts/dist/jvm" && flock "$lock" mvn -q -B -Dstyle.color=never compile \
    -Dcardseal.natives.dir="$work/no-natives" -Dcardseal.build.dir="$work/build")
  (cd "$work/build/classes" && jar cf "$work/aar/classes.jar" .)
  cat >"$work/aar/AndroidManifest.xml" <<XML
<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="dev.cardseal">
    <uses-sdk android:minSdkVersion="21" />
</manifest>
XML
  cat >"$work/aar/proguard.txt" <<'PRO'
-keep class com.sun.jna.** { *; }
-keep class * implements com.sun.jna.** { *; }
-keep class dev.cardseal.** { *; }
-dontwarn java.awt.**
PRO
  : >"$work/aar/R.txt"
  cp "$root/LICENSE-MIT" "$root/LICENSE-APACHE" "$work/aar/"
  (cd "$work/aar" && zip -qr "$dist/android/cardseal-$version.aar" .)
  echo "built: android (arm64-v8a, armeabi-v7a, x86_64, x86): $dist/android/cardseal-$version.aar"
}

if [ "$(uname -s)" = Darwin ] && command -v xcodebuild >/dev/null && xcodebuild -version >/dev/null 2>&1; then
  build_xcframework
else
  echo "not built: ios, ios-simulator, macos (XCFramework): no Xcode here (xcodebuild not found; it needs macOS)"
fi

ndk="${ANDROID_NDK_HOME:-${ANDROID_NDK_ROOT:-}}"
if [ -n "$ndk" ] && [ -d "$ndk" ]; then
  build_android "$ndk"
else
  echo "not built: android (arm64-v8a, armeabi-v7a, x86_64, x86 .so + AAR): no Android NDK here (set ANDROID_NDK_HOME)"
fi
