"""cardseal: exact, fast implementations of card-issuing providers' signing and
encryption schemes (ASINX Pay/Moonbank, Paytend, UPay, HyperCard, KazePay).

Conventions shared by every class:

* **Payloads** (``params``, ``biz``, ``body``, ``payload``) are a ``dict``/``list`` (serialized
  to compact JSON in insertion order; ``decimal.Decimal`` keeps its exact digits, so
  ``Decimal("5000.00")`` is sent as ``5000.00``) or JSON text as ``str``/``bytes`` (used byte
  for byte).
* **Results** of ``open_*`` are Python values parsed with ``json.loads(text,
  parse_float=Decimal)`` (so decimals keep their exact digits), typed ``dict[str, Any]``
  where the scheme only accepts a JSON object there and ``Any`` where any JSON value (or
  ``None`` for none) can arrive; each ``open_*`` has an ``open_*_text`` twin returning the
  exact JSON text.
* **Keys** are ``str`` (PEM: PKCS#1, PKCS#8, SPKI, CERTIFICATE; or the bare base64 DER text
  Java's ``getEncoded()`` prints), ``bytes`` (DER or PEM), or a parsed
  :class:`cardseal.hazmat.RsaPrivateKey` / :class:`cardseal.hazmat.RsaPublicKey`.
* **_Headers** are a mapping (``dict``, ``requests``' ``CaseInsensitiveDict``...) or an iterable
  of ``(name, value)`` pairs; lookups are case-insensitive.
* **now** (``open_notification``) is Unix milliseconds (``int``) or a ``datetime``.
* ``seed`` / ``now_ms`` keyword arguments of the constructors are **for tests only**: they
  replace the operating system's random source and clock with a deterministic stream
  (``Env::fixed``) so output is reproducible. Never use ``seed`` for real traffic.
* All crypto and canonicalization run in Rust with the GIL released.
"""

import datetime
from typing import Any, Iterable, Literal, Mapping, Optional, Tuple, Union, final

from typing_extensions import Self

from . import hazmat as hazmat
from .hazmat import RsaPrivateKey, RsaPublicKey

__all__ = [
    "Asinx",
    "AsinxProvider",
    "DecryptionFailed",
    "Error",
    "Expired",
    "HyperCard",
    "HyperCardProvider",
    "InvalidInput",
    "InvalidKey",
    "KazePay",
    "KazePayProvider",
    "MultipartUpload",
    "Paytend",
    "PaytendProvider",
    "ProviderError",
    "Sealed",
    "SignatureMismatch",
    "UPay",
    "UPayProvider",
    "Unavailable",
    "generate_rsa_key",
    "hazmat",
    "public_key_pem",
]


__version__: str

_JsonPayload = Union[Mapping[str, Any], list[Any], tuple[Any, ...], str, bytes]
"""A dict/list (serialized in insertion order) or JSON text (used byte for byte)."""
_Key = Union[str, bytes, RsaPrivateKey, RsaPublicKey]
"""Key text (PEM or bare base64 DER), DER/PEM bytes, or a parsed key object."""
_PrivateKey = Union[str, bytes, RsaPrivateKey]
_Headers = Union[Mapping[str, str], Iterable[Tuple[str, str]]]
_Text = Union[str, bytes]
_Now = Union[int, datetime.datetime]

# ----------------------------------------------------------------------------- errors

class Error(Exception):
    """Base class of every cardseal error.

    ``kind`` is the machine-readable kind, the same in every language binding:
    ``"invalid_key"``, ``"invalid_input"``, ``"signature_mismatch"``,
    ``"decryption_failed"``, ``"provider_error"`` or ``"expired"`` (``None`` on this base
    class itself).
    """

    kind: Optional[str]

class InvalidKey(Error):
    """A key could not be parsed or used (malformed, wrong type, too small, wrong length).
    The message names what was seen, never key material. ``kind == "invalid_key"``;
    ``problem`` is ``"malformed"``, ``"unsupported"``, ``"size"``, ``"inconsistent"`` or
    ``"rejected"``."""

    kind: str
    problem: Optional[str]

class InvalidInput(Error):
    """Input that is not what the scheme expects: bad JSON, bad base64/hex, a missing
    field, a value that is not JSON (e.g. a ``set`` or ``float('nan')``), over-size input.
    ``field`` names the field. ``kind == "invalid_input"``."""

    kind: str
    field: Optional[str]

class SignatureMismatch(Error):
    """A signature, MAC or digest did not verify (or a message is for another merchant).
    ``kind == "signature_mismatch"``; ``check`` names what: ``"signature"``, ``"hmac"``,
    ``"sign header"``, ``"appId"``, ``"partnerId"``, ``"api-key"``, ``"head.sign"``,
    ``"X-UPA-SIGN"``, ``"X-UPA-APIKEY"``."""

    kind: str
    check: Optional[str]

class DecryptionFailed(Error):
    """Decryption failed. One uniform error for every padding/key/tag/length failure (no
    oracle). ``kind == "decryption_failed"``."""

    kind: str

class ProviderError(Error):
    """The provider answered with a failure (e.g. Paytend ``respCode != "00"``, ASINX
    ``success=false``). ``code`` and ``message`` are as sent, as text (``""`` when the
    provider sent none). ``kind == "provider_error"``.

    ``result`` is the payload sent along with the failure, opened, as its exact JSON text
    (ASINX: an encrypted ``result`` that opens with the secret); ``data`` is that text
    parsed like an opened payload (``Decimal`` for numbers with a fraction). Both are
    ``None`` when the failure carried no result or it did not open."""

    kind: str
    code: str
    message: str
    result: Optional[str]
    data: Any

class Unavailable(Error):
    """The environment could not provide what the operation needs: the OS random source
    failed (``resource == "entropy"``) or the clock is outside what the scheme can write
    (``"clock"``). Not the input's fault. ``kind == "unavailable"``."""

    kind: str
    resource: Optional[str]

class Expired(Error):
    """A signed timestamp is outside the accepted window. ``kind == "expired"``."""

    kind: str
    timestamp_ms: int
    now_ms: int
    max_age_ms: int

# ----------------------------------------------------------------------------- results

@final
class Sealed:
    """A sealed message."""

    @property
    def body(self) -> str:
        """The HTTP body: exactly the text to send."""
    @property
    def headers(self) -> dict[str, str]:
        """The provider's authentication headers (name → value, stable order)."""
    @property
    def trace(self) -> dict[str, str]:
        """The intermediate values (canonical text, string to sign, digest...), in the order
        computed, for debugging a "signature error". Never contains secret keys."""
    @property
    def trace_steps(self) -> list[Tuple[str, str]]:
        """Every trace step as ``(name, value)``, repeated names included."""

@final
class MultipartUpload:
    """A sealed KazePay ``fileUpload``: a multipart/form-data body."""

    @property
    def body(self) -> bytes:
        """The whole HTTP body."""
    @property
    def content_type(self) -> str:
        """``multipart/form-data; boundary=...``"""
    @property
    def headers(self) -> dict[str, str]:
        """``{"Content-Type": content_type}``"""
    @property
    def boundary(self) -> str: ...
    @property
    def request_json(self) -> str:
        """The ``request`` part: the sealed envelope JSON."""
    @property
    def trace(self) -> dict[str, str]: ...

# ----------------------------------------------------------------------------- keys

def generate_rsa_key(bits: int = 2048, *, seed: Optional[bytes] = None) -> str:
    """A new RSA private key as PKCS#8 PEM text, for tests and sandboxes.
    ``seed`` (test-only) makes it reproducible."""

def public_key_pem(key: _Key) -> str:
    """The SPKI ``PUBLIC KEY`` PEM (64-column lines) of a private or public key in any
    accepted format."""

# ----------------------------------------------------------------------------- ASINX

@final
class Asinx:
    """ASINX Pay / Moonbank, merchant side.

    One shared ``app_secret`` (32 hex characters; its hex-decoding is the AES-128 key).
    Requests are sent as sorted compact JSON with an MD5 ``sign`` header; responses and
    webhooks carry an AES-ECB encrypted ``result``.

    >>> a = Asinx("app_447770", "b635dd5c87f7bf73387929203321b1e1")
    >>> s = a.seal_request("/user/register", {"email": "a@b.c"})
    >>> s.headers["sign"]  # doctest: +SKIP
    """

    def __new__(
        cls,
        app_id: str,
        app_secret: _Text,
        *,
        seed: Optional[bytes] = None,
        now_ms: Optional[int] = None,
    ) -> Self: ...
    @property
    def app_id(self) -> str: ...
    def seal_request(self, path: str, params: Optional[_JsonPayload] = None, *, uid: Optional[str] = None) -> Sealed:
        """Seals a request to ``path`` (e.g. ``/user/register``). ``params`` is sent as
        sorted compact JSON (``{}`` when ``None``); ``uid`` becomes the ``uId`` header.
        _Headers: ``appId``, ``sign``, ``uId``?, ``Content-Type``."""
    def open_response(self, body: _Text, headers: Optional[_Headers] = None) -> Any:
        """The decrypted ``result`` of a response. ``success=false`` raises
        :class:`ProviderError` (carrying the opened ``result`` as ``.result``/``.data``
        when there is one that opens, else ``None``); on success a result that does not
        open raises :class:`DecryptionFailed`."""
    def open_response_text(self, body: _Text, headers: Optional[_Headers] = None) -> str:
        """As :meth:`open_response`, returning the exact JSON text."""
    def open_notification(self, body: _Text, headers: Optional[_Headers] = None, now: Optional[_Now] = None) -> Any:
        """The decrypted ``result`` of a webhook ``{"appId","result"}``; a foreign
        ``appId`` raises :class:`SignatureMismatch`. (No timestamp: ``now`` is unused.)"""
    def open_notification_text(self, body: _Text, headers: Optional[_Headers] = None, now: Optional[_Now] = None) -> str: ...
    def explain_response(self, body: _Text, headers: Optional[_Headers] = None, *, their_string: Optional[str] = None) -> dict[str, Any]:
        """A redacted report of a response: ``ok``, ``error``, ``failed_check``, and for messages
        signed in the clear ``steps`` (the string to sign, its SHA-256, the values received) and
        ``their_string`` (the first difference). Encrypted messages: the uniform error only."""
    def explain_notification(self, body: _Text, headers: Optional[_Headers] = None, now: Optional[_Now] = None, *, their_string: Optional[str] = None) -> dict[str, Any]:
        """As ``explain_response``, for a webhook checked at ``now``."""
    def provider(self) -> "AsinxProvider":
        """The ASINX-side mirror with the same credentials."""

@final
class AsinxProvider:
    """ASINX's side (a local stand-in for integration tests)."""

    def __new__(cls, app_id: str, app_secret: _Text, *, seed: Optional[bytes] = None, now_ms: Optional[int] = None) -> Self: ...
    def open_request(self, body: _Text, headers: Optional[_Headers] = None, *, method: Optional[str] = None, path: Optional[str] = None) -> dict[str, Any]:
        """Verifies ``appId`` and ``sign`` and returns the params. The path signed is
        ``path`` or the ``:path`` pseudo-header."""
    def open_request_text(self, body: _Text, headers: Optional[_Headers] = None, *, method: Optional[str] = None, path: Optional[str] = None) -> str: ...
    def explain_request(self, body: _Text, headers: Optional[_Headers] = None, *, method: Optional[str] = None, path: Optional[str] = None, their_string: Optional[str] = None) -> dict[str, Any]:
        """A redacted report of a request (see ``explain_response`` of the merchant side)."""
    def seal_response(self, payload: _JsonPayload) -> Sealed:
        """``{"success":true,"code":1,"message":"Successful!","result":hex}``"""
    def seal_error_response(self, code: int, message: str, result: Optional[_JsonPayload] = None) -> Sealed:
        """``{"success":false,"code":code,"message":message}``, plus ``"result":hex``
        encrypting ``result`` (error details) when given."""
    def seal_notification(self, payload: _JsonPayload) -> Sealed:
        """``{"appId":...,"result":hex}``"""

# ----------------------------------------------------------------------------- Paytend

@final
class Paytend:
    """Paytend, merchant side: hybrid RSA (PKCS#1 v1.5) + AES-192-ECB, SHA256withRSA.

    ``utc_offset_minutes`` sets the zone of the generated ``requestId`` timestamp
    (default UTC+8)."""

    def __new__(
        cls,
        partner_id: str,
        private_key: _PrivateKey,
        provider_public_key: _Key,
        *,
        utc_offset_minutes: Optional[int] = None,
        seed: Optional[bytes] = None,
        now_ms: Optional[int] = None,
    ) -> Self: ...
    @property
    def partner_id(self) -> str: ...
    def request_id(self) -> str:
        """A new ``requestId``: partnerId + ``yyyyMMddHHmmssSSS``."""
    def seal_request(
        self,
        biz: Optional[_JsonPayload] = None,
        *,
        request_id: Optional[str] = None,
        encrypt: bool = True,
    ) -> Sealed:
        """Encrypts and signs ``biz``; the body is the JSON request object. ``None``,
        ``""`` or ``"null"``: no ``bizData`` and no ``randomKey``. ``encrypt=False``:
        ``bizData`` is the JSON object itself (compact), no ``randomKey``, and that text
        is signed."""
    def open_response(self, body: _Text, headers: Optional[_Headers] = None) -> Any:
        """Decrypts (or, without ``randomKey``, takes as sent) and verifies ``respData``;
        ``None`` when there is none. ``respCode != "00"`` raises :class:`ProviderError`
        (``result`` is ``None``)."""
    def open_response_text(self, body: _Text, headers: Optional[_Headers] = None) -> str: ...
    def open_notification(self, body: _Text, headers: Optional[_Headers] = None, now: Optional[_Now] = None) -> Any:
        """Decrypts (or, without ``randomKey``, takes as sent) and verifies a webhook's
        ``content``; ``None`` when there is none."""
    def open_notification_text(self, body: _Text, headers: Optional[_Headers] = None, now: Optional[_Now] = None) -> str: ...
    def explain_response(self, body: _Text, headers: Optional[_Headers] = None, *, their_string: Optional[str] = None) -> dict[str, Any]:
        """A redacted report of a response: ``ok``, ``error``, ``failed_check``, and for messages
        signed in the clear ``steps`` (the string to sign, its SHA-256, the values received) and
        ``their_string`` (the first difference). Encrypted messages: the uniform error only."""
    def explain_notification(self, body: _Text, headers: Optional[_Headers] = None, now: Optional[_Now] = None, *, their_string: Optional[str] = None) -> dict[str, Any]:
        """As ``explain_response``, for a webhook checked at ``now``."""
    def provider(self, provider_private_key: _PrivateKey) -> "PaytendProvider":
        """The Paytend-side mirror, holding Paytend's private key."""

@final
class PaytendProvider:
    """Paytend's side (mirror)."""

    def __new__(
        cls,
        partner_id: str,
        provider_private_key: _PrivateKey,
        partner_public_key: _Key,
        *,
        seed: Optional[bytes] = None,
        now_ms: Optional[int] = None,
    ) -> Self: ...
    def open_request(self, body: _Text, headers: Optional[_Headers] = None, *, method: Optional[str] = None, path: Optional[str] = None) -> Any: ...
    def open_request_text(self, body: _Text, headers: Optional[_Headers] = None, *, method: Optional[str] = None, path: Optional[str] = None) -> str: ...
    def explain_request(self, body: _Text, headers: Optional[_Headers] = None, *, method: Optional[str] = None, path: Optional[str] = None, their_string: Optional[str] = None) -> dict[str, Any]:
        """A redacted report of a request (see ``explain_response`` of the merchant side)."""
    def seal_response(self, payload: Optional[_JsonPayload] = None, *, encrypt: bool = True) -> Sealed:
        """``encrypt=False``: ``respData`` is the JSON object itself, no ``randomKey``."""
    def seal_error_response(self, code: str, message: str) -> Sealed: ...
    def seal_notification(
        self,
        payload: Optional[_JsonPayload] = None,
        *,
        notify_type: Optional[str] = None,
        encrypt: bool = True,
    ) -> Sealed:
        """``encrypt=False``: ``content`` is the JSON object itself, no ``randomKey``."""

# ----------------------------------------------------------------------------- HyperCard

@final
class HyperCard:
    """HyperCard by HyperPay, merchant side: SHA256withRSA over the sorted header + body
    fields (a body field replaces the header of the same name). Push events are accepted
    when their signed timestamp is within ``max_skew_secs`` of now (default 24 h + 5 min:
    HyperCard retries a push for 24 hours; ``None``: no check). De-duplicating retried
    pushes is the receiver's job: key it on the event's identifier in the body.

    ``numbers`` is how numbers are written in the string to sign: ``"python"`` (default,
    as HyperCard's Python reference verifier does: ``str(json.loads(literal))``, so
    ``5000.00`` is signed as ``5000.0``) or ``"as_written"`` (the literal as sent).
    ``python_version`` is the CPython whose ``repr()`` escapes non-ASCII characters of
    nested strings (default the newest modelled, ``"3.14"``)."""

    def __new__(
        cls,
        api_key: str,
        private_key: _PrivateKey,
        provider_public_key: _Key,
        *,
        max_skew_secs: Optional[int] = ...,  # 86700 (24 h + 5 min); None: no check
        numbers: Literal["python", "as_written"] = "python",
        python_version: Literal["3.11", "3.12", "3.13", "3.14"] = "3.14",
        seed: Optional[bytes] = None,
        now_ms: Optional[int] = None,
    ) -> Self: ...
    @property
    def api_key(self) -> str: ...
    def seal_request(
        self,
        params: Optional[_JsonPayload] = None,
        *,
        timestamp: Optional[int] = None,
        nonce: Optional[str] = None,
        lang: Optional[str] = None,
        version: Optional[str] = None,
    ) -> Sealed:
        """Signs a request. ``timestamp`` is Unix seconds (default now), ``nonce`` 10
        random characters by default, ``version`` ``"1.0"`` by default."""
    def open_response(self, body: _Text, headers: Optional[_Headers] = None) -> Any:
        """``data`` of ``{"code","msg","data"}``; ``code != "00000"`` raises
        :class:`ProviderError`."""
    def open_response_text(self, body: _Text, headers: Optional[_Headers] = None) -> str: ...
    def open_notification(
        self, body: _Text, headers: Optional[_Headers] = None, now: Optional[_Now] = None
    ) -> dict[str, Any]:
        """Verifies a push event's signature and timestamp (against ``now``, default the
        current time); outside the window raises :class:`Expired`."""
    def open_notification_text(self, body: _Text, headers: Optional[_Headers] = None, now: Optional[_Now] = None) -> str: ...
    def explain_response(self, body: _Text, headers: Optional[_Headers] = None, *, their_string: Optional[str] = None) -> dict[str, Any]:
        """A redacted report of a response: ``ok``, ``error``, ``failed_check``, and for messages
        signed in the clear ``steps`` (the string to sign, its SHA-256, the values received) and
        ``their_string`` (the first difference). Encrypted messages: the uniform error only."""
    def explain_notification(self, body: _Text, headers: Optional[_Headers] = None, now: Optional[_Now] = None, *, their_string: Optional[str] = None) -> dict[str, Any]:
        """As ``explain_response``, for a webhook checked at ``now``."""
    @staticmethod
    def decrypt_card_detail(encoded: str, card_private_key: _PrivateKey) -> str:
        """Decrypts a card detail encrypted to the merchant's card key (≥ 4096 bits)."""
    def provider(self, provider_private_key: _PrivateKey) -> "HyperCardProvider": ...

@final
class HyperCardProvider:
    """HyperCard's side (mirror)."""

    def __new__(
        cls,
        api_key: str,
        provider_private_key: _PrivateKey,
        merchant_public_key: _Key,
        *,
        max_skew_secs: Optional[int] = ...,  # 300; None: no check
        numbers: Literal["python", "as_written"] = "python",
        python_version: Literal["3.11", "3.12", "3.13", "3.14"] = "3.14",
        seed: Optional[bytes] = None,
        now_ms: Optional[int] = None,
    ) -> Self: ...
    def open_request(self, body: _Text, headers: Optional[_Headers] = None, *, method: Optional[str] = None, path: Optional[str] = None) -> dict[str, Any]:
        """The request body (always a JSON object), verified."""
    def open_request_text(self, body: _Text, headers: Optional[_Headers] = None, *, method: Optional[str] = None, path: Optional[str] = None) -> str: ...
    def explain_request(self, body: _Text, headers: Optional[_Headers] = None, *, method: Optional[str] = None, path: Optional[str] = None, their_string: Optional[str] = None) -> dict[str, Any]:
        """A redacted report of a request (see ``explain_response`` of the merchant side)."""
    def seal_response(self, payload: _JsonPayload) -> Sealed: ...
    def seal_error_response(self, code: str, message: str) -> Sealed: ...
    def seal_notification(
        self,
        payload: _JsonPayload,
        *,
        timestamp: Optional[int] = None,
        nonce: Optional[str] = None,
        lang: Optional[str] = None,
        version: Optional[str] = None,
    ) -> Sealed: ...
    def encrypt_card_detail(self, detail: str, merchant_card_public_key: _Key) -> str: ...

# ----------------------------------------------------------------------------- UPay

@final
class UPay:
    """UPay, merchant side: HMAC-SHA256 ``X-UPA-SIGN`` headers plus the merchant's API key
    in ``X-UPA-APIKEY`` on every request, JWE (RSA-OAEP-256 + A128GCM, DEFLATE) on
    encrypted endpoints and webhooks.

    ``UPay(api_key, secret, private_key, provider_public_key)``: ``api_key``, ``secret``,
    ``private_key`` and ``provider_public_key`` are required (``TypeError`` when missing).
    ``app_id=`` is accepted as a keyword alias of ``api_key`` (its name before the API key
    was known to be what UPay expects); giving both is a ``TypeError``. An empty
    ``api_key`` or one with a control character is :class:`InvalidInput`.
    ``replay_window_ms`` is the webhook replay window (default 30 minutes: UPay's retries
    reuse the first timestamp; negative: :class:`InvalidInput`). Unencrypted params that
    are exactly ``{"payload": <str>}`` are refused (:class:`InvalidInput`): the platform
    would read them as encrypted."""

    def __new__(
        cls,
        api_key: Optional[str] = None,
        secret: Optional[_Text] = None,
        private_key: Optional[_PrivateKey] = None,
        provider_public_key: Optional[_Key] = None,
        *,
        app_id: Optional[str] = None,
        replay_window_ms: Optional[int] = None,
        max_inflated_bytes: Optional[int] = None,
        seed: Optional[bytes] = None,
        now_ms: Optional[int] = None,
    ) -> Self: ...
    @property
    def api_key(self) -> str:
        """The merchant's API key (the ``X-UPA-APIKEY`` value)."""
    @property
    def app_id(self) -> str:
        """Deprecated alias of :attr:`api_key`."""
    def seal_request(
        self,
        method: str,
        path: str,
        params: Optional[_JsonPayload] = None,
        *,
        encrypt: bool = False,
        timestamp_ms: Optional[int] = None,
        request_id: Optional[str] = None,
        multipart: bool = False,
    ) -> Sealed:
        """Signs ``METHOD|URI|TIMESTAMP|REQUEST_ID|SIGN_PARAM``; ``encrypt=True`` sends
        ``{"payload": JWE}`` (the plaintext params are signed); ``multipart=True`` signs an
        empty ``SIGN_PARAM`` and leaves the body to the caller."""
    def seal_notification_ack(self) -> Sealed:
        """The answer to an accepted webhook: ``SUCCESS`` as ``text/plain`` (send it within 5 s)."""
    def open_response(self, body: _Text, headers: Optional[_Headers] = None) -> Any:
        """``data`` of a response (decrypted when it is ``{"payload": JWE}``). ``code``
        alone decides: ``0`` or ``"0"`` is success, any other code is
        :class:`ProviderError` (``.code``, ``.message`` = ``msg``), whatever ``success``
        says."""
    def open_response_text(self, body: _Text, headers: Optional[_Headers] = None) -> str: ...
    def open_notification(
        self, body: _Text, headers: Optional[_Headers] = None, now: Optional[_Now] = None
    ) -> dict[str, Any]:
        """Decrypts a webhook JWE, verifies ``X-UPA-SIGN`` and the replay window (against
        ``now``, default the current time)."""
    def open_notification_text(self, body: _Text, headers: Optional[_Headers] = None, now: Optional[_Now] = None) -> str: ...
    def explain_response(self, body: _Text, headers: Optional[_Headers] = None, *, their_string: Optional[str] = None) -> dict[str, Any]:
        """A redacted report of a response: ``ok``, ``error``, ``failed_check``, and for messages
        signed in the clear ``steps`` (the string to sign, its SHA-256, the values received) and
        ``their_string`` (the first difference). Encrypted messages: the uniform error only."""
    def explain_notification(self, body: _Text, headers: Optional[_Headers] = None, now: Optional[_Now] = None, *, their_string: Optional[str] = None) -> dict[str, Any]:
        """As ``explain_response``, for a webhook checked at ``now``."""
    def provider(self, platform_private_key: _PrivateKey) -> "UPayProvider": ...
    @staticmethod
    def sign_param(params: _JsonPayload) -> str:
        """The ``SIGN_PARAM`` of a params object."""
    @staticmethod
    def hmac_sign(secret: _Text, data: _Text) -> str:
        """``b64(HMAC-SHA256(secret, data))``."""
    @staticmethod
    def key_id(public_key: _Key) -> str:
        """The JWE ``kid``: hex(SHA-256(SPKI PEM text))."""

@final
class UPayProvider:
    """UPay's platform side (mirror). It expects the merchant's ``api_key`` in
    ``X-UPA-APIKEY`` (another value: :class:`SignatureMismatch` naming ``X-UPA-APIKEY``;
    none: :class:`InvalidInput`). ``replay_window_ms`` is the request timestamp window
    (default 60 s; negative: :class:`InvalidInput`)."""

    def __new__(
        cls,
        api_key: str,
        secret: _Text,
        platform_private_key: _PrivateKey,
        merchant_public_key: _Key,
        *,
        replay_window_ms: Optional[int] = None,
        max_inflated_bytes: Optional[int] = None,
        seed: Optional[bytes] = None,
        now_ms: Optional[int] = None,
    ) -> Self: ...
    def open_request(self, body: _Text, headers: Optional[_Headers] = None, *, method: Optional[str] = None, path: Optional[str] = None) -> Any: ...
    def open_request_text(self, body: _Text, headers: Optional[_Headers] = None, *, method: Optional[str] = None, path: Optional[str] = None) -> str: ...
    def explain_request(self, body: _Text, headers: Optional[_Headers] = None, *, method: Optional[str] = None, path: Optional[str] = None, their_string: Optional[str] = None) -> dict[str, Any]:
        """A redacted report of a request (see ``explain_response`` of the merchant side)."""
    def seal_response(self, payload: _JsonPayload, *, encrypt: bool = False) -> Sealed: ...
    def seal_notification(
        self, payload: _JsonPayload, *, timestamp_ms: Optional[int] = None, request_id: Optional[str] = None
    ) -> Sealed:
        """A webhook: body = JWE of ``{event, trace, orderNo, timestamp, detail}``."""

# ----------------------------------------------------------------------------- KazePay

@final
class KazePay:
    """KazePay, merchant side: a hybrid RSA + AES "digital envelope".

    The unpublished choices are profile options: ``digest`` (``"sha1"``/``"sha256"``),
    ``signed_content`` (``"plaintext"``/``"ciphertext"``), ``key_wrapping``
    (``"base64_text"``/``"raw"``), ``aes_key_bits`` (128/256). :meth:`detect` finds them
    from one real message."""

    def __new__(
        cls,
        sys_id: str,
        private_key: _PrivateKey,
        provider_public_key: _Key,
        *,
        digest: str = "sha1",
        signed_content: str = "plaintext",
        key_wrapping: str = "base64_text",
        aes_key_bits: int = 128,
        seed: Optional[bytes] = None,
        now_ms: Optional[int] = None,
    ) -> Self: ...
    @property
    def profile(self) -> str:
        """E.g. ``"digest=sha1 signed_content=plaintext key_wrapping=base64_text aes_key_bits=128"``."""
    @property
    def sys_id(self) -> str:
        """The merchant's ``sysId``."""
    def seal_request(self, api_code: str, body: _JsonPayload, *, request_no: Optional[str] = None) -> Sealed: ...
    def seal_file_upload(
        self,
        body: _JsonPayload,
        file: bytes,
        *,
        file_name: str,
        content_type: str = "application/octet-stream",
        request_no: Optional[str] = None,
    ) -> MultipartUpload: ...
    def open_response(self, body: _Text, headers: Optional[_Headers] = None) -> Any:
        """Decrypts and verifies a response; ``head.code != "SUCCESS"`` raises
        :class:`ProviderError`."""
    def open_response_text(self, body: _Text, headers: Optional[_Headers] = None) -> str: ...
    def open_notification(self, body: _Text, headers: Optional[_Headers] = None, now: Optional[_Now] = None) -> Any: ...
    def open_notification_text(self, body: _Text, headers: Optional[_Headers] = None, now: Optional[_Now] = None) -> str: ...
    def explain_response(self, body: _Text, headers: Optional[_Headers] = None, *, their_string: Optional[str] = None) -> dict[str, Any]:
        """A redacted report of a response: ``ok``, ``error``, ``failed_check``, and for messages
        signed in the clear ``steps`` (the string to sign, its SHA-256, the values received) and
        ``their_string`` (the first difference). Encrypted messages: the uniform error only."""
    def explain_notification(self, body: _Text, headers: Optional[_Headers] = None, now: Optional[_Now] = None, *, their_string: Optional[str] = None) -> dict[str, Any]:
        """As ``explain_response``, for a webhook checked at ``now``."""
    def provider(self, provider_private_key: _PrivateKey) -> "KazePayProvider": ...
    @staticmethod
    def detect(message: _Text, recipient_private_key: _PrivateKey, sender_public_key: _Key) -> dict[str, Any]:
        """Tries every profile on one received envelope: ``{"matches": [profile...],
        "attempts": [(profile, error_kind or None)...], "body": str | None,
        "summary": str}``."""
    @staticmethod
    def multipart_body(
        boundary: str,
        file: bytes,
        request_json: str,
        *,
        file_name: str,
        content_type: str = "application/octet-stream",
    ) -> bytes: ...

@final
class KazePayProvider:
    """KazePay's side (mirror)."""

    def __new__(
        cls,
        sys_id: str,
        provider_private_key: _PrivateKey,
        merchant_public_key: _Key,
        *,
        digest: str = "sha1",
        signed_content: str = "plaintext",
        key_wrapping: str = "base64_text",
        aes_key_bits: int = 128,
        seed: Optional[bytes] = None,
        now_ms: Optional[int] = None,
    ) -> Self: ...
    def open_request(self, body: _Text, headers: Optional[_Headers] = None, *, method: Optional[str] = None, path: Optional[str] = None) -> Any: ...
    def open_request_text(self, body: _Text, headers: Optional[_Headers] = None, *, method: Optional[str] = None, path: Optional[str] = None) -> str: ...
    def explain_request(self, body: _Text, headers: Optional[_Headers] = None, *, method: Optional[str] = None, path: Optional[str] = None, their_string: Optional[str] = None) -> dict[str, Any]:
        """A redacted report of a request (see ``explain_response`` of the merchant side)."""
    def seal_response(self, payload: _JsonPayload, *, api_code: str, request_no: str) -> Sealed: ...
    def seal_error_response(self, api_code: str, request_no: str, code: str, detail: str) -> Sealed: ...
    def seal_notification(self, payload: _JsonPayload, *, api_code: str) -> Sealed: ...
