# pyright: strict
"""``httpx.Auth`` that seals outgoing requests with a cardseal merchant client.

``pip install cardseal[httpx]``. Works with ``httpx.Client`` and ``httpx.AsyncClient``::

    from cardseal.adapters.httpx import HttpxAuth

    auth = HttpxAuth(cardseal.UPay(api_key, secret, private_key, upay_public_key))
    with httpx.Client(base_url="https://api.example", auth=auth) as http:
        r = http.post("/api/v1/card/apply", json={"amount": 5})
        data = auth.open_response(r)
"""

from __future__ import annotations

from typing import Generator

try:
    import httpx
except ImportError:  # exercised in a subprocess by the tests
    raise ImportError(
        "cardseal.adapters.httpx needs httpx: pip install cardseal[httpx]"
    )

from . import RequestSealer

__all__ = ["HttpxAuth"]


class HttpxAuth(RequestSealer, httpx.Auth):
    """Seals each request (its method, URL path and query, and JSON body) with the
    merchant client, replacing the body with the sealed one and adding the provider's
    headers. Constructor arguments: see :class:`cardseal.adapters.RequestSealer`.
    :meth:`open_response` opens the answer."""

    requires_request_body = True

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        sealed = self.seal(request.method, request.url.raw_path.decode("ascii"), request.content)
        headers = httpx.Headers(request.headers)
        for name in ("Content-Length", "Transfer-Encoding"):
            if name in headers:
                del headers[name]
        for name, value in self.headers_to_send(sealed, headers.get("Content-Type")).items():
            headers[name] = value
        yield httpx.Request(
            request.method,
            request.url,
            headers=headers,
            content=sealed.body.encode("utf-8"),
            extensions=request.extensions,
        )
