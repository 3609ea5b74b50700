"""cardseal: exact, fast implementations of card-issuing providers' signing and
encryption schemes (ASINX Pay/Moonbank, Paytend, UPay, HyperCard, KazePay).

Every class has the same shape: ``seal_request`` / ``open_response`` /
``open_notification`` on the merchant side, and ``.provider(...)`` for the provider-side
mirror (``open_request`` / ``seal_response`` / ``seal_notification``). All crypto and
canonicalization run in the Rust core with the GIL released.
"""

from . import _native
from ._native import (
    Asinx,
    AsinxProvider,
    DecryptionFailed,
    Error,
    Expired,
    HyperCard,
    HyperCardProvider,
    InvalidInput,
    InvalidKey,
    KazePay,
    KazePayProvider,
    MultipartUpload,
    Paytend,
    PaytendProvider,
    ProviderError,
    Sealed,
    SignatureMismatch,
    UPay,
    UPayProvider,
    Unavailable,
    generate_rsa_key,
    public_key_pem,
)
from . import hazmat

__version__ = _native.__version__

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
