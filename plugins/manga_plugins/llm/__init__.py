"""Helpers shared by the cloud backends: structured JSON output with one repair, retries
with backoff, a circuit breaker, Bedrock client plumbing and fitting images to a panel."""
