#!/usr/bin/env python3
"""Regenerates test-vectors/paytend.json, independently of cardseal.

Published values (Paytend's sandbox demo: the demo key pair, the RSA/AES-192/signature
values; see docs/providers/paytend.md)
are asserted, not generated. Responses, webhooks and requests are built here with
pyca/cryptography and the demo key (the same modulus serves both roles). The seeded
request is reproduced with a re-implementation of `Env::fixed` (SHA-256(seed || u64be
counter) blocks, one counter step per 32-byte chunk of each fill) + EME-PKCS1-v1_5, as
test-vectors/keys/gen_rsa_vectors.py: key text = b64(fill(16)), then the padding string.

    python3 test-vectors/gen_paytend_vectors.py
"""
import hashlib
import os
import base64, json, sys
from cryptography.hazmat.primitives import serialization, hashes
from cryptography.hazmat.primitives.asymmetric import padding as ap
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives import padding
PRIV_B64="MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAN7ABtzTGVioQEztflR3gqe0MGNOPNuxcWDjZF9gIUS38MqQmW55+oDSJZWaY52cpiHtvsyHljeY9IJuo6wQGQweaOxP2pxUhVJ40OJZ3YOOf9YJlMcyPtquynYSSpeZIjmIYXG+r3yFDYhMyPfgy1OVrrYjm4kUprKIPW9korG5AgMBAAECgYAHVo4jUjUAjbJoll5WDAXa3n3Fl7s7hZH1nigdWD5gVCrzkWXslMoi2klwr0Be3d0/OuTROhpBxKExdtGfhnw8sTvEj+FxvhFyoCT7DbuZr81WKpI7ncCGafDDC142B+D4oWsP2XrGGqSfWbq9/DRRXBMFWPNSLCQMNagMiRWcnQJBAPD/5ZiAvc+WWttww5vT3+fCL83EuqSH02Tt2jAIvjiD73l7vuqpEdjFoq4RJXpeu5j86AJA/msPPLAXdEw0aPMCQQDsnVdjSCC9tSPFvLPSteBuiMT0gLOBuOfuEKoY46eQ4KFINGZIvvdexCmjr+lKhgUljqhPCzOTJ7j98U+9tGWjAkA4T4KFFKfFJluKZJnAAkyR6WSkDrCRmw8AyTau/Iv9xo4g85ITYHfED8HILEd2hUYOJCHNzQPlXgUPHBvXZnOTAkEAsV8hayNep9dqAYj7pDEDFNkiC8eOyOe7tRJ48D94FXrObDobktzUww15yWLNFzhwEz9lnBthhiZ43qROin740QJASqiQ5egVBSkGk7IUrISUtz/FFY+ZjBi63fr+LLSu5INOJx/qNaAh6iQQ7+5hZr8QXLOgxx2cE9IES3cGbfICwQ=="
PUB_B64="MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDewAbc0xlYqEBM7X5Ud4KntDBjTjzbsXFg42RfYCFEt/DKkJluefqA0iWVmmOdnKYh7b7Mh5Y3mPSCbqOsEBkMHmjsT9qcVIVSeNDiWd2Djn/WCZTHMj7arsp2EkqXmSI5iGFxvq98hQ2ITMj34MtTla62I5uJFKayiD1vZKKxuQIDAQAB"
priv=serialization.load_der_private_key(base64.b64decode(PRIV_B64),None)
pub=priv.public_key()
PARTNER="888666000100201"

HERE = os.path.dirname(os.path.abspath(__file__))


class Fixed:
    def __init__(self, seed: bytes):
        self.seed, self.ctr = seed, 0

    def fill(self, n):
        out = b""
        while len(out) < n:
            block = hashlib.sha256(self.seed + self.ctr.to_bytes(8, "big")).digest()
            self.ctr += 1
            out += block[: n - len(out)]
        return out


def pkcs1_encrypt(pub, msg, env):
    k = (pub.key_size + 7) // 8
    ps = bytearray(env.fill(k - 3 - len(msg)))
    for i in range(len(ps)):
        while ps[i] == 0:
            ps[i] = env.fill(1)[0]
    em = b"\x00\x02" + bytes(ps) + b"\x00" + msg
    n, e = pub.public_numbers().n, pub.public_numbers().e
    return pow(int.from_bytes(em, "big"), e, n).to_bytes(k, "big")

def b64(b): return base64.b64encode(b).decode()
def aes(k, data, enc=True):
    c=Cipher(algorithms.AES(k.encode()),modes.ECB())
    if enc:
        p=padding.PKCS7(128).padder(); data=p.update(data)+p.finalize(); e=c.encryptor(); return e.update(data)+e.finalize()
    d=c.decryptor(); x=d.update(data)+d.finalize(); u=padding.PKCS7(128).unpadder(); return u.update(x)+u.finalize()
def rsa_enc(m):
    # Deterministic padding (so regenerating gives the same file); pyca decrypts it back.
    c = pkcs1_encrypt(pub, m.encode(), Fixed(b"paytend vectors randomKey " + m.encode()))
    assert priv.decrypt(c, ap.PKCS1v15()).decode() == m
    return b64(c)
def sign(s): return b64(priv.sign(s.encode(), ap.PKCS1v15(), hashes.SHA256()))
def sstr(fields): return '&'.join(f'{k}={v}' for k,v in sorted(fields.items()) if v not in ('',None) and k not in ('signature','encryptFlag'))
BIZ='{"cardId":"1755902","holderId":"101982"}'; KT='lGqBz8CgnQ/XFYQRfaihJg=='; RID='88866600010020120231106120000000'
SIG='Ryl6R2YQxO7XghMN4apE24dkD11eSakNcodOIM6Z0VdWwCPX6bY0aeeJa66Np6tsP0g8rBHp8AldTlCsagnznIoaQV1nsF2LoS/MFnsDTjz26II7U62OScu+7ccN6uRGCaCI5yJE2My3n6Olb1siIshPnhl8llxZZivk3yk61Dw='
WIRE='hnjUj2IZnmQbhruTJchZVTm7iWewHob0+jDDR6lBjkrX3Y+MHPlmtxCnQg9u/K6G'
SSTR='bizData={"cardId":"1755902","holderId":"101982"}&partnerId=888666000100201&randomKey=lGqBz8CgnQ/XFYQRfaihJg==&requestId=88866600010020120231106120000000&signType=RSA&version=2.0'
assert b64(aes(KT,BIZ.encode()))==WIRE and sign(SSTR)==SIG
assert sstr(dict(bizData=BIZ,partnerId=PARTNER,randomKey=KT,requestId=RID,signType="RSA",version="2.0"))==SSTR
keys=dict(partner_id=PARTNER)
def A(**kw): d=dict(keys); d.update(kw); return d
M=dict(private_key=PRIV_B64, provider_public_key=PUB_B64)          # merchant args
P=dict(private_key=PRIV_B64, partner_public_key=PUB_B64)           # mirror args
V=[]
V.append(dict(id="published demo: RSA decrypt with the demo key",op="paytend_rsa_decrypt",
  args=dict(private_key=PRIV_B64,ciphertext_b64="qasRAL+JHRtO2hNDvcDg9BlGENFHpz1RNl0Jq7M7aGTvSGIumq8vbX1NXD6JKivb4M4d5nKw+VSQOSwAxLHANxN+meFG/oizbMO9vYq4SaZbn09jZmrVtFXV3vMsb1eQLcqwPdT2A1wQXJa+CA46IVkBLJQKslzRYt4gg6e69Mw="),expect=dict(plaintext="123456")))
V.append(dict(id="published demo: AES-192, the key is the 24 ASCII bytes of the key text",op="aes_ecb_decrypt",hazmat=True,
  args=dict(key="ebwjkuiwHhe0XhLK9NG62g==",ciphertext_b64="xlyjHTeAx2/EpEvpzVvWQFqQOSVPGv6KKhUAbIQXdIE3B0EtnJgMe5IwYtLj5XHHaNx9JonfcypSpANGZVGLXg==",padding="pkcs7"),
  expect=dict(plaintext_hex=b'{"randomStr":"0ef1227debf541729acc111307117c7c"}'.hex())))
V.append(dict(id="published demo: bizData(wire) under key text lGqBz8CgnQ/XFYQRfaihJg==",op="aes_ecb_encrypt",hazmat=True,
  args=dict(key=KT,plaintext=BIZ,padding="pkcs7"),expect=dict(ciphertext_hex=base64.b64decode(WIRE).hex())))
V.append(dict(id="published demo: signature of the published signature string",op="paytend_sign_string",
  args=dict(private_key=PRIV_B64,string=SSTR),expect=dict(signature=SIG)))
V.append(dict(id="requestId: partnerId + yyyyMMddHHmmssSSS at UTC+8 (the published example id)",op="paytend_request_id",
  args=A(**M,now_ms=1699243200000),expect=dict(request_id=RID)))
V.append(dict(id="requestId at UTC+0 (utc_offset_minutes option)",op="paytend_request_id",
  args=A(**M,now_ms=1699243200000,utc_offset_minutes=0),expect=dict(request_id="88866600010020120231106040000000")))
# Published request, opened by the mirror (randomKey made by Python with random padding)
req={"bizData":WIRE,"requestId":RID,"partnerId":PARTNER,"randomKey":rsa_enc(KT),"signType":"RSA","signature":SIG,"version":"2.0"}
reqs=json.dumps(req,separators=(',',':'))
V.append(dict(id="mirror opens the published request (published bizData(wire) and signature; randomKey encrypted independently)",op="paytend_open_request",args=A(**P,body=reqs),expect=dict(payload_json=BIZ)))
t=dict(req); t["requestId"]=RID[:-1]+"1"
V.append(dict(id="mirror: requestId changed after signing",op="paytend_open_request",args=A(**P,body=json.dumps(t,separators=(',',':'))),error="signature_mismatch"))
t=dict(req); t["partnerId"]="888666000100299"
V.append(dict(id="mirror: another partner's request",op="paytend_open_request",args=A(**P,body=json.dumps(t,separators=(',',':'))),error="signature_mismatch"))
# Response around the published AES-192 vector
RK2="ebwjkuiwHhe0XhLK9NG62g=="; RD_WIRE="xlyjHTeAx2/EpEvpzVvWQFqQOSVPGv6KKhUAbIQXdIE3B0EtnJgMe5IwYtLj5XHHaNx9JonfcypSpANGZVGLXg=="
RD='{"randomStr":"0ef1227debf541729acc111307117c7c"}'
fields=dict(respCode="00",respMsg="success",respData=RD,randomKey=RK2,signType="RSA")
resp={"respCode":"00","respMsg":"success","respData":RD_WIRE,"randomKey":rsa_enc(RK2),"signType":"RSA","signature":sign(sstr(fields))}
J=lambda d: json.dumps(d,separators=(',',':'),ensure_ascii=False)
V.append(dict(id="response carrying the published respData (signed independently with the demo key)",op="paytend_open_response",args=A(**M,body=J(resp)),expect=dict(payload_json=RD)))
t=dict(resp); t["encryptFlag"]="1"
V.append(dict(id="encryptFlag is not signed",op="paytend_open_response",args=A(**M,body=J(t)),expect=dict(payload_json=RD)))
t=dict(resp); t["respMsg"]="SUCCESS"
V.append(dict(id="respMsg changed after signing",op="paytend_open_response",args=A(**M,body=J(t)),error="signature_mismatch"))
t=dict(resp); t["respData"]=b64(base64.b64decode(RD_WIRE)[:-16])
V.append(dict(id="respData truncated by one block (a padding failure: the uniform error, no padding oracle)",op="paytend_open_response",args=A(**M,body=J(t)),error="signature_mismatch"))
t=dict(resp); t["respData"]=b64(base64.b64decode(RD_WIRE)[:-1])
V.append(dict(id="respData truncated by one byte (not a multiple of 16: public, decryption failed)",op="paytend_open_response",args=A(**M,body=J(t)),error="decryption_failed"))
raw=bytearray(base64.b64decode(RD_WIRE)); raw[-1]^=1
t=dict(resp); t["respData"]=b64(bytes(raw))
def pad_ok(data):
    try: aes(RK2,data,False); return True
    except ValueError: return False
assert not pad_ok(bytes(raw))
V.append(dict(id="respData last block corrupted (bad padding): the uniform error",op="paytend_open_response",args=A(**M,body=J(t)),error="signature_mismatch"))
raw=bytearray(base64.b64decode(RD_WIRE)); raw[0]^=1
assert pad_ok(bytes(raw))
t=dict(resp); t["respData"]=b64(bytes(raw))
V.append(dict(id="respData first block corrupted (padding still valid): the same uniform error",op="paytend_open_response",args=A(**M,body=J(t)),error="signature_mismatch"))
rk=bytearray(base64.b64decode(resp["randomKey"])); rk[40]^=0x10
t=dict(resp); t["randomKey"]=b64(bytes(rk))
V.append(dict(id="randomKey tampered (implicit rejection gives a synthetic key text): the uniform error",op="paytend_open_response",args=A(**M,body=J(t)),error="signature_mismatch"))
t=dict(resp); t["randomKey"]=b64(base64.b64decode(resp["randomKey"])[:-1])
V.append(dict(id="randomKey truncated",op="paytend_open_response",args=A(**M,body=J(t)),error="decryption_failed"))
t=dict(resp); del t["signature"]
V.append(dict(id="success without signature",op="paytend_open_response",args=A(**M,body=J(t)),error="invalid_input"))
V.append(dict(id="respCode != 00 without signature is a provider error",op="paytend_open_response",args=A(**M,body='{"respCode":"01","respMsg":"Field type is wrong","signType":"RSA"}'),error="provider_error"))
# Webhook
C='{"cardId":"1755902","status":"ACTIVE","amount":5000.00,"note":"张三"}'
KT3="AAECAwQFBgcICQoLDA0ODw=="
fields=dict(content=C,notifyType="1",partnerId=PARTNER,randomKey=KT3,signType="RSA",version="2.0")
note={"content":b64(aes(KT3,C.encode())),"notifyType":"1","partnerId":PARTNER,"randomKey":rsa_enc(KT3),"signature":sign(sstr(fields)),"signType":"RSA","version":"2.0"}
V.append(dict(id="webhook (content in place of respData; made independently)",op="paytend_open_notification",args=A(**M,body=J(note)),expect=dict(payload_json=C)))
t=dict(note); t["notifyType"]="2"
V.append(dict(id="webhook notifyType changed after signing",op="paytend_open_notification",args=A(**M,body=J(t)),error="signature_mismatch"))
raw=bytearray(base64.b64decode(note["content"])); raw[-3]^=0x55
t=dict(note); t["content"]=b64(bytes(raw))
V.append(dict(id="webhook content last block corrupted (bad padding): the uniform error",op="paytend_open_notification",args=A(**M,body=J(t)),error="signature_mismatch"))
t=dict(note); t["partnerId"]="888666000100299"
V.append(dict(id="webhook for another partner",op="paytend_open_notification",args=A(**M,body=J(t)),error="signature_mismatch"))
# Seeded seal_request, reproduced here: Env::fixed(seed) draws the key text, then the
# EME-PKCS1-v1_5 padding string; requestId from the clock at UTC+8. The traced
# string_to_sign has the key text redacted (the real one is what `signature` covers).
SB='{"mobile":"13261402222","type":"1","amount":5000.00,"name":"张三"}'
SEED="paytend vector seed"
env=Fixed(SEED.encode())
kt=b64(env.fill(16))
rk_wire=b64(pkcs1_encrypt(pub, kt.encode(), env))
assert priv.decrypt(base64.b64decode(rk_wire), ap.PKCS1v15()).decode()==kt
s=sstr(dict(bizData=SB,partnerId=PARTNER,randomKey=kt,requestId=RID,signType="RSA",version="2.0"))
body=J({"bizData":b64(aes(kt,SB.encode())),"requestId":RID,"partnerId":PARTNER,"randomKey":rk_wire,"signType":"RSA","signature":sign(s),"version":"2.0"})
V.append(dict(id="seal_request with Env::fixed(seed, now): reproducible body (reproduced independently: key text, randomKey padding, bizData and signature)",op="paytend_seal_request_seeded",
  args=A(**M,biz_json=SB,seed=SEED,now_ms=1699243200000),expect=dict(body=body,string_to_sign=s.replace("randomKey="+kt,"randomKey=<redacted: 24 chars>"),request_id=RID)))
# --- Messages without a data field: no randomKey, the remaining fields are signed.
fields=dict(partnerId=PARTNER,requestId=RID,signType="RSA",version="2.0")
V.append(dict(id="mirror: request without bizData (no randomKey; the remaining fields signed) opens to null",op="paytend_open_request",
  args=A(**P,body=J({"requestId":RID,"partnerId":PARTNER,"signType":"RSA","signature":sign(sstr(fields)),"version":"2.0"})),expect=dict(payload_json="null")))
fields=dict(respCode="00",respMsg="success",signType="RSA")
V.append(dict(id="response without respData (no randomKey) opens to null",op="paytend_open_response",
  args=A(**M,body=J({"respCode":"00","respMsg":"success","signType":"RSA","signature":sign(sstr(fields))})),expect=dict(payload_json="null")))
V.append(dict(id="response with \"respData\": \"\" and no randomKey: an empty field is absent (not signed), opens to null",op="paytend_open_response",
  args=A(**M,body=J({"respCode":"00","respMsg":"success","respData":"","signType":"RSA","signature":sign(sstr(fields))})),expect=dict(payload_json="null")))
V.append(dict(id="response with \"respData\": null and no randomKey opens to null",op="paytend_open_response",
  args=A(**M,body=J({"respCode":"00","respMsg":"success","respData":None,"signType":"RSA","signature":sign(sstr(fields))})),expect=dict(payload_json="null")))
fields=dict(notifyType="3",partnerId=PARTNER,signType="RSA",version="2.0")
V.append(dict(id="webhook without content (no randomKey) opens to null",op="paytend_open_notification",
  args=A(**M,body=J({"notifyType":"3","partnerId":PARTNER,"signature":sign(sstr(fields)),"signType":"RSA","version":"2.0"})),expect=dict(payload_json="null")))

# --- Unencrypted data: a JSON value in the body, no randomKey, signed as its text.
# The raw text keeps an escape (\/) and a number literal (5000.00) that a re-serialization
# would change: the signature covers the text as it appears in the body.
RDP='{"cardId":"1755902","balance":5000.00,"note":"张三","url":"https:\\/\\/x.test\\/a"}'
assert json.loads(RDP)["url"]=="https://x.test/a"
fields=dict(respCode="00",respMsg="success",respData=RDP,signType="RSA")
plain_sig=sign(sstr(fields))
plain_body='{"respCode":"00","respMsg":"success","respData":'+RDP+',"signType":"RSA","signature":"'+plain_sig+'"}'
assert json.loads(plain_body)["respData"]["balance"]==5000.0
V.append(dict(id="unencrypted respData (a JSON object, no randomKey): signed as its text in the body (escape \\/ and 5000.00 kept)",op="paytend_open_response",
  args=A(**M,body=plain_body),expect=dict(payload_json=RDP)))
pretty='{\n  "respCode": "00",\n  "respMsg": "success",\n  "respData": {\n    "cardId": "1755902",\n    "balance": 5000.00,\n    "note": "张三",\n    "url": "https:\\/\\/x.test\\/a"\n  },\n  "signType": "RSA",\n  "signature": "'+plain_sig+'"\n}'
assert json.loads(pretty)==json.loads(plain_body)
V.append(dict(id="unencrypted respData in a pretty-printed body: signed as that text without the whitespace between tokens",op="paytend_open_response",
  args=A(**M,body=pretty),expect=dict(payload_json=RDP)))
t=plain_body.replace('"respCode":"00","respMsg":"success",','"respCode":"00","respMsg":"success","encryptFlag":"0",')
V.append(dict(id="unencrypted respData beside an encryptFlag (not signed; the form of respData decides)",op="paytend_open_response",
  args=A(**M,body=t),expect=dict(payload_json=RDP)))
V.append(dict(id="unencrypted respData changed after signing",op="paytend_open_response",
  args=A(**M,body=plain_body.replace('5000.00','5000.01')),error="signature_mismatch"))
V.append(dict(id="unencrypted respData re-serialized after signing (\\/ written as /): the signed text was the one sent",op="paytend_open_response",
  args=A(**M,body=plain_body.replace('\\/','/')),error="signature_mismatch"))
V.append(dict(id="unencrypted respData with a randomKey: invalid input",op="paytend_open_response",
  args=A(**M,body=plain_body.replace('"signType"','"randomKey":"'+resp["randomKey"]+'","signType"')),error="invalid_input"))
V.append(dict(id="respData that is neither a string nor an object/array: invalid input",op="paytend_open_response",
  args=A(**M,body=J({"respCode":"00","respMsg":"success","respData":5,"signType":"RSA","signature":plain_sig})),error="invalid_input"))
V.append(dict(id="a base64 respData without randomKey: invalid input (randomKey missing)",op="paytend_open_response",
  args=A(**M,body=J({"respCode":"00","respMsg":"success","respData":RD_WIRE,"signType":"RSA","signature":resp["signature"]})),error="invalid_input"))
# bizData unencrypted, as an object (the seed's sample shape) and as a string holding JSON text.
fields=dict(bizData=BIZ,partnerId=PARTNER,requestId=RID,signType="RSA",version="2.0")
s_plain=sign(sstr(fields))
reqp='{"bizData":'+BIZ+',"requestId":"'+RID+'","partnerId":"'+PARTNER+'","signType":"RSA","signature":"'+s_plain+'","version":"2.0"}'
V.append(dict(id="mirror: unencrypted bizData (a JSON object, no randomKey) opens",op="paytend_open_request",args=A(**P,body=reqp),expect=dict(payload_json=BIZ)))
reqs_=J({"bizData":BIZ,"requestId":RID,"partnerId":PARTNER,"signType":"RSA","signature":s_plain,"version":"2.0"})
V.append(dict(id="mirror: unencrypted bizData as a string holding JSON text (no randomKey): signed as the string's content",op="paytend_open_request",args=A(**P,body=reqs_),expect=dict(payload_json=BIZ)))
V.append(dict(id="mirror: a string bizData holding invalid JSON text (no randomKey): invalid input",op="paytend_open_request",
  args=A(**P,body=J({"bizData":'{"cardId":',"requestId":RID,"partnerId":PARTNER,"signType":"RSA","signature":s_plain,"version":"2.0"})),error="invalid_input"))
fields=dict(content=C,notifyType="1",partnerId=PARTNER,signType="RSA",version="2.0")
notep='{"content":'+C+',"notifyType":"1","partnerId":"'+PARTNER+'","signature":"'+sign(sstr(fields))+'","signType":"RSA","version":"2.0"}'
V.append(dict(id="webhook with unencrypted content (a JSON object, no randomKey)",op="paytend_open_notification",args=A(**M,body=notep),expect=dict(payload_json=C)))

# --- A URL-encoded randomKey (the demo URL-decodes a randomKey that contains %).
from urllib.parse import quote
rk=resp["randomKey"]; assert "+" in rk and "/" in rk and rk.endswith("=")
t=dict(resp); t["randomKey"]=quote(rk,safe="")
assert "%2B" in t["randomKey"] and "%2F" in t["randomKey"] and "%3D" in t["randomKey"]
V.append(dict(id="randomKey URL-encoded (%2B, %2F, %3D): percent-decoded before base64",op="paytend_open_response",args=A(**M,body=J(t)),expect=dict(payload_json=RD)))
t=dict(resp); t["randomKey"]=quote(rk,safe="").replace("%2B","%2b").replace("%2F","%2f")
V.append(dict(id="randomKey URL-encoded with lowercase hex",op="paytend_open_response",args=A(**M,body=J(t)),expect=dict(payload_json=RD)))
t=dict(resp); t["randomKey"]=rk.replace("=","%3D")
V.append(dict(id="randomKey partly URL-encoded (only = as %3D): a literal + stays + (not a form-encoded space)",op="paytend_open_response",args=A(**M,body=J(t)),expect=dict(payload_json=RD)))
for bad in (rk+"%3", rk[:-1]+"%3G", "%"+rk):
    t=dict(resp); t["randomKey"]=bad
    V.append(dict(id=f"randomKey with a bad percent-escape ({bad[:1]}…{bad[-3:]}): invalid input",op="paytend_open_response",args=A(**M,body=J(t)),error="invalid_input"))

# --- Error responses: code and message, no result; a signature on them is not checked.
V.append(dict(id="respCode != 00 without a signature: code and message, no result",op="paytend_open_response_failure",
  args=A(**M,body='{"respCode":"01","respMsg":"Field type is wrong","signType":"RSA"}'),expect=dict(code="01",message="Field type is wrong",result=None)))
V.append(dict(id="respCode != 00 without respMsg: empty message",op="paytend_open_response_failure",
  args=A(**M,body='{"respCode":"99"}'),expect=dict(code="99",message="",result=None)))
V.append(dict(id="respCode != 00 with a bogus signature and randomKey: still the provider error",op="paytend_open_response_failure",
  args=A(**M,body='{"respCode":"05","respMsg":"Partner not found","randomKey":"!!","signature":"AAAA"}'),expect=dict(code="05",message="Partner not found",result=None)))

# --- Seals without a payload, and unencrypted seals (no randomness involved).
s=sstr(dict(partnerId=PARTNER,requestId=RID,signType="RSA",version="2.0"))
body=J({"requestId":RID,"partnerId":PARTNER,"signType":"RSA","signature":sign(s),"version":"2.0"})
for biz in ("", "  \n", "null", " null "):
    V.append(dict(id=f"seal_request without bizData ({json.dumps(biz)}): no bizData, no randomKey, never the text null",op="paytend_seal_request_seeded",
      args=A(**M,biz_json=biz,seed=SEED,now_ms=1699243200000),expect=dict(body=body,string_to_sign=s,request_id=RID)))
V.append(dict(id="seal_request unencrypted without bizData: the same body",op="paytend_seal_request_seeded",
  args=A(**M,biz_json="",seed=SEED,now_ms=1699243200000,encrypt=False),expect=dict(body=body,string_to_sign=s,request_id=RID)))
SBP='{ "mobile": "13261402222",\n  "type": "1", "amount": 5000.00, "name": "张三", "memo": "a b\\/c" }'
SBC='{"mobile":"13261402222","type":"1","amount":5000.00,"name":"张三","memo":"a b\\/c"}'
s=sstr(dict(bizData=SBC,partnerId=PARTNER,requestId=RID,signType="RSA",version="2.0"))
body='{"bizData":'+SBC+',"requestId":"'+RID+'","partnerId":"'+PARTNER+'","signType":"RSA","signature":"'+sign(s)+'","version":"2.0"}'
V.append(dict(id="seal_request with encrypt=false: bizData is the JSON object itself (whitespace between tokens removed, nothing else), no randomKey, that text signed",op="paytend_seal_request_seeded",
  args=A(**M,biz_json=SBP,seed=SEED,now_ms=1699243200000,encrypt=False),expect=dict(body=body,string_to_sign=s,request_id=RID)))
s=sstr(dict(respCode="00",respMsg="success",respData=RDP,signType="RSA"))
V.append(dict(id="mirror seal_response with encrypt=false: respData is the JSON object, no randomKey",op="paytend_seal_response",
  args=A(**P,payload_json=RDP,encrypt=False),expect=dict(body=plain_body)))
s=sstr(dict(respCode="00",respMsg="success",signType="RSA"))
V.append(dict(id="mirror seal_response without payload (null): no respData, no randomKey",op="paytend_seal_response",
  args=A(**P,payload_json="null"),expect=dict(body=J({"respCode":"00","respMsg":"success","signType":"RSA","signature":sign(s)}))))
V.append(dict(id="mirror seal_notification with encrypt=false: content is the JSON object, no randomKey",op="paytend_seal_notification",
  args=A(**P,payload_json=C,encrypt=False),expect=dict(body=notep)))
s=sstr(dict(notifyType="3",partnerId=PARTNER,signType="RSA",version="2.0"))
V.append(dict(id="mirror seal_notification (notifyType 3) without payload: no content, no randomKey",op="paytend_seal_notification",
  args=A(**P,payload_json="",notify_type="3"),expect=dict(body=J({"notifyType":"3","partnerId":PARTNER,"signature":sign(s),"signType":"RSA","version":"2.0"}))))
doc={"schema":"cardseal-vectors/1","title":"Paytend: RSA-1024 + AES-192 envelopes, SHA256withRSA signature strings, mirror",
 "source":"Paytend BaaS Issuing Cards Product Documentation and the published sandbox-demo key pair/values (docs/providers/paytend.md); the responses/webhooks were built independently with Python cryptography and the demo key (the same modulus serves both roles); the seeded request comes from Env::fixed and is checked independently",
 "vectors":V}
open(os.path.join(HERE,'paytend.json'),'w').write(json.dumps(doc,indent=2,ensure_ascii=False)+"\n")
print(len(V))
