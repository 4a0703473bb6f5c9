"""The auth_trigger service."""
