"""Powertools logger, tracer and metrics shared by the services.

Logs are JSON with a correlation id (the generation request id); user text, emails and
secrets are never logged, only ids and counts.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics, Tracer

NAMESPACE = "MangaPlatform"

logger = Logger(service="manga-platform")
tracer = Tracer(service="manga-platform")
metrics = Metrics(namespace=NAMESPACE, service="manga-platform")
