"""Backend configuration from environment variables, one small pydantic model per backend."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from manga_common.errors import ConfigurationError

M = TypeVar("M", bound=BaseModel)


def from_environment(
    model: type[M], variables: Mapping[str, str], environ: Mapping[str, str] | None = None
) -> M:
    """`model` from the variables that are set (field name -> variable name).

    An invalid value names the variable, never its value: some hold secrets.
    """
    environ = os.environ if environ is None else environ
    values = {field: environ[name] for field, name in variables.items() if environ.get(name)}
    try:
        return model.model_validate(values)
    except ValidationError as error:
        fields = sorted({str(item["loc"][0]) for item in error.errors() if item["loc"]})
        names = ", ".join(variables.get(field, field) for field in fields)
        raise ConfigurationError(f"invalid configuration in {names}") from None
