# pyright: strict
"""``requests.auth.AuthBase`` that seals outgoing requests with a cardseal merchant client.

``pip install cardseal[requests]``::

    from cardseal.adapters.requests import RequestsAuth

    auth = RequestsAuth(cardseal.KazePay(sys_id, private_key, kazepay_public_key),
                        api_code="cardBalance")
    r = requests.post(URL, json={"cardID": "19181"}, auth=auth)
    data = auth.open_response(r)
"""

from __future__ import annotations

try:
    import requests
    import requests.auth
except ImportError:  # exercised in a subprocess by the tests
    raise ImportError(
        "cardseal.adapters.requests needs requests: pip install cardseal[requests]"
    )

from . import RequestSealer

__all__ = ["RequestsAuth"]


class RequestsAuth(RequestSealer, requests.auth.AuthBase):
    """Seals each prepared request (its method, URL path and query, and JSON body) with
    the merchant client, replacing the body with the sealed one and adding the provider's
    headers. Constructor arguments: see :class:`cardseal.adapters.RequestSealer`.
    :meth:`open_response` opens the answer."""

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        # A streamed body (a generator, a file) is a TypeError: it is sealed in memory.
        sealed = self.seal(r.method or "GET", r.path_url, r.body)
        data = sealed.body.encode("utf-8")
        r.headers.pop("Transfer-Encoding", None)
        for name, value in self.headers_to_send(sealed, r.headers.get("Content-Type")).items():
            r.headers[name] = value
        r.headers["Content-Length"] = str(len(data))
        r.body = data
        return r
