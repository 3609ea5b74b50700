# pyright: strict
"""The Python adapters against `cardseal serve` (issue 14), everything on loopback.

For each of the five providers: `cardseal serve P --port 0` is started, the merchant
client is built from `cardseal sandbox P`, requests sealed by ``HttpxAuth`` (sync and
async) and ``RequestsAuth`` get the stand-in's sealed answer, opened to exactly
``{"received": <payload>, "path": "<path>"}``; a request tampered with after sealing gets
the provider's error (its code); ``POST /__cardseal/notify`` delivers a signed webhook to a
FastAPI app under uvicorn and to a Flask app under Werkzeug's server, both in this process,
which open it with ``open_starlette_webhook`` / ``open_flask_webhook``; the same webhook
tampered with is refused by the receiver. The binary is ``$CARDSEAL_BIN``, else
``target/debug/cardseal`` or ``target/release/cardseal`` of the workspace, else built with
``cargo build -q -p cardseal-cli``.
"""

from __future__ import annotations

import asyncio
import json
import os
import pathlib
import queue
import re
import select
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Iterator, Optional, Union

import flask
import httpx
import pytest
import requests
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from werkzeug.serving import make_server

import cardseal
from cardseal.adapters import (
    MerchantClient,
    RequestSealer,
    open_flask_webhook,
    open_response,
    open_starlette_webhook,
    open_webhook,
)
from cardseal.adapters.httpx import HttpxAuth
from cardseal.adapters.requests import RequestsAuth

REPO = pathlib.Path(__file__).resolve().parents[3]
PROVIDERS = ["asinx", "paytend", "hypercard", "upay", "kazepay"]
CLASSES: dict[str, Callable[..., MerchantClient]] = {
    "asinx": cardseal.Asinx,
    "paytend": cardseal.Paytend,
    "hypercard": cardseal.HyperCard,
    "upay": cardseal.UPay,
    "kazepay": cardseal.KazePay,
}
# The adapter extras each provider needs (KazePay: the apiCode of the requests).
EXTRAS: dict[str, dict[str, Any]] = {"kazepay": {"api_code": "cardRecharge"}}
# The error codes the stand-in answers a refused request with (README, `cardseal serve`).
REFUSAL_CODES = {"asinx": "401", "paytend": "99", "hypercard": "40001", "upay": "403", "kazepay": "FAIL"}

PATH = "/api/v1/card/apply"
PAYLOAD: dict[str, Any] = {"amount": 5000, "cardNo": "5392****1234", "holder": "Zoë"}
# Sorted compact JSON (ASINX sends its params sorted): answered back byte for byte.
RAW = '{"amount":5000.00,"cardNo":"5392****1234","holder":"Zoë"}'


def expected(payload: Any, path: str = PATH) -> dict[str, Any]:
    return {"received": payload, "path": path}


# ----------------------------------------------------------------------------- the binary


def _find_binary() -> str:
    given = os.environ.get("CARDSEAL_BIN")
    if given:
        return given
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target")
    if not target.is_absolute():
        target = REPO / target
    candidates = [target / profile / "cardseal" for profile in ("debug", "release")]
    for c in candidates:
        if c.is_file():
            return str(c)
    subprocess.run(["cargo", "build", "-q", "-p", "cardseal-cli"], cwd=REPO, check=True)
    for c in candidates:
        if c.is_file():
            return str(c)
    raise AssertionError(f"cargo build gave no cardseal binary in {target}")


@pytest.fixture(scope="module")
def binary() -> str:
    return _find_binary()


def sandbox(binary: str, provider: str) -> dict[str, str]:
    out = subprocess.run([binary, "sandbox", provider], check=True, capture_output=True, timeout=60)
    args: dict[str, str] = json.loads(out.stdout)
    return args


@pytest.fixture(scope="module")
def clients(binary: str) -> dict[str, MerchantClient]:
    """The merchant clients the stand-ins accept, built from `cardseal sandbox P`."""
    return {p: CLASSES[p](**sandbox(binary, p)) for p in PROVIDERS}


class Serve:
    """A running `cardseal serve`; stopped with SIGTERM (by its pid), which must be a
    clean exit."""

    def __init__(self, binary: str, provider: str, notify_url: Optional[str] = None) -> None:
        args = [binary, "serve", provider, "--port", "0"]
        if notify_url:
            args += ["--notify-url", notify_url]
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.log)
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], 60)
        line = self.proc.stdout.readline().decode() if ready else ""
        m = re.fullmatch(r"listening on (http://127\.0\.0\.1:\d+)\n", line)
        if not m:
            self.stop()
            raise AssertionError(f"cardseal serve {provider}: first line {line!r}; {self.stderr()}")
        self.url = m.group(1)

    def stderr(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def stop(self) -> Optional[int]:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdout:
            self.proc.stdout.close()
        return self.proc.returncode

    def __enter__(self) -> Serve:
        return self

    def __exit__(self, kind: Optional[type[BaseException]], *_: object) -> None:
        status = self.stop()
        log = self.stderr()
        self.log.close()
        if kind is None:
            assert status == 0, f"SIGTERM is a clean exit, got {status}: {log}"


# ----------------------------------------------------------------------------- requests


@pytest.mark.parametrize("provider", PROVIDERS)
def test_httpx_auth_requests_get_the_stand_ins_exact_answer(
    binary: str, clients: dict[str, MerchantClient], provider: str
) -> None:
    client = clients[provider]
    auth = HttpxAuth(client, **EXTRAS.get(provider, {}))
    with Serve(binary, provider) as server, httpx.Client(base_url=server.url, auth=auth) as http:
        r = http.post(PATH, json=PAYLOAD)
        assert r.status_code == 200, r.text
        assert auth.open_response(r) == expected(PAYLOAD)
        # JSON text is sent byte for byte and comes back byte for byte.
        r = http.post(PATH, content=RAW.encode(), headers={"Content-Type": "application/json"})
        assert client.open_response_text(r.content, r.headers) == f'{{"received":{RAW},"path":"{PATH}"}}'
        assert open_response(client, r) == expected({"amount": Decimal("5000.00"), "cardNo": "5392****1234", "holder": "Zoë"})
        if provider == "upay":
            # The query is signed (METHOD|URI|...); an empty body signs no params.
            r = http.get("/api/v1/card/info?cardId=7&x=%20y")
            assert auth.open_response(r) == expected(None, "/api/v1/card/info")
            # encrypt=True: {"payload": JWE} out, an encrypted answer back.
            enc = HttpxAuth(client, encrypt=True)
            r = http.post(PATH, json=PAYLOAD, auth=enc)
            assert json.loads(r.content)["data"].keys() == {"payload"}
            assert enc.open_response(r) == expected(PAYLOAD)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_httpx_auth_with_the_async_client(
    binary: str, clients: dict[str, MerchantClient], provider: str
) -> None:
    auth = HttpxAuth(clients[provider], **EXTRAS.get(provider, {}))

    async def run(url: str) -> list[Any]:
        async with httpx.AsyncClient(base_url=url, auth=auth) as http:
            answers = await asyncio.gather(*(http.post(PATH, json={"n": n}) for n in range(3)))
            return [auth.open_response(a) for a in answers]

    with Serve(binary, provider) as server:
        assert asyncio.run(run(server.url)) == [expected({"n": n}) for n in range(3)]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_requests_auth_requests_get_the_stand_ins_exact_answer(
    binary: str, clients: dict[str, MerchantClient], provider: str
) -> None:
    client = clients[provider]
    auth = RequestsAuth(client, **EXTRAS.get(provider, {}))
    with Serve(binary, provider) as server, requests.Session() as http:
        # requests writes json= with spaces and \u escapes: still the same payload.
        r = http.post(server.url + PATH, json=PAYLOAD, auth=auth)
        assert r.status_code == 200, r.text
        assert auth.open_response(r) == expected(PAYLOAD)
        r = http.post(server.url + PATH, data=RAW.encode(), auth=auth)
        assert client.open_response_text(r.content, r.headers) == f'{{"received":{RAW},"path":"{PATH}"}}'
        if provider == "upay":
            r = http.get(server.url + "/api/v1/card/info", params={"cardId": "7"}, auth=auth)
            assert auth.open_response(r) == expected(None, "/api/v1/card/info")


def _flip(text: str) -> str:
    """``text`` with one alphanumeric character (from the 6th on) changed to another of
    its class: the same alphabet (hex, base64), another value."""
    for i, ch in enumerate(text):
        if i >= 5 and ch.isascii() and ch.isalnum():
            base = "0" if ch.isdigit() else ("a" if ch.islower() else "A")
            span = 10 if ch.isdigit() else 26
            new = chr(ord(base) + (ord(ch) - ord(base) + 1) % span)
            return text[:i] + new + text[i + 1 :]
    raise AssertionError(f"nothing to flip in {text!r}")


def _body_sign(body: str, provider: str) -> str:
    doc = json.loads(body)
    sign: str = doc["head"]["sign"] if provider == "kazepay" else doc["signature"]
    return sign


# Where each provider's signature travels: a header, or a field of the body.
SIGNATURE_HEADER = {"asinx": "sign", "hypercard": "signature", "upay": "X-UPA-SIGN"}


def tamper_signature(provider: str, body: str, headers: dict[str, str]) -> tuple[str, dict[str, str]]:
    headers = dict(headers)
    if provider in SIGNATURE_HEADER:
        name = next(n for n in headers if n.lower() == SIGNATURE_HEADER[provider].lower())
        headers[name] = _flip(headers[name])
    else:
        sign = _body_sign(body, provider)
        assert body.count(sign) == 1
        body = body.replace(sign, _flip(sign))
    return body, headers


class Tampering(httpx.HTTPTransport):
    """A man in the middle: changes each request after the auth sealed it."""

    def __init__(self, change: Callable[[str, dict[str, str]], tuple[str, dict[str, str]]]) -> None:
        super().__init__()
        self.change = change

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
        body, headers = self.change(request.content.decode(), headers)
        changed = httpx.Request(request.method, request.url, headers=headers, content=body.encode())
        return super().handle_request(changed)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_request_tampered_after_sealing_gets_the_providers_error(
    binary: str, clients: dict[str, MerchantClient], provider: str
) -> None:
    auth = HttpxAuth(clients[provider], **EXTRAS.get(provider, {}))
    changes: list[Callable[[str, dict[str, str]], tuple[str, dict[str, str]]]] = [
        lambda body, headers: tamper_signature(provider, body, headers)
    ]
    if provider in SIGNATURE_HEADER:
        # The body travels in clear next to a header signature: change the amount.
        changes.append(lambda body, headers: (body.replace("5000.00", "5001.00"), headers))
    with Serve(binary, provider) as server:
        for change in changes:
            with httpx.Client(base_url=server.url, auth=auth, transport=Tampering(change)) as http:
                r = http.post(PATH, content=RAW.encode())
            assert r.status_code == 200, r.text
            with pytest.raises(cardseal.ProviderError) as e:
                auth.open_response(r)
            assert e.value.code == REFUSAL_CODES[provider]
            assert "signature" in e.value.message, e.value.message
            assert "refused" in server.stderr()
        # Untampered, the same client is served.
        with httpx.Client(base_url=server.url, auth=auth) as http:
            assert auth.open_response(http.post(PATH, content=RAW.encode())) == expected(
                {"amount": Decimal("5000.00"), "cardNo": "5392****1234", "holder": "Zoë"}
            )


def test_the_extras_reach_the_wire(clients: dict[str, MerchantClient]) -> None:
    """Each provider's extras, as sent (captured by an httpx request hook, no server)."""
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, text="{}")

    def post(auth: HttpxAuth, url: str = "http://127.0.0.1:9" + PATH) -> httpx.Request:
        with httpx.Client(auth=auth, transport=httpx.MockTransport(answer)) as http:
            http.post(url, content=RAW.encode())
        return sent[-1]

    r = post(HttpxAuth(clients["asinx"], uid="u-1"))
    assert (r.headers["uId"], r.headers["appId"], r.content.decode()) == ("u-1", "sandbox_app", RAW)
    assert r.headers["Content-Type"] == "application/json;charset=UTF-8"
    r = post(HttpxAuth(clients["paytend"], encrypt=False))
    assert r.content.decode().startswith('{"bizData":' + RAW + ',"requestId":"888666000100201')
    r = post(HttpxAuth(clients["paytend"]))
    assert '"randomKey":' in r.content.decode() and RAW not in r.content.decode()
    r = post(HttpxAuth(clients["hypercard"], lang="en", version="2.0"))
    assert (r.headers["lang"], r.headers["version"], r.content.decode()) == ("en", "2.0", RAW)
    r = post(HttpxAuth(clients["upay"]), "http://127.0.0.1:9/api/v1/x?b=2&a=1")
    assert r.headers["X-UPA-APIKEY"] == "sandbox-api-key"
    assert r.headers["Content-Type"] == "application/json"  # UPay sets none: the default
    r = post(HttpxAuth(clients["upay"], encrypt=True))
    assert list(json.loads(r.content)) == ["payload"]
    r = post(HttpxAuth(clients["kazepay"], api_code="cardBalance"))
    assert json.loads(r.content)["head"]["apiCode"] == "cardBalance"
    assert int(r.headers["Content-Length"]) == len(r.content)


def test_path_prefix_and_the_mirror(keys: dict[str, str]) -> None:
    """ASINX signs the API path: a base URL's own prefix is left out with path_prefix
    (checked with the ASINX mirror on a requests PreparedRequest, no server)."""
    asinx = cardseal.Asinx("app_447770", "b635dd5c87f7bf73387929203321b1e1")
    auth = RequestsAuth(asinx, path_prefix="/open-api")
    prepared = requests.Request("POST", "http://127.0.0.1:9/open-api/user/register", json={"b": 1, "a": 2}).prepare()
    prepared = auth(prepared)
    assert prepared.body == b'{"a":2,"b":1}'
    assert prepared.headers["Content-Length"] == "13"
    mirror = asinx.provider()
    assert mirror.open_request(prepared.body, prepared.headers, path="/user/register") == {"a": 2, "b": 1}
    with pytest.raises(cardseal.SignatureMismatch):
        mirror.open_request(prepared.body, prepared.headers, path="/open-api/user/register")
    with pytest.raises(ValueError, match="path_prefix"):
        auth(requests.Request("POST", "http://127.0.0.1:9/user/register", json={}).prepare())
    # The same with Paytend's mirror: every extra is in the body.
    paytend = cardseal.Paytend("888666000100201", keys["m1024"], cardseal.public_key_pem(keys["p1024"]))
    p = RequestsAuth(paytend)(requests.Request("POST", "http://127.0.0.1:9/x", json=PAYLOAD).prepare())
    assert paytend.provider(keys["p1024"]).open_request(p.body or b"") == PAYLOAD


def test_misuse_is_a_type_or_value_error(clients: dict[str, MerchantClient]) -> None:
    with pytest.raises(TypeError, match="KazePay needs api_code"):
        HttpxAuth(clients["kazepay"])
    with pytest.raises(TypeError, match=r"Paytend takes no uid \(its extras: encrypt\)"):
        RequestsAuth(clients["paytend"], uid="u-1")
    with pytest.raises(TypeError, match="Asinx takes no api_code, encrypt"):
        RequestSealer(clients["asinx"], encrypt=True, api_code="x")
    with pytest.raises(TypeError, match="expected a cardseal merchant client"):
        RequestSealer(cardseal.Asinx("a", "b635dd5c87f7bf73387929203321b1e1").provider())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="held in memory, not list_iterator"):
        RequestsAuth(clients["upay"])(
            requests.Request("POST", "http://127.0.0.1:9/x", data=iter([b"{}"])).prepare()
        )
    # Bad JSON is the client's own typed error.
    with pytest.raises(cardseal.InvalidInput):
        RequestSealer(clients["hypercard"]).seal("POST", "/x", b"{not json")
    assert repr(RequestSealer(clients["upay"])) == "RequestSealer(UPay)"


# ----------------------------------------------------------------------------- webhooks


@dataclass
class Delivery:
    provider: str
    body: bytes
    headers: list[tuple[str, str]]
    opened: Any
    error: Optional[str]


def starlette_app(clients: dict[str, MerchantClient], inbox: queue.Queue[Delivery]) -> FastAPI:
    app = FastAPI()

    @app.post("/hook/{provider}")
    async def hook(provider: str, request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
        body = await request.body()
        headers = list(request.headers.items())
        try:
            opened = await open_starlette_webhook(clients[provider], request)
        except cardseal.Error as e:
            inbox.put(Delivery(provider, body, headers, None, e.kind))
            return JSONResponse({"error": e.kind}, status_code=400)
        inbox.put(Delivery(provider, body, headers, opened, None))
        return PlainTextResponse("SUCCESS")

    return app


def flask_app(clients: dict[str, MerchantClient], inbox: queue.Queue[Delivery]) -> flask.Flask:
    app = flask.Flask("cardseal-webhooks")

    @app.post("/hook/<provider>")
    def hook(provider: str) -> flask.Response:  # pyright: ignore[reportUnusedFunction]
        body = flask.request.get_data()
        headers = list(flask.request.headers.items())
        try:
            opened = open_flask_webhook(clients[provider])
        except cardseal.Error as e:
            inbox.put(Delivery(provider, body, headers, None, e.kind))
            return flask.Response(json.dumps({"error": e.kind}), status=400, mimetype="application/json")
        inbox.put(Delivery(provider, body, headers, opened, None))
        return flask.Response("SUCCESS", mimetype="text/plain")

    return app


@dataclass
class Receiver:
    url: str
    inbox: queue.Queue[Delivery]


@pytest.fixture(scope="module")
def starlette_receiver(clients: dict[str, MerchantClient]) -> Iterator[Receiver]:
    """A FastAPI app under uvicorn, on a free loopback port, in a thread."""
    inbox: queue.Queue[Delivery] = queue.Queue()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port: int = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(starlette_app(clients, inbox), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield Receiver(f"http://127.0.0.1:{port}", inbox)
    server.should_exit = True
    thread.join(timeout=15)
    sock.close()
    assert not thread.is_alive()


@pytest.fixture(scope="module")
def flask_receiver(clients: dict[str, MerchantClient]) -> Iterator[Receiver]:
    """A Flask app under Werkzeug's server, on a free loopback port, in a thread."""
    inbox: queue.Queue[Delivery] = queue.Queue()
    server = make_server("127.0.0.1", 0, flask_app(clients, inbox), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Receiver(f"http://127.0.0.1:{server.port}", inbox)
    server.shutdown()
    thread.join(timeout=15)
    server.server_close()
    assert not thread.is_alive()


# What `POST /__cardseal/notify` is given, and what the merchant opens.
UPAY_EVENT = '{"event":"card.authorization","trace":"t-1","orderNo":"O-1","timestamp":1774573955994,"detail":"{\\"amount\\":12.3}"}'
EVENT = '{"event":"card.transaction","amount":"12.30","cardNo":"5392****1234"}'


def opened_event(provider: str) -> dict[str, Any]:
    if provider == "upay":
        # UPay's detail string is returned parsed.
        return {
            "event": "card.authorization",
            "trace": "t-1",
            "orderNo": "O-1",
            "timestamp": 1774573955994,
            "detail": {"amount": Decimal("12.3")},
        }
    return {"event": "card.transaction", "amount": "12.30", "cardNo": "5392****1234"}


def tamper_webhook(provider: str, body: str, headers: dict[str, str]) -> tuple[str, dict[str, str]]:
    if provider == "asinx":
        # ASINX webhooks carry no signature: the appId names the merchant.
        return body.replace('"appId":"sandbox_app"', '"appId":"another_app"'), headers
    if provider == "hypercard":
        return body.replace('"12.30"', '"12.31"'), headers
    return tamper_signature(provider, body, headers)


@pytest.mark.parametrize("framework", ["starlette", "flask"])
@pytest.mark.parametrize("provider", PROVIDERS)
def test_notify_delivers_a_webhook_that_the_framework_helper_opens(
    binary: str,
    starlette_receiver: Receiver,
    flask_receiver: Receiver,
    provider: str,
    framework: str,
) -> None:
    receiver = starlette_receiver if framework == "starlette" else flask_receiver
    hook = f"{receiver.url}/hook/{provider}"
    with Serve(binary, provider, notify_url=hook) as server:
        event = UPAY_EVENT if provider == "upay" else EVENT
        r = httpx.post(server.url + "/__cardseal/notify", content=event.encode(), timeout=30)
        assert r.json() == {"delivered": True, "status": 200, "response": "SUCCESS"}, server.stderr()
    got = receiver.inbox.get(timeout=10)
    assert (got.provider, got.error, got.opened) == (provider, None, opened_event(provider))

    # The same webhook, tampered with, is refused by the helper (the receiver answers 400).
    headers = {n: v for n, v in got.headers if n.lower() not in ("host", "content-length")}
    body, headers = tamper_webhook(provider, got.body.decode(), headers)
    r = httpx.post(hook, content=body.encode(), headers=headers, timeout=30)
    assert (r.status_code, r.json()) == (400, {"error": "signature_mismatch"})
    assert receiver.inbox.get(timeout=10).error == "signature_mismatch"
    # And sent again untampered, it opens again (the helper reads the raw body as sent).
    headers = {n: v for n, v in got.headers if n.lower() not in ("host", "content-length")}
    r = httpx.post(hook, content=got.body, headers=headers, timeout=30)
    assert (r.status_code, r.text) == (200, "SUCCESS")
    assert receiver.inbox.get(timeout=10).opened == opened_event(provider)


def test_open_webhook_with_raw_bytes_and_any_headers(keys: dict[str, str]) -> None:
    """open_webhook takes the raw body and a mapping or (name, value) pairs."""
    hc = cardseal.HyperCard("api-key", keys["m1024"], cardseal.public_key_pem(keys["p1024"]))
    push = hc.provider(keys["p1024"]).seal_notification({"event": "x", "amount": Decimal("1.50")})
    want = {"event": "x", "amount": Decimal("1.5")}  # HyperCard signs numbers as Python prints them
    assert open_webhook(hc, push.body.encode(), push.headers) == want
    assert open_webhook(hc, push.body, list(push.headers.items())) == want
    with pytest.raises(cardseal.Expired):
        open_webhook(hc, push.body, push.headers, now=int(time.time() * 1000) + 2 * 86_400_000)
    with pytest.raises(cardseal.SignatureMismatch):
        open_webhook(hc, push.body.replace("1.50", "1.51"), push.headers)


# ----------------------------------------------------------------------------- packaging


def test_cardseal_and_its_adapters_import_without_the_optional_dependencies() -> None:
    code = (
        "import sys\n"
        "for m in ('httpx', 'requests', 'flask', 'starlette', 'fastapi'): sys.modules[m] = None\n"
        "import cardseal, cardseal.adapters\n"
        "assert cardseal.adapters.RequestSealer\n"
        "for m, extra in (('httpx', 'httpx'), ('requests', 'requests')):\n"
        "    try:\n"
        "        __import__('cardseal.adapters.' + m)\n"
        "    except ImportError as e:\n"
        "        assert f'pip install cardseal[{extra}]' in str(e), e\n"
        "    else:\n"
        "        raise AssertionError(m)\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (out.returncode, out.stdout) == (0, "ok\n"), out.stderr


def test_the_readme_serve_snippet_runs(binary: str, tmp_path: pathlib.Path) -> None:
    """The root README's five-line Python integration test, against a real stand-in."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## A local provider stand-in", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 1 and len(blocks[0].strip().splitlines()) == 5, blocks
    (tmp_path / "upay.json").write_text(json.dumps(sandbox(binary, "upay")), encoding="utf-8")
    cwd = os.getcwd()
    with Serve(binary, "upay") as server:
        ns: dict[str, Union[int, str]] = {"port": int(server.url.rsplit(":", 1)[1])}
        os.chdir(tmp_path)
        try:
            exec(compile(blocks[0], "README.md", "exec"), ns)
        finally:
            os.chdir(cwd)
