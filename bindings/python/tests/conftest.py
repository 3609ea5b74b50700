import os
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

VECTORS_DIR = pathlib.Path(os.environ.get("CARDSEAL_VECTORS", HERE.parents[2] / "test-vectors"))

import pytest

KEYS_DIR = VECTORS_DIR / "keys"

# Set by scripts/test-all.sh when the suite runs against an installed wheel: `import cardseal`
# must resolve to that installation, not to a source tree.
_EXPECTED = os.environ.get("CARDSEAL_EXPECT_PACKAGE_DIR")
if _EXPECTED:
    import cardseal

    _got = pathlib.Path(cardseal.__file__).resolve().parent
    if _got != pathlib.Path(_EXPECTED).resolve():
        raise pytest.UsageError(f"cardseal imported from {_got}, expected {_EXPECTED}")


def key_text(name):
    return (KEYS_DIR / name).read_text(encoding="ascii")


@pytest.fixture(scope="session")
def keys():
    """Sandbox keys from test-vectors/keys (published test material only)."""
    return {
        "m1024": key_text("sandbox_merchant_1024.pem"),
        "p1024": key_text("sandbox_provider_1024.pem"),
        "m2048": key_text("sandbox_merchant_2048.pem"),
        "p2048": key_text("sandbox_provider_2048.pem"),
        "m4096": key_text("sandbox_merchant_4096.pem"),
        "upay_m": key_text("upay_merchant.pem"),
        "upay_p": key_text("upay_platform.pem"),
        "kaze_m": key_text("kazepay_merchant.pem"),
        "kaze_p": key_text("kazepay_provider.pem"),
    }
