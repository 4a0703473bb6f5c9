# The values an environment sets in its terraform.tfvars, and their defaults. What each value
# means is described where it is used, in modules/core, modules/api and modules/monitoring.
variable "region" {
  type    = string
  default = "us-east-1"
}

variable "environment" {
  description = "dev, staging, prod, local or emulator: part of every resource name."
  type        = string
}

variable "lambda_package_dir" {
  description = "Folder with the service zips; empty means build/lambda at the repository root."
  type        = string
  default     = ""
}

variable "lambda_runtime" {
  type    = string
  default = "python3.11"
}

variable "lambda_architecture" {
  description = "x86_64 or arm64; build the zips with the same ARCH (make package ARCH=...)."
  type        = string
  default     = "x86_64"
}

variable "functions" {
  description = "Memory, timeout, and for the queue-fed stages maximum concurrency and batch size, per service."
  type = map(object({
    memory_mb       = number
    timeout_seconds = number
    max_concurrency = optional(number, 2)
    batch_size      = optional(number, 1)
  }))
}

variable "table_name" {
  type    = string
  default = "MangaPlatformTable"
}

variable "max_receive_count" {
  type    = number
  default = 3
}

variable "text_backend" {
  type    = string
  default = "bedrock"
}

variable "image_backend" {
  type    = string
  default = "bedrock"
}

variable "insights_provider" {
  type    = string
  default = "qloo"
}

# Bedrock defaults (terraform/README.md, "Bedrock models", says what each was chosen from): a
# current Claude through the US cross-Region inference profile, and Stability's SD3.5 Large,
# which Bedrock serves in us-west-2.
variable "bedrock_text_model_id" {
  type    = string
  default = "us.anthropic.claude-sonnet-4-6"
}

variable "bedrock_text_profile_regions" {
  description = "Regions the text inference profile routes to (its destination Regions): the role may invoke the model in each."
  type        = list(string)
  default     = ["us-east-1", "us-east-2", "us-west-2"]
}

variable "bedrock_image_model_id" {
  type    = string
  default = "stability.sd3-5-large-v1:0"
}

variable "bedrock_image_region" {
  description = "Region the image model is served in (empty: the platform's region)."
  type        = string
  default     = "us-west-2"
}

variable "bedrock_text_model_arns" {
  type    = list(string)
  default = []
}

variable "bedrock_image_model_arns" {
  type    = list(string)
  default = []
}

variable "qloo_base_url" {
  type = string
}

variable "panel_concurrency" {
  type    = number
  default = 4
}

variable "pdf_edition" {
  description = "screen (150 dpi on the B5 trim) or print (300 dpi with a 3 mm bleed, for a printer)."
  type        = string
  default     = "screen"
}

variable "log_level" {
  type    = string
  default = "INFO"
}

variable "log_retention_days" {
  type    = number
  default = 30
}

variable "secret_recovery_window_days" {
  type    = number
  default = 7
}

variable "archive_retention_days" {
  type    = number
  default = 30
}

variable "generated_image_retention_days" {
  type    = number
  default = 90
}

variable "deletion_protection" {
  type    = bool
  default = true
}

variable "api_throttle_rate_limit" {
  type    = number
  default = 50
}

variable "api_throttle_burst_limit" {
  type    = number
  default = 100
}

variable "api_latency_threshold_ms" {
  type    = number
  default = 5000
}

variable "generation_limit_per_hour" {
  type    = number
  default = 20
}

variable "cors_allowed_origin" {
  type = string
}

variable "manage_api_gateway_account" {
  type    = bool
  default = true
}

variable "alarm_email" {
  type    = string
  default = ""
}

variable "content_bucket_tls_only" {
  type    = bool
  default = true
}

variable "dlq_redrive_allow_policy" {
  type    = bool
  default = true
}

# The time chain: defaults are Settings' (libs/common/manga_common/settings.py); the api module
# refuses a stage timeout shorter than the slowest model call.
variable "model_timeout_seconds" {
  type    = number
  default = 45
}

variable "model_attempts" {
  type    = number
  default = 3
}

variable "model_backoff_cap_seconds" {
  type    = number
  default = 8
}

variable "stage_reserve_seconds" {
  type    = number
  default = 5
}

variable "dead_letter_sweep_schedule" {
  type    = string
  default = "rate(5 minutes)"
}

variable "waf_enabled" {
  type    = bool
  default = false
}

variable "waf_rate_limit_per_ip" {
  type    = number
  default = 1000
}

variable "cognito_threat_protection" {
  type    = string
  default = "AUDIT"
}
