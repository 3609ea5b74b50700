"""cardseal.hazmat: the building blocks of the provider schemes, for providers cardseal does
not model yet. Easy to misuse: prefer the provider classes in :mod:`cardseal`.

Byte arguments are ``bytes``/``bytearray``/``memoryview`` (a ``str`` is refused, so hex or
base64 text is never silently taken as raw bytes); decoding functions also take ``str``.
Keys are key text (PEM or bare base64 DER), DER/PEM bytes, or parsed key objects. Errors
are the :mod:`cardseal` exceptions (wrong AES key length → ``InvalidKey``; every
decryption failure → ``DecryptionFailed``; bad base64/hex → ``InvalidInput``). The GIL is
released during the work.
"""

from typing import Any, Literal, Mapping, Optional, Tuple, TypedDict, Union, final

from typing_extensions import Self

__all__ = [
    "RsaPrivateKey",
    "RsaPublicKey",
    "aes_cbc_decrypt",
    "aes_cbc_encrypt",
    "aes_ecb_decrypt",
    "aes_ecb_encrypt",
    "aes_gcm_decrypt",
    "aes_gcm_encrypt",
    "b64_decode",
    "b64_decode_lenient",
    "b64_encode",
    "base64url_decode",
    "base64url_encode",
    "decode_hex_or_b64",
    "form_flat_nonempty_sorted",
    "form_nonempty_sorted_nested_python_str",
    "form_sorted_nested_sorted_json",
    "hex_decode",
    "hex_encode",
    "hmac_sha256",
    "hmac_sha256_verify",
    "json_compact",
    "json_sorted_compact",
    "jwe_decrypt",
    "jwe_decrypt_with_cek",
    "jwe_encrypt",
    "jwe_seal_content",
    "md5",
    "rsa_decrypt_oaep_sha256",
    "rsa_decrypt_pkcs1v15",
    "rsa_encrypt_oaep_sha256",
    "rsa_encrypt_pkcs1v15",
    "rsa_sign_pkcs1v15",
    "rsa_verify_pkcs1v15",
    "sha1",
    "sha256",
]

_Buffer = Union[bytes, bytearray, memoryview]
_Padding = Literal["pkcs7", "none"]
_Hash = Literal["sha256", "sha1", "md5"]
_JsonPayload = Union[Mapping[str, Any], list[Any], tuple[Any, ...], str, bytes]

@final
class RsaPrivateKey:
    """An RSA private key parsed once (PEM PKCS#1/PKCS#8, DER, or bare base64 DER).
    ``repr`` shows only the size."""

    def __new__(cls, key: Union[str, bytes]) -> Self: ...
    @staticmethod
    def generate(bits: int = 2048, *, seed: Optional[bytes] = None) -> "RsaPrivateKey":
        """A fresh key (tests and sandboxes). ``seed`` is test-only."""
    @property
    def bits(self) -> int: ...
    @property
    def size(self) -> int:
        """Modulus size in bytes (k)."""
    def public_key(self) -> "RsaPublicKey": ...
    def private_pem(self) -> str:
        """PKCS#8 PEM text (secret!)."""

@final
class RsaPublicKey:
    """An RSA public key parsed once (PEM SPKI/PKCS#1/CERTIFICATE, DER, bare base64 DER).
    Private key text raises ``InvalidKey``."""

    def __new__(cls, key: Union[str, bytes]) -> Self: ...
    @property
    def bits(self) -> int: ...
    @property
    def size(self) -> int: ...
    def pem(self) -> str:
        """SPKI PEM (64-column lines, each ending in a newline)."""
    def der(self) -> bytes:
        """SPKI DER."""

_PrivateKey = Union[str, bytes, RsaPrivateKey]
_PublicKey = Union[str, bytes, RsaPublicKey, RsaPrivateKey]

# AES (key 16/24/32 bytes → AES-128/192/256)
def aes_ecb_encrypt(key: _Buffer, plaintext: _Buffer, padding: _Padding = "pkcs7") -> bytes:
    """AES-ECB. ``padding="none"`` needs a whole number of blocks (else ``InvalidInput``)."""
def aes_ecb_decrypt(key: _Buffer, ciphertext: _Buffer, padding: _Padding = "pkcs7") -> bytes: ...
def aes_cbc_encrypt(key: _Buffer, iv: _Buffer, plaintext: _Buffer, padding: _Padding = "pkcs7") -> bytes:
    """AES-CBC with a 16-byte IV (not included in the output)."""
def aes_cbc_decrypt(key: _Buffer, iv: _Buffer, ciphertext: _Buffer, padding: _Padding = "pkcs7") -> bytes: ...
def aes_gcm_encrypt(key: _Buffer, nonce: _Buffer, plaintext: _Buffer, aad: Optional[_Buffer] = None) -> bytes:
    """AES-GCM (key 16 or 32 bytes, nonce 12): returns ciphertext ‖ 16-byte tag."""
def aes_gcm_decrypt(key: _Buffer, nonce: _Buffer, ciphertext_and_tag: _Buffer, aad: Optional[_Buffer] = None) -> bytes: ...

# Digests and MACs
def md5(data: _Buffer) -> bytes: ...
def sha1(data: _Buffer) -> bytes: ...
def sha256(data: _Buffer) -> bytes: ...
def hmac_sha256(key: _Buffer, data: _Buffer) -> bytes: ...
def hmac_sha256_verify(key: _Buffer, data: _Buffer, tag: _Buffer) -> None:
    """Constant-time check; raises ``SignatureMismatch``."""

# Encodings
def b64_encode(data: _Buffer) -> str:
    """Standard base64, padded, one line."""
def b64_decode(text: Union[str, _Buffer]) -> bytes:
    """Strict: standard alphabet, padding required, no whitespace."""
def b64_decode_lenient(text: Union[str, _Buffer]) -> bytes:
    """Skips CR/LF (Java MIME line breaks) and accepts missing padding."""
def hex_encode(data: _Buffer) -> str:
    """Lowercase hex."""
def hex_decode(text: Union[str, _Buffer]) -> bytes: ...
def decode_hex_or_b64(text: Union[str, _Buffer]) -> bytes:
    """Hex when every character is a hex digit and the length is even, else lenient base64."""
def base64url_encode(data: _Buffer) -> str:
    """base64url without padding (JOSE)."""
def base64url_decode(text: Union[str, _Buffer]) -> bytes: ...

# RSA
def rsa_sign_pkcs1v15(private_key: _PrivateKey, message: _Buffer, hash: _Hash = "sha256") -> bytes:
    """RSASSA-PKCS1-v1_5 (deterministic)."""
def rsa_verify_pkcs1v15(public_key: _PublicKey, message: _Buffer, signature: _Buffer, hash: _Hash = "sha256") -> None:
    """Raises ``SignatureMismatch`` on any failure."""
def rsa_encrypt_pkcs1v15(
    public_key: _PublicKey, message: _Buffer, *, blocks: bool = False, seed: Optional[bytes] = None
) -> bytes:
    """RSAES-PKCS1-v1_5. ``blocks=True`` splits like the providers' Java demos (k−11 bytes
    in, k out per block). ``seed`` is test-only (reproducible padding)."""
def rsa_decrypt_pkcs1v15(private_key: _PrivateKey, ciphertext: _Buffer, *, blocks: bool = False) -> bytes:
    """Implicit rejection: a wrong key or bad padding yields a synthetic plaintext, not an
    error; only a wrong length raises ``DecryptionFailed``."""
def rsa_encrypt_oaep_sha256(
    public_key: _PublicKey, message: _Buffer, label: Optional[_Buffer] = None, *, seed: Optional[bytes] = None
) -> bytes:
    """RSAES-OAEP with SHA-256 and MGF1-SHA-256."""
def rsa_decrypt_oaep_sha256(private_key: _PrivateKey, ciphertext: _Buffer, label: Optional[_Buffer] = None) -> bytes: ...

# JWE (compact; RSA-OAEP-256 key wrap, AES-GCM)
class _JweEncrypted(TypedDict):
    compact: str
    header_json: str

class _JweDecrypted(TypedDict):
    header_json: str
    plaintext: bytes

def jwe_encrypt(
    plaintext: Union[str, _Buffer],
    public_key: _PublicKey,
    *,
    enc: Literal["A128GCM", "A256GCM"] = "A128GCM",
    zip: bool = False,
    typ: Optional[str] = None,
    kid: Optional[str] = None,
    seed: Optional[bytes] = None,
) -> _JweEncrypted: ...
def jwe_decrypt(
    compact: Union[str, bytes],
    private_key: _PrivateKey,
    *,
    enc: Literal["A128GCM", "A256GCM"] = "A128GCM",
    max_inflated_bytes: Optional[int] = None,
) -> _JweDecrypted: ...
def jwe_decrypt_with_cek(
    compact: Union[str, bytes],
    cek: _Buffer,
    *,
    enc: Literal["A128GCM", "A256GCM"] = "A128GCM",
    max_inflated_bytes: Optional[int] = None,
) -> _JweDecrypted: ...
def jwe_seal_content(
    header_b64u: str, cek: _Buffer, iv: _Buffer, content: _Buffer, *, enc: Literal["A128GCM", "A256GCM"] = "A128GCM"
) -> Tuple[bytes, bytes]:
    """Content encryption alone (AAD = ASCII(header_b64u)): ``(ciphertext, tag)``."""

# Canonicalizers (a dict is serialized first; a str is used as is)
def json_sorted_compact(value: _JsonPayload) -> str:
    """Keys sorted at every depth in Java UTF-16 order, no whitespace, numbers as written.
    Strict RFC 8259 (duplicate keys → ``InvalidInput``)."""
def json_compact(value: _JsonPayload) -> str:
    """As :func:`json_sorted_compact`, member order kept."""
def form_flat_nonempty_sorted(fields: _JsonPayload) -> str:
    """``name=value&...``: ``""``/``null`` dropped, UTF-16 name order, values raw; nested
    values → ``InvalidInput`` (Paytend's signature string)."""
def form_sorted_nested_sorted_json(params: _JsonPayload) -> str:
    """Every top-level field sorted, nested values as sorted compact JSON (UPay's
    ``SIGN_PARAM``)."""
def form_nonempty_sorted_nested_python_str(
    body: _JsonPayload,
    headers: Optional[_JsonPayload] = None,
    *,
    numbers: Literal["as_written", "python"] = "as_written",
    python_version: Literal["3.11", "3.12", "3.13", "3.14"] = "3.14",
) -> str:
    """HyperCard's signature string: ``headers`` merged with ``body``'s fields (body wins),
    ``signature``/empty/hollow values dropped, code point order, every value as Python
    ``str()`` then ``'``→``"``, ``, ``→``,``, ``: ``→``:``; ``python_version`` picks whose
    ``repr()`` escapes non-ASCII characters."""
