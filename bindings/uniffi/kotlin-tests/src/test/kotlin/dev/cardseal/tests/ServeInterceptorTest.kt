package dev.cardseal.tests

import dev.cardseal.*
import java.io.File
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import okhttp3.Interceptor
import okhttp3.MediaType.Companion.toMediaType
import okhttp3.OkHttpClient
import okhttp3.Request
import okhttp3.RequestBody.Companion.toRequestBody
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.io.TempDir

/**
 * [CardsealInterceptor] (the OkHttp example of bindings/uniffi/README.md) against a real
 * `cardseal serve P` on a free loopback port, for the five providers: the merchant client
 * is built from `cardseal sandbox P`, the request goes out through OkHttp, and the opened
 * answer is exactly `{"received": <payload>, "path": "<path>"}`; a request changed after
 * sealing gets the stand-in's refusal as a ProviderException. The root README's Kotlin
 * snippet runs verbatim. The server is stopped (by its pid) at the end of each test.
 *
 * The CLI binary: $CARDSEAL_BIN, else cardseal in the debug or release directory of
 * $CARGO_TARGET_DIR or <repo>/target, else `cargo build -q -p cardseal-cli`.
 */
class ServeInterceptorTest {
    private val repo: File = vectorsDir().absoluteFile.parentFile

    private val bin: String by lazy {
        System.getenv("CARDSEAL_BIN")?.let { return@lazy it }
        val targets = listOfNotNull(System.getenv("CARGO_TARGET_DIR")?.let { File(it) }, File(repo, "target"))
            .map { if (it.isAbsolute) it else File(repo, it.path) }
        for (t in targets) for (profile in listOf("debug", "release")) {
            val b = File(t, "$profile/cardseal")
            if (b.canExecute()) return@lazy b.path
        }
        val p = ProcessBuilder("cargo", "build", "-q", "-p", "cardseal-cli").directory(repo).inheritIO().start()
        check(p.waitFor() == 0) { "cargo build -p cardseal-cli failed" }
        File(targets[0], "debug/cardseal").path
    }

    /** `cardseal sandbox P`: the merchant constructor arguments (by their Python names). */
    private fun sandbox(provider: String): Map<String, String> {
        val p = ProcessBuilder(bin, "sandbox", provider).redirectErrorStream(false).start()
        val text = p.inputStream.bufferedReader().readText()
        check(p.waitFor() == 0) { "cardseal sandbox $provider failed" }
        return Json.parseToJsonElement(text).jsonObject.mapValues { it.value.jsonPrimitive.content }
    }

    /** A running `cardseal serve P --port 0`; [close] stops it (SIGTERM by its pid, then kill). */
    private inner class Server(provider: String) : AutoCloseable {
        private val process: Process = ProcessBuilder(bin, "serve", provider, "--port", "0")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start()
        val port: Int

        init {
            val first = process.inputStream.bufferedReader().readLine()
            val m = first?.let { Regex("""^listening on http://127\.0\.0\.1:(\d+)$""").find(it) }
            if (m == null) {
                close()
                error("first line of cardseal serve $provider: $first")
            }
            port = m.groupValues[1].toInt()
        }

        val url: String get() = "http://127.0.0.1:$port"

        override fun close() {
            process.destroy()
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor()
        }
    }

    private class Provider(
        val name: String,
        /** The merchant client from the sandbox arguments. */
        val client: (Map<String, String>) -> AutoCloseable,
        /** The interceptor of that client: how a request is sealed, and the response opened. */
        val interceptor: (AutoCloseable) -> CardsealInterceptor,
        /** The stand-in's code for a request whose signed payload changed after sealing. */
        val refusedCode: String,
    )

    private val providers = listOf(
        Provider(
            "asinx", { a -> Asinx(a["app_id"]!!, a["app_secret"]!!) },
            { c -> c as Asinx; CardsealInterceptor({ r, json -> c.sealRequest(r.url.encodedPath, json) }, c::openResponse) },
            "401",
        ),
        Provider(
            "paytend", { a -> Paytend(a["partner_id"]!!, a["private_key"]!!, a["provider_public_key"]!!) },
            { c -> c as Paytend; CardsealInterceptor({ _, json -> c.sealRequest(json) }, c::openResponse) },
            "99",
        ),
        Provider(
            "hypercard", { a -> HyperCard(a["api_key"]!!, a["private_key"]!!, a["provider_public_key"]!!) },
            { c -> c as HyperCard; CardsealInterceptor({ _, json -> c.sealRequest(json) }, c::openResponse) },
            "40001",
        ),
        Provider(
            "upay", { a -> UPay(a["api_key"]!!, a["secret"]!!, a["private_key"]!!, a["provider_public_key"]!!) },
            // UPay signs the path with its query, as sent.
            { c -> c as UPay; CardsealInterceptor({ r, json -> c.sealRequest(r.method, pathAndQuery(r), json) }, c::openResponse) },
            "403",
        ),
        Provider(
            "kazepay", { a -> KazePay(a["sys_id"]!!, a["private_key"]!!, a["provider_public_key"]!!) },
            { c -> c as KazePay; CardsealInterceptor({ _, json -> c.sealRequest("cardRecharge", json) }, c::openResponse) },
            "FAIL",
        ),
    )

    private fun pathAndQuery(r: Request): String = r.url.encodedPath + (r.url.encodedQuery?.let { "?$it" } ?: "")

    private fun post(http: OkHttpClient, url: String, body: String): String =
        http.newCall(Request.Builder().url(url).post(body.toRequestBody("application/json".toMediaType())).build())
            .execute().use { r ->
                assertEquals(200, r.code)
                // The opened payload's media type, set by the interceptor.
                assertEquals("application/json", r.body!!.contentType()!!.let { "${it.type}/${it.subtype}" })
                r.body!!.string()
            }

    @TestFactory
    fun interceptorAgainstCardsealServe(): List<DynamicTest> = providers.map { spec ->
        DynamicTest.dynamicTest(spec.name) {
            spec.client(sandbox(spec.name)).use { client ->
                Server(spec.name).use { server ->
                    val http = OkHttpClient.Builder().addInterceptor(spec.interceptor(client)).build()
                    // The query is not part of the answer's path (UPay signs it).
                    assertEquals(EXPECTED, post(http, "${server.url}$PATH?trace=t-1", PAYLOAD))

                    // Changed after sealing (an interceptor after ours): the stand-in's refusal.
                    val tampering = OkHttpClient.Builder()
                        .addInterceptor(spec.interceptor(client))
                        .addInterceptor(Interceptor { chain ->
                            val r = chain.request()
                            val sent = okio.Buffer().also { r.body!!.writeTo(it) }.readUtf8()
                            val changed = tamper(sent)
                            assertTrue(changed != sent, sent)
                            chain.proceed(r.newBuilder().post(changed.toRequestBody(r.body!!.contentType())).build())
                        })
                        .build()
                    val e = assertFailsWith<CardsealIOException> { post(tampering, "${server.url}$PATH", PAYLOAD) }
                    val refused = e.error as? CardsealException.ProviderException ?: error("not a ProviderException: ${e.error}")
                    assertEquals(spec.refusedCode, refused.code)
                }
            }
        }
    }

    /** The signed payload changed where it is sent in the clear, else the signature in the body. */
    private fun tamper(body: String): String = when {
        "Zoë" in body -> body.replace("Zoë", "Zoe")
        else -> {
            val m = Regex(""""(signature|sign)":"(.)""").find(body) ?: error("nothing to tamper with in $body")
            val at = m.groups[2]!!.range.first
            body.substring(0, at) + (if (body[at] == 'A') 'B' else 'A') + body.substring(at + 1)
        }
    }

    /** The Kotlin snippet of the root README ("A local provider stand-in"), line for line. */
    @Test
    fun rootReadmeSnippet(@TempDir dir: File) {
        File(dir, "upay.json").writeText(ProcessBuilder(bin, "sandbox", "upay").start().inputStream.bufferedReader().readText())
        // The snippet reads upay.json from the working directory: here, from `dir`.
        @Suppress("FunctionName", "LocalVariableName")
        fun File(name: String) = java.io.File(dir, name)
        Server("upay").use { server ->
            val port = server.port
            // --- root README, verbatim:
            val a = Json.parseToJsonElement(File("upay.json").readText()).jsonObject.mapValues { it.value.jsonPrimitive.content }
            val upay = UPay(a["api_key"]!!, a["secret"]!!, a["private_key"]!!, a["provider_public_key"]!!)
            val http = OkHttpClient.Builder().addInterceptor(CardsealInterceptor({ r, json -> upay.sealRequest(r.method, r.url.encodedPath, json) }, upay::openResponse)).build()
            val r = http.newCall(Request.Builder().url("http://127.0.0.1:$port/api/v1/card/apply").post("""{"amount":5}""".toRequestBody()).build()).execute()
            check(r.body!!.string() == """{"received":{"amount":5},"path":"/api/v1/card/apply"}""")
            // --- end
            upay.close()
        }
    }

    /** The READMEs show exactly the code run here. */
    @Test
    fun readmesHoldTheCodeThatRuns() {
        val src = File(repo, "bindings/uniffi/kotlin-tests/src/test/kotlin/dev/cardseal/tests")
        val interceptor = File(src, "CardsealInterceptor.kt").readText()
            .substringAfter("end of the file (ServeInterceptorTest checks that the README holds this text).\n\n")
        val uniffiReadme = File(repo, "bindings/uniffi/README.md").readText()
        assertTrue(interceptor.trim().lines().size > 20)
        assertTrue(interceptor.trim() in uniffiReadme, "bindings/uniffi/README.md must hold CardsealInterceptor.kt's class verbatim")
        val snippet = File(src, "ServeInterceptorTest.kt").readText()
            .substringAfter("// --- root README, verbatim:\n").substringBefore("            // --- end")
            .lines().filter { it.isNotBlank() }.map { it.trim() }
        assertEquals(5, snippet.size)
        val rootReadme = File(repo, "README.md").readText()
        assertTrue(snippet.joinToString("\n") in rootReadme, "README.md must hold the Kotlin snippet:\n${snippet.joinToString("\n")}")
    }

    companion object {
        /** Sorted compact (ASINX sends its params sorted); numbers as written. */
        const val PAYLOAD = """{"amount":5000.00,"cardNo":"5392****1234","holder":"Zoë"}"""
        const val PATH = "/api/v1/card/apply"
        const val EXPECTED = """{"received":$PAYLOAD,"path":"$PATH"}"""
    }
}
