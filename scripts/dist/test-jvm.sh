#!/usr/bin/env bash
# Install test of the JVM artifact (scripts/test-all.sh step; README "Install"): a fresh
# Maven project in a temp dir depends on dev.cardseal:cardseal:<version> from the local
# Maven repository $DIST_DIR/maven (built by scripts/dist/jvm.sh) and runs, as a JUnit test,
# the root README's Kotlin example verbatim (taken from README.md here), plus the
# published ASINX signing example (sign f61ff896372b9e5836cb67a069dd810a, the provider's
# API document; test-vectors/asinx.json). The native library must come out of the jar
# (JNA's resource path), nothing points JNA at a build folder.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dist="${DIST_DIR:-$root/dist}"
repo="$dist/maven"
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)"
[ -f "$repo/dev/cardseal/cardseal/$version/cardseal-$version.jar" ] ||
  { echo "missing dev.cardseal:cardseal:$version in $repo (run: bash scripts/dist.sh --native)" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# The user's Maven cache must not answer for dev.cardseal:cardseal: a private local
# repository that reuses ~/.m2's downloads (Kotlin, JNA, JUnit) read-only would need
# Maven 3.9; instead drop the cached copy of this one artifact, so Maven takes it from $repo.
rm -rf "$HOME/.m2/repository/dev/cardseal/cardseal"

mkdir -p "$tmp/src/test/kotlin/example"
cat >"$tmp/pom.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>cardseal-install-test</artifactId>
  <version>1.0.0</version>
  <properties>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    <kotlin.version>2.1.21</kotlin.version>
    <kotlin.compiler.jvmTarget>17</kotlin.compiler.jvmTarget>
  </properties>
  <repositories>
    <repository>
      <id>cardseal-dist</id>
      <url>file://$repo</url>
    </repository>
  </repositories>
  <dependencyManagement>
    <dependencies>
      <!-- One JUnit version for api, engine and platform (kotlin-test-junit5 pulls an older api). -->
      <dependency>
        <groupId>org.junit</groupId>
        <artifactId>junit-bom</artifactId>
        <version>5.12.2</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>dev.cardseal</groupId>
      <artifactId>cardseal</artifactId>
      <version>$version</version>
    </dependency>
    <dependency>
      <groupId>org.jetbrains.kotlin</groupId>
      <artifactId>kotlin-test-junit5</artifactId>
      <version>\${kotlin.version}</version>
      <scope>test</scope>
    </dependency>
    <dependency>
      <groupId>org.junit.jupiter</groupId>
      <artifactId>junit-jupiter-engine</artifactId>
      <scope>test</scope>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.jetbrains.kotlin</groupId>
        <artifactId>kotlin-maven-plugin</artifactId>
        <version>\${kotlin.version}</version>
        <executions>
          <execution>
            <id>test-compile</id>
            <goals><goal>test-compile</goal></goals>
            <configuration>
              <sourceDirs><sourceDir>\${project.basedir}/src/test/kotlin</sourceDir></sourceDirs>
            </configuration>
          </execution>
        </executions>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-surefire-plugin</artifactId>
        <version>3.5.3</version>
        <configuration><trimStackTrace>false</trimStackTrace></configuration>
      </plugin>
    </plugins>
  </build>
</project>
XML

# The README's Kotlin block: its imports at the top of the file, the rest as the body of a
# function given `secret` and `responseBody` (a response sealed by the provider mirror).
block="$(sed -n '/^## Kotlin and Swift/,/^## /p' "$root/README.md" | sed -n '/^```kotlin$/,/^```$/p' | sed '1d;$d')"
[ -n "$block" ] || { echo "README.md: no Kotlin block under '## Kotlin and Swift'" >&2; exit 1; }
{
  echo "package example"
  echo
  grep '^import ' <<<"$block"
  cat <<'KT'
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertNull
import kotlinx.coroutines.runBlocking

class ReadmeExampleTest {
    private val secret = "b635dd5c87f7bf73387929203321b1e1"

    /** The root README's Kotlin example, verbatim; returns what it computed. */
    private fun readme(secret: String, responseBody: String): Triple<Sealed, String, Sealed> = runBlocking {
KT
  grep -v '^import ' <<<"$block" | sed 's/^/        /'
  cat <<'KT'
        Triple(sealed, payloadJson, later)
    }

    @Test
    fun readmeKotlinExampleRunsAgainstTheJar() {
        assertNull(System.getProperty("jna.library.path"))
        assertNull(System.getProperty("uniffi.component.cardseal.libraryOverride"))
        val response = AsinxProvider(appId = "app_447770", appSecret = secret).use { it.sealResponse("""{"cardNo":"5342"}""") }
        val (sealed, payloadJson, later) = readme(secret, response.body)
        assertEquals("""{"email":"a@b.c"}""", sealed.body)
        assertEquals("""{"cardNo":"5342"}""", payloadJson)
        AsinxProvider(appId = "app_447770", appSecret = secret).use { p ->
            assertEquals(sealed.body, p.openRequest(sealed.body, sealed.headers, path = "/user/register"))
            assertEquals(later.body, p.openRequest(later.body, later.headers, path = "/user/register"))
        }
    }

    @Test
    fun publishedAsinxSignIsReproduced() {
        val params = """{"mobileNumber": "18888888867", "mobilePrefix": "1", "email": "188888888662@188.com"}"""
        val s = Asinx(appId = "app_447770", appSecret = secret).use { it.sealRequest("/user/register", params) }
        assertEquals("""{"email":"188888888662@188.com","mobileNumber":"18888888867","mobilePrefix":"1"}""", s.body)
        assertEquals("f61ff896372b9e5836cb67a069dd810a", s.headers.single { it.name == "sign" }.value)
    }
}
KT
} >"$tmp/src/test/kotlin/example/ReadmeExampleTest.kt"

cd "$tmp"
fail() { echo "FAIL: $*" >&2; exit 1; }
if ! mvn -B -Dstyle.color=never test >"$tmp/mvn.log" 2>&1; then
  grep -v '^\[ERROR\] *at ' "$tmp/mvn.log" | tail -n 60 >&2
  fail "mvn test in the fresh project"
fi
grep -E 'Tests run:|Downloaded from cardseal-dist' "$tmp/mvn.log"
report="$tmp/target/surefire-reports/TEST-example.ReadmeExampleTest.xml"
[ -f "$report" ] || fail "no Surefire report $report"
grep -q 'tests="2" errors="0" skipped="0" failures="0"' "$report" || fail "not 2 tests passed: $(grep -m1 '<testsuite' "$report")"
# The jar came from $repo (not from a cache) and holds the pieces a user relies on.
grep -q "Downloaded from cardseal-dist: file://$repo/dev/cardseal/cardseal/$version/cardseal-$version.jar" "$tmp/mvn.log" ||
  fail "the jar was not taken from $repo"
jar="$repo/dev/cardseal/cardseal/$version/cardseal-$version.jar"
listing="$(unzip -l "$jar")"
for entry in linux-x86-64/libcardseal_uniffi.so META-INF/LICENSE-MIT META-INF/LICENSE-APACHE dev/cardseal/Asinx.class; do
  grep -q " $entry\$" <<<"$listing" || fail "$entry missing from $jar"
done
echo "JVM install test: OK (README Kotlin example against the jar from $repo)"
