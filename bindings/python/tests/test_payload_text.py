"""Payload serialization and text arguments on their fast paths.

Dict/list payloads are written to JSON text while the GIL is held, except strings of 16 KiB
or more, which are spliced in (escaped) with the GIL released, into a buffer reused by the
next call of the same thread. `str` arguments are borrowed from Python's UTF-8 encoding.
These tests pin the exact text around that threshold, in every position, with escapes and
non-ASCII text, against Python's own `json.dumps` (same escaping rules as the core for
these characters), and check that errors stay typed and reused buffers never leak text
from an earlier call.
"""

import json
from collections import OrderedDict
from collections.abc import Mapping
from decimal import Decimal

import pytest

import cardseal
from cardseal import hazmat

THRESHOLD = 16 * 1024
SECRET = "b635dd5c87f7bf73387929203321b1e1"


def dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def sized(n, fill="a"):
    """A str of exactly n UTF-8 bytes (fill is 1, 2, 3 or 4 UTF-8 bytes)."""
    w = len(fill.encode("utf-8"))
    assert n % w == 0
    s = fill * (n // w)
    assert len(s.encode("utf-8")) == n
    return s


@pytest.mark.parametrize("n", [THRESHOLD - 1, THRESHOLD, THRESHOLD + 1, 3 * THRESHOLD + 7])
def test_strings_around_the_threshold(n):
    v = {"a": sized(n), "b": 1}
    assert hazmat.json_compact(v) == '{"a":"' + "a" * n + '","b":1}'


@pytest.mark.parametrize("fill", ["é", "€", "😀"])
def test_multibyte_strings_around_the_threshold(fill):
    w = len(fill.encode("utf-8"))
    below = (THRESHOLD - 1) // w * w  # the longest string under the threshold
    at = -(-THRESHOLD // w) * w  # the shortest string at or over it
    for n in (below, at, at + w):
        s = sized(n, fill)
        v = [s, {"k": s}]
        assert hazmat.json_compact(v) == dumps(v)


def test_escapes_at_the_edges_and_inside_long_strings():
    body = "x" * THRESHOLD
    cases = [
        '"' + body,
        body + "\\",
        body[:100] + "\n\t\r\b\f\u0001\u001f" + body[100:],
        "\u0000" + body + "\u007f",  # DEL is not escaped; NUL is
        '"' * THRESHOLD,  # every character escaped: the text grows past the estimate
        "\\" * (THRESHOLD + 1),
        "é\"€\\😀\n" * (THRESHOLD // 4),
    ]
    for s in cases:
        v = {"s": s}
        assert hazmat.json_compact(v) == dumps(v)
        assert json.loads(hazmat.json_compact(v)) == v


def test_long_strings_in_every_position():
    big = [sized(THRESHOLD + i, "z") for i in range(6)]
    value = OrderedDict([
        ("first", big[0]),
        ("list", [big[1], 1, big[2], "short", big[3]]),
        ("tuple", (big[4], None)),
        ("nested", {"deep": [[{"x": big[5]}]], "n": Decimal("5000.00")}),
        (big[0], "a long key"),
        ("last", big[1]),
    ])
    want = (
        '{"first":' + dumps(big[0])
        + ',"list":' + dumps([big[1], 1, big[2], "short", big[3]])
        + ',"tuple":' + dumps([big[4], None])
        + ',"nested":{"deep":[[{"x":' + dumps(big[5]) + '}]],"n":5000.00}'
        + "," + dumps(big[0]) + ':"a long key"'
        + ',"last":' + dumps(big[1]) + "}"
    )
    assert hazmat.json_compact(value) == want
    # Consecutive long strings, nothing between them but the separator.
    pair = [big[2], big[3]]
    assert hazmat.json_compact(pair) == dumps(pair)
    # A long string as the only value.
    assert hazmat.json_compact([big[4]]) == dumps([big[4]])
    # A str payload is JSON text, used as is (here: one long JSON string).
    assert hazmat.json_compact(dumps(big[4])) == dumps(big[4])


def test_other_mappings_with_long_strings():
    class Frozen(Mapping):
        def __init__(self, d):
            self._d = d

        def __getitem__(self, k):
            return self._d[k]

        def __iter__(self):
            return iter(self._d)

        def __len__(self):
            return len(self._d)

    big = sized(THRESHOLD * 2, "q")
    assert hazmat.json_compact(Frozen({"b": big, "a": [big]})) == dumps({"b": big, "a": [big]})


def test_reused_buffer_never_carries_text_of_an_earlier_call():
    # A long payload, then a shorter one: the second text must be exactly its own.
    long_v = {"k": sized(THRESHOLD * 8, "L")}
    short_v = {"k": sized(THRESHOLD, "s")}
    assert hazmat.json_compact(long_v) == dumps(long_v)
    assert hazmat.json_compact(short_v) == dumps(short_v)
    assert hazmat.json_compact({"k": "tiny"}) == '{"k":"tiny"}'
    # Through a provider: each sealed body carries exactly its own payload.
    m = cardseal.Asinx("app_447770", SECRET)
    p = m.provider()
    for v in (long_v, short_v, long_v, {"k": ""}):
        s = m.seal_request("/p", v)
        assert s.body == dumps(v)
        assert p.open_request(s.body, s.headers, path="/p") == v
        r = p.seal_response(v)
        assert m.open_response(r.body) == v


def test_sealed_big_payload_round_trips_through_every_body_type():
    big = {"file": sized(2 * 1024 * 1024, "b"), "q": 'say "hi"\n', "n": Decimal("1.50")}
    m = cardseal.Asinx("app_447770", SECRET)
    p = m.provider()
    r = p.seal_response(big)
    for body in (r.body, r.body.encode(), bytearray(r.body.encode())):
        assert m.open_response(body) == big
        assert m.open_response_text(body) == dumps({"file": big["file"], "q": big["q"]})[:-1] + ',"n":1.50}'


def test_errors_after_a_long_string_are_typed_and_name_the_field():
    big = sized(THRESHOLD * 2)
    with pytest.raises(cardseal.InvalidInput) as info:
        hazmat.json_compact({"a": big, "b": object()})
    assert info.value.field == "json"
    with pytest.raises(cardseal.InvalidInput) as info:
        hazmat.json_compact({"a": big, 1: "x"})
    assert "dict keys must be str" in str(info.value)
    with pytest.raises(cardseal.InvalidInput) as info:
        hazmat.json_compact({"a": big, "b": float("nan")})
    assert info.value.field == "json"
    # A lone surrogate inside a long string (and as a long key) is not text.
    with pytest.raises(cardseal.InvalidInput) as info:
        hazmat.json_compact({"a": big + "\ud800"})
    assert "surrogate" in str(info.value)
    with pytest.raises(cardseal.InvalidInput):
        hazmat.json_compact({big + "\udfff": 1})
    # A failed call leaves nothing behind for the next one.
    assert hazmat.json_compact({"a": big}) == dumps({"a": big})


def test_text_arguments_str_bytes_bytearray_agree():
    m = cardseal.Asinx("app_447770", SECRET)
    r = m.provider().seal_response({"k": "é€😀", "big": sized(THRESHOLD)})
    want = m.open_response(r.body)
    assert m.open_response(r.body.encode()) == want
    assert m.open_response(bytearray(r.body.encode())) == want
    with pytest.raises(cardseal.InvalidInput) as info:
        m.open_response(r.body[:10] + "\ud800" + r.body[10:])
    assert info.value.field == "body"
    with pytest.raises(cardseal.InvalidInput) as info:
        m.open_response(b"\xff" + r.body.encode())
    assert info.value.field == "body"


def test_headers_from_dict_subclass_mapping_and_pairs(keys):
    hc = cardseal.HyperCard("hc_api_key", keys["m1024"], cardseal.public_key_pem(keys["p1024"]))
    mirror = hc.provider(keys["p1024"])
    n = mirror.seal_notification({"event": "card.created", "blob": sized(THRESHOLD + 3)})
    want = hc.open_notification(n.body, n.headers)

    class Ordered(OrderedDict):
        pass

    class Headers(Mapping):
        def __init__(self, d):
            self._d = d

        def __getitem__(self, k):
            return self._d[k]

        def __iter__(self):
            return iter(self._d)

        def __len__(self):
            return len(self._d)

    for h in (dict(n.headers), Ordered(n.headers), Headers(dict(n.headers)), list(n.headers.items()),
              {k.encode(): v.encode() for k, v in n.headers.items()}):
        assert hc.open_notification(n.body, h) == want
    with pytest.raises(cardseal.InvalidInput) as info:
        hc.open_notification(n.body, {"timestamp": 1})
    assert info.value.field == "headers"
    bad = dict(n.headers)
    bad["signature"] = "\ud800"
    with pytest.raises(cardseal.InvalidInput) as info:
        hc.open_notification(n.body, bad)
    assert info.value.field == "headers"


def test_bytes_arguments_bytes_bytearray_memoryview_agree():
    import hashlib
    import hmac

    class B(bytes):
        pass

    data = bytes(range(256)) * 4096 + b"tail"  # 1 MiB + 4
    key = b"k" * 16
    forms = (data, B(data), bytearray(data), memoryview(data), memoryview(bytearray(data)))
    for d in forms:
        assert hazmat.sha256(d) == hashlib.sha256(data).digest()
        assert hazmat.hmac_sha256(key, d) == hmac.new(key, data, hashlib.sha256).digest()
        assert hazmat.b64_encode(d) == __import__("base64").b64encode(data).decode()
        ct = hazmat.aes_gcm_encrypt(key, b"n" * 12, d, aad=d[:7])
        assert hazmat.aes_gcm_decrypt(key, b"n" * 12, ct, aad=bytes(d[:7])) == data
    # Text-or-bytes arguments take a str as its UTF-8.
    assert hazmat.hex_decode("00ff") == hazmat.hex_decode(b"00ff") == hazmat.hex_decode(bytearray(b"00ff")) == b"\x00\xff"
    # A strict bytes argument still rejects str, and non-buffers are typed errors.
    with pytest.raises(cardseal.InvalidInput) as info:
        hazmat.sha256("text")
    assert info.value.field == "data"
    with pytest.raises(cardseal.InvalidInput) as info:
        hazmat.sha256(12)
    assert info.value.field == "data"


def test_file_upload_embeds_the_file_exactly_from_any_buffer(keys):
    kz = cardseal.KazePay("H2400002001", keys["kaze_m"], cardseal.public_key_pem(keys["kaze_p"]),
                          seed=b"seed", now_ms=1_774_573_955_994)
    data = bytes(range(256)) * 8192  # 2 MiB, every byte value
    bodies = set()
    for f in (data, bytearray(data), memoryview(data)):
        kz2 = cardseal.KazePay("H2400002001", keys["kaze_m"], cardseal.public_key_pem(keys["kaze_p"]),
                               seed=b"seed", now_ms=1_774_573_955_994)
        up = kz2.seal_file_upload({"a": 1}, f, file_name="x.bin", request_no="r-1")
        assert data in up.body
        bodies.add(up.body)
    assert len(bodies) == 1
    assert kz.multipart_body("b0undary", data, '{"x":1}', file_name="x.bin").count(data) == 1


def test_threads_serializing_long_strings_at_once_each_get_their_own_text():
    import threading

    m = cardseal.Asinx("app_447770", SECRET)
    errors = []
    barrier = threading.Barrier(4)

    def work(i):
        try:
            barrier.wait()
            for j in range(6):
                v = {"i": i, "j": j, "blob": sized(THRESHOLD * (1 + (i + j) % 5), "abcd"[i])}
                # ASINX sends the sorted compact JSON.
                assert m.seal_request("/p", v).body == json.dumps(v, separators=(",", ":"), sort_keys=True)
                assert hazmat.json_compact([v, v["blob"]]) == dumps([v, v["blob"]])
        except Exception as e:  # reported below, with the thread
            errors.append((i, repr(e)[:200]))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
