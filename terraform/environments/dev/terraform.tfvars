environment = "dev"
region      = "us-east-1"

# image: 3008 MB and Lambda's longest timeout (900 s), sized for 48-page episodes at
# PANEL_CONCURRENCY 16; revisit with the 48-page figure bench/chain.py prints.
functions = {
  preferences  = { memory_mb = 512, timeout_seconds = 20 }
  story        = { memory_mb = 1024, timeout_seconds = 180, max_concurrency = 2, batch_size = 1 }
  episode      = { memory_mb = 1024, timeout_seconds = 180, max_concurrency = 2, batch_size = 1 }
  image        = { memory_mb = 3008, timeout_seconds = 900, max_concurrency = 2, batch_size = 1 }
  auth_trigger = { memory_mb = 256, timeout_seconds = 5 }
  dead_letter  = { memory_mb = 256, timeout_seconds = 60 }
}

qloo_base_url       = "https://hackathon.api.qloo.com"
cors_allowed_origin = "http://localhost:5173"

log_level                      = "DEBUG"
log_retention_days             = 14
secret_recovery_window_days    = 0
generated_image_retention_days = 14
archive_retention_days         = 7
deletion_protection            = false
api_throttle_rate_limit        = 10
api_throttle_burst_limit       = 20

cognito_threat_protection = "AUDIT"
