"""cardseal.hazmat: the building blocks (AES-ECB/CBC/GCM, RSA PKCS#1 v1.5 and OAEP,
HMAC, MD5/SHA-1/SHA-256, base64/hex, JWE, the canonicalizers), for providers cardseal
does not model yet. Easy to misuse: prefer the provider classes in ``cardseal``.
"""

from ._native import hazmat as _native_hazmat

__all__ = sorted(n for n in dir(_native_hazmat) if not n.startswith("_"))
globals().update({n: getattr(_native_hazmat, n) for n in __all__})
del _native_hazmat
