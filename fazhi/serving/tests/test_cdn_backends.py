"""The CDN purge backends against local servers that check each request as the providers'
documentation says. No real account is used (there is no Internet here).

Each fake API is a real HTTP server on 127.0.0.1 (a random port) that checks what the
documentation requires, recomputes the signature with its own implementation written from the
documentation (not the backend's code, nor the SDK's), enforces the per-call limits and answers
as the API does: success bodies with RequestId and RefreshTaskId / TaskId, the documented error
bodies otherwise. The signers are also checked against the worked examples printed in the
documentation, so neither side merely agrees with itself.

Documentation used:

- Alibaba Cloud, V3 signature (ACS3-HMAC-SHA256), with its fixed-value example:
  https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature
  (中文: https://help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature)
- Alibaba Cloud CDN RefreshObjectCaches (2018-05-10):
  https://www.alibabacloud.com/help/en/cdn/developer-reference/api-cdn-2018-05-10-refreshobjectcaches
  (中文: https://help.aliyun.com/document_detail/91164.html)
- Tencent Cloud signature v3 (TC3-HMAC-SHA256), common parameters, responses:
  https://www.tencentcloud.com/document/product/228/31723 ,
  https://www.tencentcloud.com/document/product/228/31722 ,
  https://www.tencentcloud.com/document/product/228/31725
  (中文 签名方法 v3: https://cloud.tencent.com/document/api/362/4208)
- Tencent Cloud CDN PurgeUrlsCache / PurgePathCache (2018-06-06):
  https://cloud.tencent.com/document/api/228/37870 , https://cloud.tencent.com/document/api/228/37871
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured

from fazhi.serving.cdn import CdnPurgeError
from fazhi.serving.cdn.aliyun import AliyunCdnBackend, authorization
from fazhi.serving.cdn.tencent import TencentCdnBackend

ALIYUN_ID, ALIYUN_SECRET = "LTAI5tTestAccessKeyId", "aliyun-test-secret-不要外泄"
TENCENT_ID, TENCENT_KEY = "AKIDTestSecretId0000000000000000", "tencent-test-secret-key"
SITE = "https://www.example.cn"


def sha256_hex(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


# --- Alibaba Cloud V3 signature, written from the documentation ---------------------------------

_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")


def rfc3986(text: str) -> str:
    """Letters, digits, '-', '_', '.', '~' as they are; every other UTF-8 byte as %XX."""
    return "".join(chr(b) if b in _UNRESERVED else f"%{b:02X}" for b in text.encode())


def acs3_canonical_request(
    method: str,
    uri: str,
    query: list[tuple[str, str]],
    headers: dict[str, str],
    signed: list[str],
    body: bytes,
) -> str:
    canonical_query = "&".join(f"{rfc3986(k)}={rfc3986(v)}" for k, v in sorted(query))
    canonical_headers = "".join(f"{name}:{headers[name].strip()}\n" for name in signed)
    return "\n".join(
        [method, uri, canonical_query, canonical_headers, ";".join(signed), sha256_hex(body)]
    )


def acs3_signature(secret: str, canonical_request: str) -> str:
    string_to_sign = "ACS3-HMAC-SHA256\n" + sha256_hex(canonical_request)
    return hmac.new(secret.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()


# --- Tencent Cloud TC3-HMAC-SHA256, written from the documentation --------------------------------


def tc3_canonical_request(
    method: str, query: str, headers: dict[str, str], signed: list[str], payload: bytes
) -> str:
    # "头部 key 和 value 统一转成小写，并去掉首尾空格，按照 key:value\n 格式拼接"
    canonical_headers = "".join(f"{name}:{headers[name].strip().lower()}\n" for name in signed)
    return "\n".join([method, "/", query, canonical_headers, ";".join(signed), sha256_hex(payload)])


def tc3_string_to_sign(timestamp: int, scope: str, canonical_request: str) -> str:
    return f"TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{sha256_hex(canonical_request)}"


def tc3_signing_key(secret_key: str, date: str, service: str) -> bytes:
    secret_date = hmac.new(f"TC3{secret_key}".encode(), date.encode(), hashlib.sha256).digest()
    secret_service = hmac.new(secret_date, service.encode(), hashlib.sha256).digest()
    return hmac.new(secret_service, b"tc3_request", hashlib.sha256).digest()


def tc3_signature(signing_key: bytes, string_to_sign: str) -> str:
    return hmac.new(signing_key, string_to_sign.encode(), hashlib.sha256).hexdigest()


# --- The documentation's worked examples -------------------------------------------------------


def test_acs3_documentation_example_by_the_test_implementation():
    """V3 page, "Fixed parameter values": the canonical request, the hash of the canonical
    request and the signature it prints."""
    headers = {
        "host": "ecs.cn-shanghai.aliyuncs.com",
        "x-acs-action": "RunInstances",
        "x-acs-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "x-acs-date": "2023-10-26T10:22:32Z",
        "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
        "x-acs-version": "2014-05-26",
    }
    query = [
        ("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"),
        ("RegionId", "cn-shanghai"),
    ]
    canonical = acs3_canonical_request("POST", "/", query, headers, sorted(headers), b"")
    assert canonical == (
        "POST\n/\nImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\n"
        "host:ecs.cn-shanghai.aliyuncs.com\nx-acs-action:RunInstances\n"
        "x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
        "x-acs-date:2023-10-26T10:22:32Z\nx-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\n"
        "x-acs-version:2014-05-26\n\n"
        "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n"
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )
    assert sha256_hex(canonical) == (
        "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259"
    )
    assert acs3_signature("YourAccessKeySecret", canonical) == (
        "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
    )


def test_acs3_documentation_example_by_the_backend_signer():
    headers = {
        "host": "ecs.cn-shanghai.aliyuncs.com",
        "x-acs-action": "RunInstances",
        "x-acs-version": "2014-05-26",
        "x-acs-date": "2023-10-26T10:22:32Z",
        "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
        "x-acs-content-sha256": sha256_hex(b""),
    }
    query = {
        "RegionId": "cn-shanghai",
        "ImageId": "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
    }
    assert authorization(
        "POST", "/", query, headers, b"", "YourAccessKeyId", "YourAccessKeySecret"
    ) == (
        "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;"
        "x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
        "Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
    )


# The DescribeInstances example of the Signature v3 page (both versions below).
TC3_PAYLOAD = (
    b'{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}'
)
TC3_HEADERS = {
    "content-type": "application/json; charset=utf-8",
    "host": "cvm.tencentcloudapi.com",
    "x-tc-action": "DescribeInstances",
}


def test_tc3_documentation_example_with_its_printed_secret_key():
    """The page version that prints SecretKey Gu5t9xGARNpq86cd98joQYCN3EXAMPLE (English
    Signature v3 pages, e.g. CDN's, and https://www.tencentcloud.com/zh/document/product/1021/34193):
    SignedHeaders content-type;host, timestamp 1551113065, signature 72e494ea…"""
    assert sha256_hex(TC3_PAYLOAD) == (
        "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
    )
    canonical = tc3_canonical_request(
        "POST", "", TC3_HEADERS, ["content-type", "host"], TC3_PAYLOAD
    )
    assert sha256_hex(canonical) == (
        "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
    )
    string_to_sign = tc3_string_to_sign(1551113065, "2019-02-25/cvm/tc3_request", canonical)
    key = tc3_signing_key("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "2019-02-25", "cvm")
    expected = "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
    assert tc3_signature(key, string_to_sign) == expected

    # The SDK's own signer (the backend's), from the same documented inputs.
    from tencentcloud.common.sign import Sign

    sdk = Sign.sign_tc3("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "2019-02-25", "cvm", string_to_sign)
    assert sdk == expected


def test_tc3_documentation_example_of_the_current_page():
    """The current 签名方法 v3 page masks the key but prints the canonical request (with
    x-tc-action signed), its hash, the derived keys and the signature."""
    canonical = tc3_canonical_request(
        "POST", "", TC3_HEADERS, ["content-type", "host", "x-tc-action"], TC3_PAYLOAD
    )
    assert canonical.splitlines()[3:6] == [
        "content-type:application/json; charset=utf-8",
        "host:cvm.tencentcloudapi.com",
        "x-tc-action:describeinstances",
    ]
    assert sha256_hex(canonical) == (
        "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84"
    )
    string_to_sign = tc3_string_to_sign(1551113065, "2019-02-25/cvm/tc3_request", canonical)
    secret_signing = bytes.fromhex(
        "b596b923aad85185e2d1f6659d2a062e0a86731226e021e61bfe06f7ed05f5af"
    )
    assert tc3_signature(secret_signing, string_to_sign) == (
        "10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f"
    )


# --- The fake APIs ------------------------------------------------------------------------------


class FakeApi:
    """What a fake API saw and how it answers (``mode``: ``ok``, ``http500``, ``html502``,
    ``slow``)."""

    def __init__(self, secrets: dict[str, str]) -> None:
        self.secrets = secrets
        self.mode = "ok"
        self.calls: list[dict[str, Any]] = []  # accepted calls
        self.rejected: list[str] = []  # error codes answered
        self.violations: list[str] = []  # documented rules a request broke
        self.nonces: set[str] = set()
        self.release = threading.Event()
        self.endpoint = ""

    def violation(self, text: str) -> None:
        self.violations.append(text)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    @property
    def api(self) -> FakeApi:
        return self.server.api  # type: ignore[attr-defined]

    def answer(self, status: int, payload: Any, content_type: str = "application/json") -> None:
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def read_body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def expected_host(self) -> str:
        return f"127.0.0.1:{self.server.server_port}"

    def faults(self) -> bool:
        """Answer as a failing API would; True when it did."""
        if self.api.mode == "slow":  # never answers before the test ends
            self.api.release.wait(5)
            self.close_connection = True
            return True
        if self.api.mode == "html502":
            self.answer(502, b"<html><body>502 Bad Gateway</body></html>", "text/html")
            return True
        return False


class AliyunHandler(Handler):
    """RefreshObjectCaches, 2018-05-10, signature V3."""

    def error(self, status: int, code: str, message: str) -> None:
        self.api.rejected.append(code)
        self.answer(
            status,
            {
                "RequestId": str(uuid.uuid4()).upper(),
                "HostId": "cdn.aliyuncs.com",
                "Code": code,
                "Message": message,
                "Recommend": "https://api.aliyun.com/troubleshoot?q=" + code,
            },
        )

    def do_POST(self) -> None:
        api = self.api
        body = self.read_body()
        if self.faults():
            return
        headers = {name.lower(): value for name, value in self.headers.items()}
        split = urlsplit(self.path)
        if split.path != "/":
            api.violation(f"RPC path is '/', not {split.path!r}")
        for name in (
            "host",
            "x-acs-action",
            "x-acs-version",
            "x-acs-date",
            "x-acs-signature-nonce",
            "x-acs-content-sha256",
            "authorization",
        ):
            if not headers.get(name):
                api.violation(f"missing header {name}")
                return self.error(400, "MissingParameter", f"{name} is mandatory")
        if headers["host"] != self.expected_host():
            api.violation(f"Host {headers['host']!r}")
        if headers["x-acs-action"] != "RefreshObjectCaches":
            api.violation(f"x-acs-action {headers['x-acs-action']!r}")
        if headers["x-acs-version"] != "2018-05-10":
            api.violation(f"x-acs-version {headers['x-acs-version']!r}")
        date = headers["x-acs-date"]
        if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", date):
            api.violation(f"x-acs-date is yyyy-MM-ddTHH:mm:ssZ in UTC, not {date!r}")
        elif abs(time.time() - datetime.strptime(date, "%Y-%m-%dT%H:%M:%S%z").timestamp()) > 900:
            api.violation("x-acs-date more than 15 minutes away")
        nonce = headers["x-acs-signature-nonce"]
        if nonce in api.nonces:
            api.violation("x-acs-signature-nonce used twice")
        api.nonces.add(nonce)
        if headers["x-acs-content-sha256"] != sha256_hex(body):
            api.violation("x-acs-content-sha256 is not the SHA-256 of the body")
        if body:
            api.violation("RefreshObjectCaches parameters are query parameters; the body is empty")

        # Query: RFC 3986-encoded pairs.
        pairs = []
        for item in split.query.split("&") if split.query else []:
            name, _, value = item.partition("=")
            if not re.fullmatch(r"(?:[A-Za-z0-9\-_.~]|%[0-9A-F]{2})*", name + value):
                api.violation(f"query not RFC 3986 encoded: {item[:80]!r}")
            pairs.append((unquote(name), unquote(value)))

        match = re.fullmatch(
            r"ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})",
            headers["authorization"],
        )
        if not match:
            api.violation(f"Authorization {headers['authorization']!r}")
            return self.error(
                400,
                "IncompleteSignature",
                "The request signature does not conform to Aliyun standards.",
            )
        key_id, signed_text, signature = match.groups()
        signed = signed_text.split(";")
        if signed != sorted(signed) or any(name != name.lower() for name in signed):
            api.violation("SignedHeaders are lowercase and sorted")
        must_sign = {n for n in headers if n.startswith("x-acs-")} | {"host"}
        must_sign |= {"content-type"} & headers.keys()
        if not must_sign <= set(signed):
            api.violation(f"unsigned headers: {sorted(must_sign - set(signed))}")
        if key_id not in api.secrets:
            return self.error(
                404, "InvalidAccessKeyId.NotFound", "Specified access key is not found."
            )
        canonical = acs3_canonical_request(self.command, split.path, pairs, headers, signed, body)
        if not hmac.compare_digest(acs3_signature(api.secrets[key_id], canonical), signature):
            return self.error(
                400, "SignatureDoesNotMatch", "Specified signature does not match our calculation."
            )

        params = dict(pairs)
        for name in params:
            if name not in ("ObjectPath", "ObjectType", "Force"):
                api.violation(f"unexpected parameter {name}")
        if "ObjectPath" not in params:
            api.violation("ObjectPath is required")
            return self.error(400, "MissingObjectPath", "ObjectPath is mandatory for this action.")
        object_type = params.get("ObjectType", "File")
        if object_type not in ("File", "Directory"):
            api.violation(f"ObjectType {object_type!r}")
            return self.error(
                400, "InvalidObjectType.Malformed", "The specified ObjectType is invalid."
            )
        paths = re.split(r"\r?\n", params["ObjectPath"])
        limit = 1000 if object_type == "File" else 100
        if len(paths) > limit:
            api.violation(f"{len(paths)} {object_type} paths in one call (at most {limit})")
            return self.error(
                400,
                "SingleRequest.OverLimit",
                "A maximum of 1000 URLs are supported for each request.",
            )
        for path in paths:
            if not re.match(r"https?://[^/]+/", path) or (
                object_type == "Directory" and not path.endswith("/")
            ):
                api.violation(f"ObjectPath entry {path!r}")
                return self.error(
                    400, "InvalidObjectPath.Malformed", "The specified ObjectPath is invalid."
                )

        if api.mode == "http500":
            return self.error(
                500, "InternalError", "The request processing has failed due to some unknown error."
            )
        api.calls.append({"type": object_type, "paths": paths, "key": key_id})
        self.answer(
            200,
            {
                "RequestId": str(uuid.uuid4()).upper(),
                "RefreshTaskId": str(17000000000 + len(api.calls)),
            },
        )


class TencentHandler(Handler):
    """PurgeUrlsCache / PurgePathCache, 2018-06-06, TC3-HMAC-SHA256."""

    def error(self, code: str, message: str) -> None:
        # The API answers errors with HTTP 200 and an Error object.
        self.api.rejected.append(code)
        self.answer(
            200,
            {
                "Response": {
                    "Error": {"Code": code, "Message": message},
                    "RequestId": str(uuid.uuid4()),
                }
            },
        )

    def do_POST(self) -> None:
        api = self.api
        payload = self.read_body()
        if self.faults():
            return
        if api.mode == "http500":
            self.answer(500, b"internal error", "text/plain")
            return
        headers = {name.lower(): value for name, value in self.headers.items()}
        split = urlsplit(self.path)
        if split.path != "/" or split.query:
            api.violation(f"POST to '/' with an empty query, not {self.path!r}")
        for name in (
            "host",
            "content-type",
            "x-tc-action",
            "x-tc-version",
            "x-tc-timestamp",
            "authorization",
        ):
            if not headers.get(name):
                api.violation(f"missing header {name}")
                return self.error(
                    "MissingParameter", f"The request is missing a required parameter `{name}`."
                )
        if headers["host"] != self.expected_host():
            api.violation(f"Host {headers['host']!r}")
        if headers["content-type"].split(";")[0].strip() != "application/json":
            api.violation(f"Content-Type {headers['content-type']!r}")
        action = headers["x-tc-action"]
        if action not in ("PurgeUrlsCache", "PurgePathCache"):
            api.violation(f"X-TC-Action {action!r}")
            return self.error("InvalidAction", "The requested action does not exist.")
        if headers["x-tc-version"] != "2018-06-06":
            api.violation(f"X-TC-Version {headers['x-tc-version']!r}")
        if not headers["x-tc-timestamp"].isdigit():
            api.violation("X-TC-Timestamp is a UNIX time in seconds")
            return self.error("InvalidParameter", "X-TC-Timestamp")
        timestamp = int(headers["x-tc-timestamp"])
        if abs(time.time() - timestamp) > 300:
            return self.error("AuthFailure.SignatureExpire", "The signature has expired.")

        match = re.fullmatch(
            r"TC3-HMAC-SHA256 Credential=([^/]+)/(\d{4}-\d\d-\d\d)/([a-z]+)/tc3_request, "
            r"SignedHeaders=([a-z0-9;\-]+), Signature=([0-9a-f]{64})",
            headers["authorization"],
        )
        if not match:
            api.violation(f"Authorization {headers['authorization']!r}")
            return self.error(
                "AuthFailure.InvalidAuthorization",
                "Authorization in the request header is invalid.",
            )
        secret_id, date, service, signed_text, signature = match.groups()
        if date != datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d"):
            api.violation("the credential date is the UTC date of X-TC-Timestamp")
        if service != "cdn":
            api.violation(f"service {service!r} (the product of cdn.tencentcloudapi.com is cdn)")
        signed = signed_text.split(";")
        if signed != sorted(signed) or not {"content-type", "host"} <= set(signed):
            api.violation(f"SignedHeaders {signed_text!r}: sorted, with content-type and host")
        if secret_id not in api.secrets:
            return self.error("AuthFailure.SecretIdNotFound", "The SecretId is not found.")
        canonical = tc3_canonical_request("POST", split.query, headers, signed, payload)
        string_to_sign = tc3_string_to_sign(timestamp, f"{date}/{service}/tc3_request", canonical)
        key = tc3_signing_key(api.secrets[secret_id], date, service)
        if not hmac.compare_digest(tc3_signature(key, string_to_sign), signature):
            return self.error(
                "AuthFailure.SignatureFailure",
                "The provided credentials could not be validated. Please check your signature is correct.",
            )

        body = json.loads(payload)
        if action == "PurgeUrlsCache":
            items, limit, allowed = body.get("Urls"), 1000, {"Urls", "Area", "UrlEncode"}
            over = ("LimitExceeded.CdnPurgeUrlExceedBatchLimit", "刷新的Url数量超过单次限制")
        else:
            items, limit, allowed = (
                body.get("Paths"),
                500,
                {"Paths", "FlushType", "Area", "UrlEncode"},
            )
            over = ("LimitExceeded.CdnPurgePathExceedBatchLimit", "刷新的目录数量超过单次限制")
            if body.get("FlushType") not in ("flush", "delete"):
                api.violation(f"FlushType {body.get('FlushType')!r}")
                return self.error("InvalidParameter.CdnParamError", "FlushType")
        if set(body) - allowed:
            api.violation(f"unexpected parameters {sorted(set(body) - allowed)}")
        if not isinstance(items, list) or not items:
            api.violation(f"{action}: a non-empty list is required")
            return self.error("MissingParameter", "Urls/Paths")
        if len(items) > limit:
            api.violation(f"{len(items)} items in one {action} (at most {limit})")
            return self.error(*over)
        for item in items:
            if not re.match(r"https?://[^/]+/", item) or (
                action == "PurgePathCache" and not item.endswith("/")
            ):
                api.violation(f"{action} item {item!r}")
                return self.error("InvalidParameter.CdnUrlError", "url format error")

        api.calls.append({"action": action, "items": items, "body": body, "key": secret_id})
        self.answer(
            200,
            {
                "Response": {
                    "TaskId": f"{int(time.time())}-{len(api.calls):08d}",
                    "RequestId": str(uuid.uuid4()),
                }
            },
        )


def serve(handler: type[Handler], secrets: dict[str, str]) -> Iterator[FakeApi]:
    api = FakeApi(secrets)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.api = api  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    api.endpoint = f"http://127.0.0.1:{server.server_port}"
    try:
        yield api
    finally:
        api.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
    assert api.violations == [], "requests broke the documented rules"


@pytest.fixture
def aliyun_api() -> Iterator[FakeApi]:
    yield from serve(AliyunHandler, {ALIYUN_ID: ALIYUN_SECRET})


@pytest.fixture
def tencent_api() -> Iterator[FakeApi]:
    yield from serve(TencentHandler, {TENCENT_ID: TENCENT_KEY})


def aliyun(api: FakeApi, **params: Any) -> AliyunCdnBackend:
    config = {
        "ACCESS_KEY_ID": ALIYUN_ID,
        "ACCESS_KEY_SECRET": ALIYUN_SECRET,
        "ENDPOINT": api.endpoint,
    }
    return AliyunCdnBackend({**config, **params})


def tencent(api: FakeApi, **params: Any) -> TencentCdnBackend:
    config = {"SECRET_ID": TENCENT_ID, "SECRET_KEY": TENCENT_KEY, "ENDPOINT": api.endpoint}
    return TencentCdnBackend({**config, **params})


def article_urls(count: int, host: str = SITE) -> list[str]:
    return [f"{host}/a/{n}/" for n in range(count)]


# --- Alibaba Cloud ------------------------------------------------------------------------------


def test_aliyun_one_url(aliyun_api):
    aliyun(aliyun_api).purge(f"{SITE}/xjzs/20190828-113351/")
    assert aliyun_api.calls == [
        {"type": "File", "paths": [f"{SITE}/xjzs/20190828-113351/"], "key": ALIYUN_ID}
    ]


def test_aliyun_url_with_chinese_and_reserved_characters(aliyun_api):
    url = f"{SITE}/搜索/?q=法治 新闻&page=2*"
    aliyun(aliyun_api).purge_batch([url])
    assert aliyun_api.calls[0]["paths"] == [url]


def test_aliyun_batch_larger_than_one_call_is_chunked(aliyun_api):
    urls = article_urls(2345)
    aliyun(aliyun_api).purge_batch([*urls, urls[0], urls[7]])  # repeats are sent once
    assert [len(call["paths"]) for call in aliyun_api.calls] == [1000, 1000, 345]
    assert [path for call in aliyun_api.calls for path in call["paths"]] == urls


def test_aliyun_prefix_is_a_directory_refresh(aliyun_api):
    backend = aliyun(aliyun_api)
    backend.purge_prefix(f"{SITE}/")
    backend.purge_prefix(f"{SITE}/fzyw/")
    assert aliyun_api.calls == [
        {"type": "Directory", "paths": [f"{SITE}/"], "key": ALIYUN_ID},
        {"type": "Directory", "paths": [f"{SITE}/fzyw/"], "key": ALIYUN_ID},
    ]
    for bad in ("/fzyw/", f"{SITE}/fzyw", f"{SITE}/?a=1", "ftp://www.example.cn/"):
        with pytest.raises(ValueError):
            backend.purge_prefix(bad)
    assert len(aliyun_api.calls) == 2


def test_aliyun_hostnames(aliyun_api):
    backend = aliyun(aliyun_api, HOSTNAMES=["www.example.cn", ".example.org"])
    backend.purge_batch(
        [f"{SITE}/a/", "https://other.example.com/a/", "https://m.example.org/b/", f"{SITE}/c/"]
    )
    backend.purge_prefix("https://other.example.com/")
    backend.purge("https://other.example.com/d/")
    # One call per host: RefreshObjectCaches is given the URLs of one domain at a time.
    assert aliyun_api.calls == [
        {"type": "File", "paths": [f"{SITE}/a/", f"{SITE}/c/"], "key": ALIYUN_ID},
        {"type": "File", "paths": ["https://m.example.org/b/"], "key": ALIYUN_ID},
    ]


def test_aliyun_server_enforces_the_limit(aliyun_api):
    """The fake API's limit check works: a backend sending 1,001 URLs in a call is refused."""
    backend = aliyun(aliyun_api)
    backend.FILES_PER_CALL = 1001
    with pytest.raises(CdnPurgeError) as raised:
        backend.purge_batch(article_urls(1001))
    assert raised.value.code == "SingleRequest.OverLimit"
    assert aliyun_api.violations == ["1001 File paths in one call (at most 1000)"]
    aliyun_api.violations.clear()


def test_aliyun_wrong_secret_is_rejected(aliyun_api, caplog):
    backend = aliyun(aliyun_api, ACCESS_KEY_SECRET="not-the-secret")
    with caplog.at_level(logging.WARNING), pytest.raises(CdnPurgeError) as raised:
        backend.purge(f"{SITE}/a/")
    error = raised.value
    assert (error.provider, error.code) == ("aliyun", "SignatureDoesNotMatch")
    assert error.message == "Specified signature does not match our calculation."
    assert re.fullmatch(r"[0-9A-F-]{36}", error.request_id)
    assert aliyun_api.rejected == ["SignatureDoesNotMatch"] and aliyun_api.calls == []
    assert "SignatureDoesNotMatch" in caplog.text
    assert "not-the-secret" not in caplog.text and "not-the-secret" not in str(error)


def test_aliyun_unknown_access_key(aliyun_api):
    with pytest.raises(CdnPurgeError) as raised:
        aliyun(aliyun_api, ACCESS_KEY_ID="LTAI5tNobody").purge(f"{SITE}/a/")
    assert raised.value.code == "InvalidAccessKeyId.NotFound"


def test_aliyun_http_500(aliyun_api, caplog):
    aliyun_api.mode = "http500"
    with caplog.at_level(logging.WARNING), pytest.raises(CdnPurgeError) as raised:
        aliyun(aliyun_api).purge_batch(article_urls(3))
    assert raised.value.code == "InternalError"
    assert "purge of 3 URL(s) failed" in caplog.text


def test_aliyun_gateway_error_without_json(aliyun_api):
    aliyun_api.mode = "html502"
    with pytest.raises(CdnPurgeError) as raised:
        aliyun(aliyun_api).purge(f"{SITE}/a/")
    assert raised.value.code == "HTTP 502"
    assert "Bad Gateway" in raised.value.message


def test_aliyun_timeout(aliyun_api):
    aliyun_api.mode = "slow"
    started = time.monotonic()
    with pytest.raises(CdnPurgeError) as raised:
        aliyun(aliyun_api, TIMEOUT=0.3).purge(f"{SITE}/a/")
    assert raised.value.code in ("ReadTimeout", "ConnectTimeout")
    assert time.monotonic() - started < 3


def test_aliyun_batch_stops_at_the_first_failure(aliyun_api):
    backend = aliyun(aliyun_api)
    backend.purge_batch(article_urls(10))
    aliyun_api.mode = "http500"
    with pytest.raises(CdnPurgeError):
        backend.purge_batch(article_urls(2500))
    assert aliyun_api.rejected == ["InternalError"]  # one failing call, not three


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"ACCESS_KEY_ID": "LTAI5tX"},
        {"ACCESS_KEY_SECRET": "s"},
        {"ACCESS_KEY_ID": "", "ACCESS_KEY_SECRET": "s"},
        {"ACCESS_KEY_ID": None, "ACCESS_KEY_SECRET": None},
    ],
)
def test_aliyun_missing_credentials(params):
    with pytest.raises(ImproperlyConfigured, match="FAZHI_ALIYUN_CDN_ACCESS_KEY"):
        AliyunCdnBackend(params)


def test_aliyun_endpoint_must_be_a_url():
    with pytest.raises(ImproperlyConfigured, match="ENDPOINT"):
        AliyunCdnBackend(
            {"ACCESS_KEY_ID": "a", "ACCESS_KEY_SECRET": "b", "ENDPOINT": "cdn.aliyuncs.com"}
        )
    backend = AliyunCdnBackend({"ACCESS_KEY_ID": "a", "ACCESS_KEY_SECRET": "b"})
    assert (backend.endpoint, backend.host, backend.timeout) == (
        "https://cdn.aliyuncs.com",
        "cdn.aliyuncs.com",
        10.0,
    )


def test_aliyun_through_wagtail_purge(aliyun_api, settings):
    """Wagtail's own purge (its task, run at once by the test settings) reaches the CDN."""
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    settings.WAGTAILFRONTENDCACHE = {
        "aliyun": {
            "BACKEND": "fazhi.serving.cdn.aliyun.AliyunCdnBackend",
            "ACCESS_KEY_ID": ALIYUN_ID,
            "ACCESS_KEY_SECRET": ALIYUN_SECRET,
            "ENDPOINT": aliyun_api.endpoint,
            "HOSTNAMES": ["www.example.cn"],
        }
    }
    purge_urls_from_cache([f"{SITE}/a/", f"{SITE}/b/", "https://elsewhere.cn/c/"])
    assert aliyun_api.calls == [
        {"type": "File", "paths": [f"{SITE}/a/", f"{SITE}/b/"], "key": ALIYUN_ID}
    ]


# --- Tencent Cloud ------------------------------------------------------------------------------


def test_tencent_one_url(tencent_api):
    tencent(tencent_api).purge(f"{SITE}/xjzs/20190828-113351/")
    assert [(c["action"], c["body"]) for c in tencent_api.calls] == [
        ("PurgeUrlsCache", {"Urls": [f"{SITE}/xjzs/20190828-113351/"]})
    ]


def test_tencent_batch_larger_than_one_call_is_chunked(tencent_api):
    urls = article_urls(2345)
    tencent(tencent_api).purge_batch([*urls, urls[3]])
    assert [len(c["items"]) for c in tencent_api.calls] == [1000, 1000, 345]
    assert [url for c in tencent_api.calls for url in c["items"]] == urls


def test_tencent_prefix_is_a_path_purge_of_every_resource(tencent_api):
    tencent(tencent_api).purge_prefix(f"{SITE}/")
    assert [(c["action"], c["body"]) for c in tencent_api.calls] == [
        ("PurgePathCache", {"Paths": [f"{SITE}/"], "FlushType": "delete"})
    ]


def test_tencent_hostnames(tencent_api):
    backend = tencent(tencent_api, HOSTNAMES=["www.example.cn"])
    backend.purge_batch([f"{SITE}/a/", "https://other.example.com/a/"])
    backend.purge_prefix("https://other.example.com/")
    assert [c["items"] for c in tencent_api.calls] == [[f"{SITE}/a/"]]


def test_tencent_hostnames_unset_means_every_host(tencent_api):
    tencent(tencent_api, HOSTNAMES=None).purge("https://other.example.com/a/")
    assert [c["items"] for c in tencent_api.calls] == [["https://other.example.com/a/"]]


def test_tencent_server_enforces_the_limit(tencent_api):
    backend = tencent(tencent_api)
    backend.FILES_PER_CALL = 1001
    with pytest.raises(CdnPurgeError) as raised:
        backend.purge_batch(article_urls(1001))
    assert raised.value.code == "LimitExceeded.CdnPurgeUrlExceedBatchLimit"
    assert tencent_api.violations == ["1001 items in one PurgeUrlsCache (at most 1000)"]
    tencent_api.violations.clear()


def test_tencent_wrong_secret_is_rejected(tencent_api, caplog):
    backend = tencent(tencent_api, SECRET_KEY="not-the-key")
    with caplog.at_level(logging.WARNING), pytest.raises(CdnPurgeError) as raised:
        backend.purge(f"{SITE}/a/")
    error = raised.value
    assert (error.provider, error.code) == ("tencent", "AuthFailure.SignatureFailure")
    assert error.message.startswith("The provided credentials could not be validated.")
    assert re.fullmatch(r"[0-9a-f-]{36}", error.request_id)
    assert tencent_api.rejected == ["AuthFailure.SignatureFailure"] and tencent_api.calls == []
    assert "AuthFailure.SignatureFailure" in caplog.text
    assert "not-the-key" not in caplog.text and "not-the-key" not in str(error)


def test_tencent_unknown_secret_id(tencent_api):
    with pytest.raises(CdnPurgeError) as raised:
        tencent(tencent_api, SECRET_ID="AKIDnobody").purge(f"{SITE}/a/")
    assert raised.value.code == "AuthFailure.SecretIdNotFound"


def test_tencent_http_500(tencent_api, caplog):
    tencent_api.mode = "http500"
    with caplog.at_level(logging.WARNING), pytest.raises(CdnPurgeError) as raised:
        tencent(tencent_api).purge_prefix(f"{SITE}/")
    assert raised.value.code == "ServerNetworkError"
    assert raised.value.message == "internal error"
    assert "purge of 1 URL(s) failed" in caplog.text


def test_tencent_timeout(tencent_api):
    tencent_api.mode = "slow"
    started = time.monotonic()
    with pytest.raises(CdnPurgeError) as raised:
        tencent(tencent_api, TIMEOUT=0.3).purge(f"{SITE}/a/")
    assert raised.value.code == "ClientNetworkError"
    assert "timed out" in raised.value.message.lower()
    assert time.monotonic() - started < 3


@pytest.mark.parametrize(
    "params",
    [{}, {"SECRET_ID": "AKIDx"}, {"SECRET_KEY": "k"}, {"SECRET_ID": "", "SECRET_KEY": "k"}],
)
def test_tencent_missing_credentials(params):
    with pytest.raises(ImproperlyConfigured, match="FAZHI_TENCENT_CDN_SECRET"):
        TencentCdnBackend(params)


def test_tencent_default_endpoint():
    backend = TencentCdnBackend({"SECRET_ID": "AKIDx", "SECRET_KEY": "k"})
    profile = backend.client.profile.httpProfile
    assert (profile.scheme, profile.endpoint, profile.reqTimeout) == (
        "https",
        "cdn.tencentcloudapi.com",
        10.0,
    )
