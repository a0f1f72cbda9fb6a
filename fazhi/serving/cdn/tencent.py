"""Tencent Cloud CDN (腾讯云 CDN): ``PurgeUrlsCache`` and ``PurgePathCache``, API version 2018-06-06.

Configuration (``settings.WAGTAILFRONTENDCACHE["tencent"]``)::

    {
        "BACKEND": "fazhi.serving.cdn.tencent.TencentCdnBackend",
        "SECRET_ID": "...",
        "SECRET_KEY": "...",
        "ENDPOINT": "https://cdn.tencentcloudapi.com",  # default
        "HOSTNAMES": ["www.example.cn"],  # optional; default every host
        "TIMEOUT": 10,  # optional, seconds
    }

The APIs:

- ``PurgeUrlsCache`` (https://cloud.tencent.com/document/api/228/37870, English:
  https://www.tencentcloud.com/document/api/228/33601): ``Urls`` with their ``http://`` or
  ``https://``; at most 1,000 a call (10,000 a day per acceleration region).
- ``PurgePathCache`` (https://cloud.tencent.com/document/api/228/37871, English:
  https://www.tencentcloud.com/document/api/228/33602): ``Paths`` (directories), at most 500 a
  call (100 a day), ``FlushType=delete`` (刷新全部资源: every resource under the directory, not
  only those that changed at the origin, which is ``flush``).
- Both answer ``{"Response": {"TaskId": ..., "RequestId": ...}}``; an error is
  ``{"Response": {"Error": {"Code", "Message"}, "RequestId"}}``, with HTTP status 200
  (https://www.tencentcloud.com/document/product/228/31725). 20 calls a second at most.

Signature: ``TC3-HMAC-SHA256``, signature v3 (https://www.tencentcloud.com/document/product/228/31723;
the CDN API's 调用方式 pages: https://cloud.tencent.com/document/api/228/30975), with the common
parameters in ``X-TC-*`` headers (https://www.tencentcloud.com/document/product/228/31722).

The official SDK does the signing and the transport (``tencentcloud-sdk-python-cdn`` and
``-common``: 2 packages, 2.7 MB, on ``requests``; measured in ``fazhi/serving/cdn/__init__.py``);
``ENDPOINT`` becomes its ``HttpProfile`` (scheme and host), so tests point it at
``http://127.0.0.1:<port>``. The answer's ``Error`` is checked here too: the SDK recognises an
error body only when its Content-Type is exactly ``application/json``.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from tencentcloud.cdn.v20180606 import cdn_client
from tencentcloud.common.credential import Credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile

from fazhi.serving.cdn import CdnBackend, CdnPurgeError, endpoint_parts

logger = logging.getLogger(__name__)

__all__ = ["TencentCdnBackend"]

DEFAULT_ENDPOINT = "https://cdn.tencentcloudapi.com"


class TencentCdnBackend(CdnBackend):
    """Purges Tencent Cloud CDN: URLs with ``PurgeUrlsCache``, prefixes with ``PurgePathCache``."""

    PROVIDER = "tencent"
    FILES_PER_CALL = 1000
    DIRECTORIES_PER_CALL = 500

    def __init__(self, params: dict[str, Any]) -> None:
        super().__init__(params)
        secret_id = params.get("SECRET_ID") or ""
        secret_key = params.get("SECRET_KEY") or ""
        missing = [
            key
            for key, value in (("SECRET_ID", secret_id), ("SECRET_KEY", secret_key))
            if not value
        ]
        if missing:
            raise ImproperlyConfigured(
                "WAGTAILFRONTENDCACHE: the Tencent Cloud CDN backend needs "
                + " and ".join(missing)
                + " (FAZHI_TENCENT_CDN_SECRET_ID, FAZHI_TENCENT_CDN_SECRET_KEY)"
            )
        self.endpoint = (params.get("ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")
        scheme, host = endpoint_parts(self.endpoint, "Tencent Cloud")
        self.timeout = float(params.get("TIMEOUT") or 10)
        profile = ClientProfile(
            httpProfile=HttpProfile(protocol=scheme, endpoint=host, reqTimeout=self.timeout)
        )
        # No region: "本接口不需要传递此参数" for both APIs.
        self.client = cdn_client.CdnClient(Credential(secret_id, secret_key), "", profile)

    def _purge_files(self, urls: list[str]) -> None:
        self._call("PurgeUrlsCache", {"Urls": urls}, len(urls))

    def _purge_directories(self, prefixes: list[str]) -> None:
        self._call("PurgePathCache", {"Paths": prefixes, "FlushType": "delete"}, len(prefixes))

    def _call(self, action: str, params: dict[str, Any], count: int) -> str:
        """One call of ``action``; returns the purge task id."""
        try:
            answer = self.client.call_json(action, params)
        except TencentCloudSDKException as error:
            raise self._fail(
                CdnPurgeError(
                    self.PROVIDER,
                    str(error.code),
                    _text(error.message),
                    error.requestId,
                ),
                count,
            ) from error
        except (ValueError, KeyError, TypeError) as error:  # not the API's JSON
            raise self._fail(
                CdnPurgeError(self.PROVIDER, "InvalidResponse", f"{type(error).__name__}: {error}"),
                count,
            ) from error
        response = answer.get("Response") if isinstance(answer, dict) else None
        if not isinstance(response, dict):
            raise self._fail(
                CdnPurgeError(self.PROVIDER, "InvalidResponse", f"no Response in {answer!r:.500}"),
                count,
            )
        error_body = response.get("Error")
        if error_body:
            raise self._fail(
                CdnPurgeError(
                    self.PROVIDER,
                    str(error_body.get("Code")),
                    str(error_body.get("Message")),
                    response.get("RequestId"),
                ),
                count,
            )
        task_id = response.get("TaskId")
        if not task_id:
            raise self._fail(
                CdnPurgeError(
                    self.PROVIDER,
                    "InvalidResponse",
                    f"no TaskId in the answer: {response!r:.500}",
                    response.get("RequestId"),
                ),
                count,
            )
        logger.info(
            "[tencent] %s: %d URL(s), task %s, request %s",
            action,
            count,
            task_id,
            response.get("RequestId"),
        )
        return str(task_id)


def _text(message: object) -> str:
    """The SDK's message as text (an HTTP error carries the raw body as bytes), cut short."""
    if isinstance(message, bytes):
        message = message.decode("utf-8", errors="replace")
    return str(message)[:500]
