variable "environment" {
  description = "Environment name (dev, staging, prod): part of every resource name, as MANGA_ENVIRONMENT is for the code."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.environment))
    error_message = "environment must be lower-case letters, digits and hyphens."
  }
}

variable "table_name" {
  description = "The single DynamoDB table (default MangaPlatformTable, docs/design.md). Set a per-environment name when environments share an account."
  type        = string
}

variable "content_bucket_name" {
  description = "Content bucket; empty means manga-platform-content-{environment} (seed)."
  type        = string
  default     = ""
}

variable "max_receive_count" {
  description = "Receives before a stage message moves to its DLQ; the code reads the same number as MAX_RECEIVE_COUNT."
  type        = number

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000
    error_message = "max_receive_count must be between 1 and 1000."
  }
}

variable "consumer_timeout_seconds" {
  description = "Timeout of the function consuming each stage queue (story, episode, image); the queue's visibility timeout follows from it."
  type        = map(number)

  validation {
    condition     = alltrue([for stage in ["story", "episode", "image"] : contains(keys(var.consumer_timeout_seconds), stage)])
    error_message = "consumer_timeout_seconds needs story, episode and image."
  }
}

variable "queue_retention_seconds" {
  description = "How long a stage message waits in its queue (the DLQs keep theirs 14 days)."
  type        = number
  default     = 345600
}

variable "archive_retention_days" {
  description = "Days the EventBridge archive keeps events for replay (0 keeps them forever)."
  type        = number
}

variable "generated_image_retention_days" {
  description = "Days before panel images under images/ expire; the PDF and CBZ under episodes/ keep the pages."
  type        = number
}

variable "noncurrent_version_retention_days" {
  description = "Days an overwritten or deleted object version is kept."
  type        = number
  default     = 30
}

variable "deletion_protection" {
  description = "Protect the table from deletion (on in staging and prod)."
  type        = bool
}

variable "content_bucket_tls_only" {
  description = "Refuse every bucket request not made over TLS (DenyInsecureTransport). Only an emulator that speaks plain http turns it off."
  type        = bool
  default     = true
}

variable "dlq_redrive_allow_policy" {
  description = "Let each DLQ take dead letters from its own stage queue only. Off only on an emulator that does not store RedriveAllowPolicy (Terraform would wait for it to read back for ever)."
  type        = bool
  default     = true
}
