package dev.cardseal.tests

import java.io.File

/** Sandbox keys from test-vectors/keys (published test material, never production keys). */
object Keys {
    private fun read(name: String): String = File(vectorsDir(), "keys/$name").readText()

    val merchant1024 by lazy { read("sandbox_merchant_1024.pem") }
    val provider1024 by lazy { read("sandbox_provider_1024.pem") }
    val merchant2048 by lazy { read("sandbox_merchant_2048.pem") }
    val provider2048 by lazy { read("sandbox_provider_2048.pem") }
    val merchant4096 by lazy { read("sandbox_merchant_4096.pem") }
    val upayMerchant by lazy { read("upay_merchant.pem") }
    val upayPlatform by lazy { read("upay_platform.pem") }
    val kazeMerchant by lazy { read("kazepay_merchant.pem") }
    val kazeProvider by lazy { read("kazepay_provider.pem") }

    /** The public half of a private key, as SPKI PEM (through the binding). */
    fun pub(privatePem: String): String = dev.cardseal.publicKeyPem(privatePem)
}
