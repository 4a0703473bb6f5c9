"""First writer wins: S3 conditional writes for artifacts that duplicate deliveries may race on.

`put_model_if_absent` writes with `If-None-Match: *`, which S3 (and the moto emulator)
refuse with 412 PreconditionFailed once the key exists. The loser reads the winner's object
and carries on with it, so the table, the JSON, the markdown derived from it and the PDF
all show the one version that won.
"""

from __future__ import annotations

import time

from botocore.exceptions import ClientError
from pydantic import BaseModel

from manga_common import aws
from manga_common.content import ContentStore
from manga_common.errors import TransientError

TRIES = 3
"""ConditionalRequestConflict (409) means another conditional write is in flight: ask again."""


def put_model_if_absent(store: ContentStore, key: str, model: BaseModel) -> bool:
    """Write `model` at `key` unless an object is there; False when another writer was first."""
    s3 = aws.client("s3", store.settings)
    body = model.model_dump_json(by_alias=True, exclude_none=True, indent=2).encode("utf-8")
    for _ in range(TRIES):
        try:
            s3.put_object(
                Bucket=store.bucket,
                Key=key,
                Body=body,
                ContentType="application/json",
                ServerSideEncryption="AES256",
                IfNoneMatch="*",
            )
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code")
            if code == "PreconditionFailed":
                return False
            if code != "ConditionalRequestConflict":
                raise
            time.sleep(0.1)
            continue
        return True
    raise TransientError(f"S3 kept answering ConditionalRequestConflict for {key}")
