package dev.cardseal.tests

import dev.cardseal.CardsealException
import java.io.File
import kotlin.test.assertTrue
import kotlin.test.fail
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory

/**
 * Every JSON file in test-vectors/ (schema cardseal-vectors/1), through the Kotlin binding.
 * One dynamic test per file; each vector's outputs must equal `expect` key by key, or the
 * error kind must equal `error`. An unknown op, a file with zero vectors, or an empty
 * directory fails.
 *
 * Who runs what (test-vectors/README.md): every vector of a file without `"bindings"`; of a
 * `"bindings": "smoke"` file (the primitives) only the vectors marked `"smoke": true`. The
 * primitive ops Kotlin/Swift have no function for ([Ops.NOT_IN_KOTLIN]: AES, digests, HMAC,
 * base64, hex, JWE) are skipped in smoke files, and so is every vector marked
 * `"hazmat": true` (Paytend's two published AES demo values, which the Rust, Python and
 * Node runners check; the Paytend ops here cover the same AES through the provider). Any
 * other vector with such an op fails. RSA keys and the canonicalizers run.
 */
class VectorsTest {
    private fun files(): List<File> {
        val dir = vectorsDir()
        val files = dir.listFiles { f -> f.isFile && f.name.endsWith(".json") }?.sortedBy { it.name } ?: emptyList()
        assertTrue(files.isNotEmpty(), "no vector files in $dir")
        return files
    }

    @Test
    fun vectorDirectoryIsNotEmpty() {
        assertTrue(files().isNotEmpty())
    }

    @TestFactory
    fun everyVectorFile(): List<DynamicTest> = files().map { file ->
        DynamicTest.dynamicTest(file.name) { runFile(file) }
    }

    /**
     * `error_detail` (test-vectors/README.md): the provider error's `code`, `message` and
     * `result_json` (its `result`: exact text, or null), each exactly.
     */
    private fun errorDetailFailures(name: String, e: CardsealException, detail: JsonObject): List<String> {
        if (e !is CardsealException.ProviderException) return listOf("$name: error_detail needs a ProviderException, got $e")
        val failures = mutableListOf<String>()
        for ((k, want) in detail) {
            val have = when (k) {
                "code" -> JsonPrimitive(e.code)
                "message" -> JsonPrimitive(e.detail)
                "result_json" -> e.result?.let { JsonPrimitive(it) } ?: JsonNull
                else -> {
                    failures += "$name: unknown error_detail key `$k`"
                    continue
                }
            }
            if (have != want) failures += "$name: error `$k` = $have, want $want"
        }
        return failures
    }

    private fun runFile(file: File) {
        val doc = Json.parseToJsonElement(file.readText()).jsonObject
        check(doc["schema"]?.jsonPrimitive?.content == "cardseal-vectors/1") { "${file.name}: bad schema" }
        val vectors = doc["vectors"]?.jsonArray ?: fail("${file.name}: no `vectors` array")
        if (vectors.isEmpty()) fail("${file.name}: zero vectors")
        val smokeFile = when (val b = doc["bindings"]?.jsonPrimitive?.content ?: "all") {
            "all" -> false
            "smoke" -> true
            else -> fail("${file.name}: unknown `bindings` value `$b`")
        }
        val failures = mutableListOf<String>()
        var skipped = 0
        for (v in vectors) {
            val o = v.jsonObject
            val id = o["id"]!!.jsonPrimitive.content
            val op = o["op"]!!.jsonPrimitive.content
            val name = "${file.name}: $id ($op)"
            val smoke = (o["smoke"] as JsonPrimitive?)?.content == "true"
            if (smokeFile && !smoke) {
                skipped++ // the core's primitive, run by the Rust runner
                continue
            }
            when (val h = o["hazmat"]) {
                null -> {}
                JsonPrimitive(true) -> {
                    skipped++ // a hazmat value: the runners of bindings with hazmat check it
                    continue
                }
                else -> {
                    failures += "$name: `hazmat` must be true or absent, not $h"
                    continue
                }
            }
            if (op in Ops.NOT_IN_KOTLIN) {
                if (smokeFile) {
                    skipped++
                } else {
                    failures += "$name: a primitive op the mobile binding does not have, outside a smoke file"
                }
                continue
            }
            val args = Args(o["args"]!!.jsonObject)
            val expect = o["expect"] as JsonObject?
            val error = (o["error"] as JsonPrimitive?)?.content
            if ((expect == null) == (error == null)) {
                failures += "$name: needs exactly one of `expect` / `error`"
                continue
            }
            val got: Result<Outputs> = try {
                Result.success(Ops.run(op, args))
            } catch (e: CardsealException) {
                Result.failure(e)
            }
            // Ops.UnknownOpException and harness errors are not caught: they fail the file.
            got.fold(
                onSuccess = { out ->
                    if (expect == null) {
                        failures += "$name: succeeded with $out, want error $error"
                    } else {
                        for ((k, want) in expect) {
                            val have = out[k]
                            when {
                                have == null -> failures += "$name: runner gave no `$k`"
                                have != want -> failures += "$name: `$k` = $have, want $want"
                            }
                        }
                    }
                },
                onFailure = { e ->
                    e as CardsealException
                    val kind = kindOf(e)
                    if (error == null) {
                        failures += "$name: unexpected error $kind: $e"
                    } else if (kind != error) {
                        failures += "$name: error $kind ($e), want $error"
                    }
                    (o["error_detail"] as JsonObject?)?.let { failures += errorDetailFailures(name, e, it) }
                },
            )
        }
        println("vectors: ${"%4d".format(vectors.size - skipped)} run, ${"%4d".format(skipped)} skipped from ${file.name}")
        if (failures.isNotEmpty()) {
            fail("${failures.size} vector failures in ${file.name}:\n" + failures.joinToString("\n"))
        }
    }
}
