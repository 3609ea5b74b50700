# pyright: strict
"""Thin glue between cardseal's merchant clients and HTTP clients / web frameworks.

Nothing here imports an optional dependency: ``import cardseal.adapters`` works without
httpx, requests, Starlette or Flask.

* :class:`RequestSealer`: the per-provider table of how an outgoing HTTP request (method,
  path, JSON body) becomes the provider's sealed message, with the provider-specific
  extras (ASINX ``uid``, Paytend/UPay ``encrypt``, HyperCard ``lang``/``version``, KazePay
  ``api_code``) given once. The HTTP-client adapters are built on it:
  :class:`cardseal.adapters.httpx.HttpxAuth` (``pip install cardseal[httpx]``) and
  :class:`cardseal.adapters.requests.RequestsAuth` (``pip install cardseal[requests]``).
* :func:`open_response`: opens an HTTP response object (``.content``, ``.headers``).
* :func:`open_webhook`: opens a received webhook from its raw body and headers, and the
  framework helpers :func:`open_starlette_webhook` (FastAPI/Starlette, ``await
  request.body()``) and :func:`open_flask_webhook` (Flask, ``request.get_data()``).

Every failure to open is the cardseal error the client raises (:class:`cardseal.Error`
and its subclasses); misuse of the adapters themselves (an extra the provider does not
take, a body that cannot be sealed) is ``TypeError``/``ValueError``.
"""

from __future__ import annotations

import datetime
from typing import (
    Any,
    Callable,
    Iterable,
    Mapping,
    Optional,
    Protocol,
    Tuple,
    Union,
)

from .. import Asinx, HyperCard, KazePay, Paytend, Sealed, UPay

__all__ = [
    "MerchantClient",
    "RequestSealer",
    "open_flask_webhook",
    "open_response",
    "open_starlette_webhook",
    "open_webhook",
]

MerchantClient = Union[Asinx, Paytend, HyperCard, UPay, KazePay]
"""A merchant-side client of any provider."""

_Headers = Union[Mapping[str, str], Iterable[Tuple[str, str]]]
_Body = Union[bytes, bytearray, memoryview, str, None]


class _Response(Protocol):
    """An HTTP response as httpx and requests give it."""

    @property
    def content(self) -> bytes: ...

    @property
    def headers(self) -> Mapping[str, str]: ...


class _AsyncRequest(Protocol):
    """A Starlette/FastAPI request."""

    @property
    def headers(self) -> Mapping[str, str]: ...

    async def body(self) -> bytes: ...


class _SyncRequest(Protocol):
    """A Flask/Werkzeug request."""

    @property
    def headers(self) -> _Headers: ...

    def get_data(self) -> bytes: ...


class _Outgoing:
    """What one outgoing request carries, for the sealing table."""

    __slots__ = ("method", "path", "target", "params")

    def __init__(self, method: str, path: str, target: str, params: Optional[bytes]) -> None:
        self.method = method
        self.path = path
        self.target = target
        self.params = params


# The per-provider table: how an outgoing request is sealed, and which extras apply.
def _seal_asinx(s: RequestSealer, c: Asinx, o: _Outgoing) -> Sealed:
    # The sign covers the path (no query) and the sorted params; every call is a POST.
    return c.seal_request(o.path, o.params, uid=s.uid)


def _seal_paytend(s: RequestSealer, c: Paytend, o: _Outgoing) -> Sealed:
    # Everything is in the body; the path is not signed.
    return c.seal_request(o.params, encrypt=True if s.encrypt is None else s.encrypt)


def _seal_hypercard(s: RequestSealer, c: HyperCard, o: _Outgoing) -> Sealed:
    return c.seal_request(o.params, lang=s.lang, version=s.version)


def _seal_upay(s: RequestSealer, c: UPay, o: _Outgoing) -> Sealed:
    # METHOD|URI|...: the URI is the path with its query, as sent.
    return c.seal_request(o.method, o.target, o.params, encrypt=bool(s.encrypt))


def _seal_kazepay(s: RequestSealer, c: KazePay, o: _Outgoing) -> Sealed:
    return c.seal_request(s.api_code or "", o.params if o.params is not None else b"{}")


_TABLE: dict[type, Tuple[Callable[[Any, Any, _Outgoing], Sealed], frozenset[str]]] = {
    Asinx: (_seal_asinx, frozenset({"uid"})),
    Paytend: (_seal_paytend, frozenset({"encrypt"})),
    HyperCard: (_seal_hypercard, frozenset({"lang", "version"})),
    UPay: (_seal_upay, frozenset({"encrypt"})),
    KazePay: (_seal_kazepay, frozenset({"api_code"})),
}


def _as_bytes(body: object) -> Optional[bytes]:
    if body is None:
        return None
    if isinstance(body, str):
        data = body.encode("utf-8")
    elif isinstance(body, (bytes, bytearray)):
        data = bytes(body)
    elif isinstance(body, memoryview):
        data = body.tobytes()
    else:
        raise TypeError(
            f"cardseal adapters seal a JSON body held in memory, not {type(body).__name__}"
        )
    return data if data.strip() else None


class RequestSealer:
    """Seals outgoing HTTP requests for one merchant client.

    ``client`` is a merchant-side client (:class:`cardseal.Asinx`, :class:`cardseal.Paytend`,
    :class:`cardseal.HyperCard`, :class:`cardseal.UPay` or :class:`cardseal.KazePay`). The
    request's body is the JSON payload, used byte for byte (empty: no params); the sealed
    body replaces it and the provider's headers are added.

    Provider extras (another provider's extra is a ``TypeError``):

    * ASINX ``uid``: the ``uId`` header (default none).
    * Paytend ``encrypt``: default ``True``; ``False`` sends ``bizData`` as a JSON object.
    * UPay ``encrypt``: default ``False``; ``True`` sends ``{"payload": JWE}``.
    * HyperCard ``lang`` and ``version`` (defaults: none and ``"1.0"``).
    * KazePay ``api_code`` (required): the ``head.apiCode`` of every request sealed.

    ``path_prefix``: a leading part of the URL path that is not part of the signed path
    (a base URL's own prefix); ASINX signs the path and UPay the path with its query. A
    request outside the prefix is a ``ValueError``.
    """

    def __init__(
        self,
        client: MerchantClient,
        *,
        path_prefix: str = "",
        uid: Optional[str] = None,
        encrypt: Optional[bool] = None,
        api_code: Optional[str] = None,
        lang: Optional[str] = None,
        version: Optional[str] = None,
    ) -> None:
        entry = _TABLE.get(type(client))
        if entry is None:
            raise TypeError(
                "expected a cardseal merchant client (Asinx, Paytend, HyperCard, UPay, "
                f"KazePay), got {type(client).__name__}"
            )
        given = {
            name
            for name, value in (
                ("uid", uid),
                ("encrypt", encrypt),
                ("api_code", api_code),
                ("lang", lang),
                ("version", version),
            )
            if value is not None
        }
        foreign = sorted(given - entry[1])
        if foreign:
            raise TypeError(
                f"{type(client).__name__} takes no {', '.join(foreign)} "
                f"(its extras: {', '.join(sorted(entry[1]))})"
            )
        if isinstance(client, KazePay) and not api_code:
            raise TypeError("KazePay needs api_code (the head.apiCode of the requests)")
        self.client: MerchantClient = client
        self.path_prefix = path_prefix
        self.uid = uid
        self.encrypt = encrypt
        self.api_code = api_code
        self.lang = lang
        self.version = version
        self._seal = entry[0]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({type(self.client).__name__})"

    def seal(self, method: str, target: str, body: _Body) -> Sealed:
        """Seals a request: ``target`` is the URL path with its query (``/a/b?x=1``),
        ``body`` the JSON payload (``bytes``/``str``; empty or ``None``: no params)."""
        if not target.startswith(self.path_prefix):
            raise ValueError(
                f"request path {target!r} is not under path_prefix {self.path_prefix!r}"
            )
        target = target[len(self.path_prefix) :]
        if not target.startswith("/"):
            target = "/" + target
        path = target.split("?", 1)[0]
        outgoing = _Outgoing(method.upper(), path, target, _as_bytes(body))
        return self._seal(self, self.client, outgoing)

    @staticmethod
    def headers_to_send(sealed: Sealed, content_type: Optional[str]) -> dict[str, str]:
        """The headers to set on the request: the sealed ones, with a ``Content-Type``
        (the request's own, else ``application/json``) when the provider sets none."""
        out = dict(sealed.headers)
        if not any(name.lower() == "content-type" for name in out):
            out["Content-Type"] = content_type or "application/json"
        return out

    def open_response(self, response: _Response) -> Any:
        """The opened payload of an HTTP response (httpx or requests): see
        :func:`open_response`."""
        return open_response(self.client, response)


def open_response(client: MerchantClient, response: _Response) -> Any:
    """Opens a response of the provider: ``client.open_response(response.content,
    response.headers)``. The body is opened whatever the HTTP status (the providers answer
    business errors with their error body): a provider failure raises
    :class:`cardseal.ProviderError`, a body that does not verify the cardseal error that
    says why."""
    return client.open_response(response.content, response.headers)


def open_webhook(
    client: MerchantClient,
    body: Union[bytes, str],
    headers: Optional[_Headers] = None,
    *,
    now: Optional[Union[int, datetime.datetime]] = None,
) -> Any:
    """Opens a received webhook from its raw body (exactly as received) and headers with
    the merchant client: the verified (and decrypted) payload, or the cardseal error
    (:class:`cardseal.SignatureMismatch`, :class:`cardseal.DecryptionFailed`,
    :class:`cardseal.Expired`, :class:`cardseal.InvalidInput`...). ``now`` (Unix ms or a
    ``datetime``) checks a signed timestamp against another instant than the current one."""
    return client.open_notification(body, headers, now)


async def open_starlette_webhook(
    client: MerchantClient,
    request: _AsyncRequest,
    *,
    now: Optional[Union[int, datetime.datetime]] = None,
) -> Any:
    """FastAPI/Starlette: opens the webhook in ``request`` (its raw ``await
    request.body()`` and headers); see :func:`open_webhook`."""
    body = await request.body()
    return open_webhook(client, body, request.headers, now=now)


def open_flask_webhook(
    client: MerchantClient,
    request: Optional[_SyncRequest] = None,
    *,
    now: Optional[Union[int, datetime.datetime]] = None,
) -> Any:
    """Flask: opens the webhook in ``request`` (default: Flask's current request), from
    its raw ``request.get_data()`` and headers; see :func:`open_webhook`."""
    if request is None:
        from flask import request as current

        request = current
    body = request.get_data()
    return open_webhook(client, body, request.headers, now=now)
