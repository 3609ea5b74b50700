package dev.cardseal.tests

import dev.cardseal.CardsealException
import dev.cardseal.HeaderField
import dev.cardseal.Sealed
import java.io.IOException
import okhttp3.Interceptor
import okhttp3.MediaType.Companion.toMediaType
import okhttp3.Request
import okhttp3.RequestBody.Companion.toRequestBody
import okhttp3.Response
import okhttp3.ResponseBody.Companion.toResponseBody
import okio.Buffer

// The OkHttp interceptor of bindings/uniffi/README.md ("OkHttp"), verbatim from here to the
// end of the file (ServeInterceptorTest checks that the README holds this text).

/**
 * Seals each outgoing request's JSON body with a cardseal merchant client and opens the
 * response: `seal(request, json)` seals (the provider's sealRequest), `open(body, headers)`
 * opens (the client's openResponse). The response body becomes the opened payload (JSON).
 * A response that does not open (or a provider error) is a [CardsealIOException].
 */
class CardsealInterceptor(
    private val seal: (Request, String) -> Sealed,
    private val open: (String, List<HeaderField>) -> String,
) : Interceptor {
    override fun intercept(chain: Interceptor.Chain): Response {
        val request = chain.request()
        val json = request.body?.let { body -> Buffer().also { body.writeTo(it) }.readUtf8() } ?: ""
        val sealed = try { seal(request, json) } catch (e: CardsealException) { throw CardsealIOException(e) }
        val builder = request.newBuilder().method(request.method, sealed.body.toRequestBody(JSON))
        sealed.headers.forEach { builder.header(it.name, it.value) }
        val response = chain.proceed(builder.build())
        val text = response.body?.string() ?: ""
        val headers = response.headers.map { (name, value) -> HeaderField(name, value) }
        val payload = try { open(text, headers) } catch (e: CardsealException) { throw CardsealIOException(e) }
        return response.newBuilder().body(payload.toResponseBody(JSON)).build()
    }

    private companion object {
        val JSON = "application/json".toMediaType()
    }
}

/** A cardseal failure inside an OkHttp call (OkHttp reports IOExceptions to the caller). */
class CardsealIOException(val error: CardsealException) : IOException(error.toString(), error)
