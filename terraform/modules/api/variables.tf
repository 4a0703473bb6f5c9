variable "environment" {
  description = "Environment name (dev, staging, prod)."
  type        = string
}

# -- the code --------------------------------------------------------------------------------
variable "lambda_package_dir" {
  description = "Folder holding one <service>.zip per service, as `make package` builds them."
  type        = string
}

variable "lambda_runtime" {
  description = "Python runtime of every function; `make package` builds dependencies for the same version."
  type        = string

  validation {
    condition     = contains(["python3.11", "python3.12"], var.lambda_runtime)
    error_message = "lambda_runtime must be python3.11 or python3.12."
  }
}

variable "lambda_architecture" {
  description = "Instruction set of every function; must match the ARCH the zips were built for."
  type        = string

  validation {
    condition     = contains(["x86_64", "arm64"], var.lambda_architecture)
    error_message = "lambda_architecture must be x86_64 or arm64."
  }
}

variable "functions" {
  description = "Sizing per service. max_concurrency and batch_size apply to the queue-fed stages."
  type = map(object({
    memory_mb       = number
    timeout_seconds = number
    max_concurrency = optional(number, 2)
    batch_size      = optional(number, 1)
  }))

  validation {
    condition     = length(var.functions) == 6 && alltrue([for service in ["preferences", "story", "episode", "image", "auth_trigger", "dead_letter"] : contains(keys(var.functions), service)])
    error_message = "functions needs exactly preferences, story, episode, image, auth_trigger and dead_letter."
  }

  validation {
    condition     = var.functions["preferences"].timeout_seconds <= 29 && var.functions["auth_trigger"].timeout_seconds <= 5
    error_message = "API Gateway waits 29 s for preferences and Cognito 5 s for auth_trigger."
  }

  validation {
    condition     = alltrue([for f in values(var.functions) : f.timeout_seconds <= 900 && f.max_concurrency >= 2])
    error_message = "Lambda timeouts stop at 900 s and SQS maximum concurrency starts at 2."
  }
}

# -- what the functions use -----------------------------------------------------------------
variable "table_name" {
  type = string
}

variable "table_arn" {
  type = string
}

variable "content_bucket_name" {
  type = string
}

variable "content_bucket_arn" {
  type = string
}

variable "event_bus_name" {
  type = string
}

variable "event_bus_arn" {
  type = string
}

variable "stage_queues" {
  description = "The core module's stage_queues output: story, episode and image queues and DLQs."
  type = map(object({
    queue_arn = string
    dlq_arn   = string
  }))
}

variable "consumed_queues" {
  description = "The core module's consumed_queues output: each queue a stage's function consumes, with the stage."
  type = map(object({
    stage     = string
    queue_arn = string
  }))
}

variable "max_receive_count" {
  description = "Must equal the queues' maxReceiveCount: a stage marks a request FAILED on its last receive."
  type        = number
}

# -- backends --------------------------------------------------------------------------------
variable "text_backend" {
  description = "Text backend plugin for the story and episode stages."
  type        = string
}

variable "image_backend" {
  description = "Image backend plugin for the image stage."
  type        = string
}

variable "insights_provider" {
  description = "Insights provider plugin for the preferences service."
  type        = string
}

variable "bedrock_text_model_id" {
  description = "Bedrock model (or inference profile) id for stories and episode scripts."
  type        = string
}

variable "bedrock_image_model_id" {
  description = "Bedrock model id for panel images."
  type        = string
}

variable "bedrock_text_model_arns" {
  description = "ARNs the story and episode stages may invoke; empty means what bedrock_text_model_id needs: the inference profile and its foundation model in every destination Region, or the foundation model in this region."
  type        = list(string)
}

variable "bedrock_text_profile_regions" {
  description = "Destination Regions of the text inference profile (bedrock_text_model_id with a geographic prefix such as us.): the stages may invoke its foundation model in each. [\"*\"] for a global profile."
  type        = list(string)
}

variable "bedrock_image_region" {
  description = "Region the image model is served in; empty means this region. The image stage calls Bedrock there (BEDROCK_IMAGE_REGION)."
  type        = string
}

variable "bedrock_image_model_arns" {
  description = "ARNs the image stage may invoke; empty means the foundation model of bedrock_image_model_id in bedrock_image_region."
  type        = list(string)
}

variable "qloo_base_url" {
  description = "Qloo Insights API base URL (differs between Qloo's hosts)."
  type        = string
}

variable "panel_concurrency" {
  description = "Panels the image stage draws at once."
  type        = number
}

variable "pdf_edition" {
  description = "The PDF the image stage letters: screen (150 dpi, B5 trim) or print (300 dpi, 3 mm bleed)."
  type        = string

  validation {
    condition     = contains(["screen", "print"], var.pdf_edition)
    error_message = "pdf_edition is screen or print."
  }
}

# -- operations ------------------------------------------------------------------------------
variable "log_level" {
  description = "POWERTOOLS_LOG_LEVEL of every function."
  type        = string
}

variable "log_retention_days" {
  description = "Retention of function and API access logs."
  type        = number
}

variable "secret_recovery_window_days" {
  description = "Days a deleted Qloo key secret can still be restored (0 deletes at once)."
  type        = number
}

variable "deletion_protection" {
  description = "Protect the user pool from deletion."
  type        = bool
}

variable "api_throttle_rate_limit" {
  description = "Steady requests per second across the API stage."
  type        = number
}

variable "api_throttle_burst_limit" {
  description = "Burst of requests across the API stage."
  type        = number
}

variable "generation_limit_per_hour" {
  description = "Generations one reader may start per hour."
  type        = number
}

variable "cors_allowed_origin" {
  description = "Origin the web client is served from; answered on preflight and gateway errors."
  type        = string
}

variable "manage_api_gateway_account" {
  description = "Set the account-wide API Gateway CloudWatch role (needed for access logs). Keep it true in one environment per account only."
  type        = bool
}

# -- the time chain --------------------------------------------------------------------------
variable "model_timeout_seconds" {
  description = "One try of a model call (MODEL_TIMEOUT_SECONDS)."
  type        = number
}

variable "model_attempts" {
  description = "Tries of a model call, the first included (MODEL_ATTEMPTS)."
  type        = number
}

variable "model_backoff_cap_seconds" {
  description = "Longest wait between tries (MODEL_BACKOFF_CAP_SECONDS)."
  type        = number
}

variable "stage_reserve_seconds" {
  description = "What a stage keeps at the end of its budget to record its own error (Settings default)."
  type        = number
}

variable "dead_letter_sweep_schedule" {
  description = "How often the dead-letter function looks at the DLQs (an EventBridge schedule expression)."
  type        = string
}

# -- edge protection -------------------------------------------------------------------------
variable "waf_enabled" {
  description = "Put a WAFv2 web ACL (managed rule sets and a per-IP rate limit) in front of the API stage."
  type        = bool
}

variable "waf_rate_limit_per_ip" {
  description = "Requests one IP may make in any 5-minute window before WAF blocks it."
  type        = number

  validation {
    condition     = var.waf_rate_limit_per_ip >= 10
    error_message = "WAF rate-based rules start at 10 requests per 5 minutes."
  }
}

variable "cognito_threat_protection" {
  description = "Cognito threat protection (advanced security): OFF, AUDIT (record risks) or ENFORCED (block risky sign-ins). AUDIT and ENFORCED need the Plus feature plan."
  type        = string

  validation {
    condition     = contains(["OFF", "AUDIT", "ENFORCED"], var.cognito_threat_protection)
    error_message = "cognito_threat_protection must be OFF, AUDIT or ENFORCED."
  }
}
