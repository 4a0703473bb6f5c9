environment = "prod"
region      = "us-east-1"

# image: 3008 MB and Lambda's longest timeout (900 s), sized for 48-page episodes at
# PANEL_CONCURRENCY 16; revisit with the 48-page figure bench/chain.py prints.
functions = {
  preferences  = { memory_mb = 1024, timeout_seconds = 20 }
  story        = { memory_mb = 1024, timeout_seconds = 180, max_concurrency = 20, batch_size = 1 }
  episode      = { memory_mb = 1024, timeout_seconds = 180, max_concurrency = 20, batch_size = 1 }
  image        = { memory_mb = 3008, timeout_seconds = 900, max_concurrency = 10, batch_size = 1 }
  auth_trigger = { memory_mb = 256, timeout_seconds = 5 }
  dead_letter  = { memory_mb = 256, timeout_seconds = 60 }
}

qloo_base_url       = "https://api.qloo.com"
cors_allowed_origin = "https://manga.example.com"
alarm_email         = ""

log_retention_days             = 365
secret_recovery_window_days    = 30
generated_image_retention_days = 90
archive_retention_days         = 90
deletion_protection            = true
api_throttle_rate_limit        = 100
api_throttle_burst_limit       = 200

waf_enabled               = true
cognito_threat_protection = "ENFORCED"
