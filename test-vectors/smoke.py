"""The `smoke` marking of primitive vector files (test-vectors/README.md, "Who runs what"),
shared by the generators."""


def smoke_marked(vectors):
    """Marks the first vector of each (op, success/error) as `smoke`: the one the binding
    runners run."""
    seen, out = set(), []
    for v in vectors:
        k = (v["op"], "error" in v)
        if k not in seen:
            seen.add(k)
            v = {"id": v["id"], "op": v["op"], "smoke": True, **{n: x for n, x in v.items() if n not in ("id", "op")}}
        out.append(v)
    return out
