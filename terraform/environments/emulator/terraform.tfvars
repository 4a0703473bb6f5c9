# The emulator (make deploy-emulator): a moto server on loopback, which stores Lambda functions
# but cannot run them (that needs Docker), so the chain runs the same handlers through the local
# event source mappings against the queues created here. Offline backends: no Bedrock or Qloo.
environment = "emulator"
region      = "us-east-1"

# image: 3008 MB and Lambda's longest timeout (900 s), sized for 48-page episodes at
# PANEL_CONCURRENCY 16; revisit with the 48-page figure bench/chain.py prints.
functions = {
  preferences  = { memory_mb = 512, timeout_seconds = 20 }
  story        = { memory_mb = 1024, timeout_seconds = 180, max_concurrency = 4, batch_size = 1 }
  episode      = { memory_mb = 1024, timeout_seconds = 180, max_concurrency = 4, batch_size = 1 }
  image        = { memory_mb = 3008, timeout_seconds = 900, max_concurrency = 4, batch_size = 1 }
  auth_trigger = { memory_mb = 256, timeout_seconds = 5 }
  dead_letter  = { memory_mb = 256, timeout_seconds = 60 }
}

text_backend        = "offline"
image_backend       = "offline"
insights_provider   = "offline"
qloo_base_url       = "https://hackathon.api.qloo.com"
cors_allowed_origin = "*"

# The emulator speaks plain http, and a DenyInsecureTransport statement refuses every request
# that does not arrive over TLS; AWS is always reached over https, so only here is it off.
content_bucket_tls_only = false
# moto does not store a queue's RedriveAllowPolicy, so the provider would wait for ever for it
# to read back; AWS stores it, so every other environment keeps it.
dlq_redrive_allow_policy = false

log_level                      = "DEBUG"
log_retention_days             = 1
secret_recovery_window_days    = 0
generated_image_retention_days = 1
archive_retention_days         = 1
deletion_protection            = false
