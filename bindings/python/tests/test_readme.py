"""The README's examples run as written (with sandbox keys from test-vectors/keys)."""

import pathlib
import re

import cardseal
from conftest import key_text

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"


def test_readme_examples_run():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 2
    merchant = key_text("sandbox_merchant_1024.pem")
    provider = key_text("sandbox_provider_1024.pem")
    ns = {
        "MERCHANT_PRIVATE_KEY": merchant,
        "PAYTEND_PUBLIC_KEY": cardseal.public_key_pem(provider),
        "PAYTEND_PRIVATE_KEY": provider,
        "UPAY_SECRET": "g3)&~8P9S+ZhqO@G8b9Ate%xa5Jh-.E%",
        "UPAY_PLATFORM_PUBLIC_KEY": cardseal.public_key_pem(key_text("upay_platform.pem")),
        "HYPERCARD_PUBLIC_KEY": cardseal.public_key_pem(provider),
        "KAZEPAY_PUBLIC_KEY": cardseal.public_key_pem(key_text("kazepay_provider.pem")),
    }
    for block in blocks:
        exec(compile(block, str(README), "exec"), ns)
    assert isinstance(ns["req"], cardseal.Sealed)
