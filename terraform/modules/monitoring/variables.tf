variable "environment" {
  description = "Environment name (dev, staging, prod)."
  type        = string
}

variable "alarm_email" {
  description = "Address subscribed to the alarm topic; empty subscribes no one."
  type        = string
}

variable "function_names" {
  description = "Lambda function name per service (the api module's function_names)."
  type        = map(string)
}

variable "stage_queues" {
  description = "The core module's stage_queues output."
  type = map(object({
    queue_name = string
    dlq_name   = string
  }))
}

variable "consumed_queues" {
  description = "The core module's consumed_queues output: every queue a stage's function reads, work ahead's included."
  type = map(object({
    queue_name = string
  }))
}

variable "api_name" {
  type = string
}

variable "api_stage_name" {
  type = string
}

variable "table_name" {
  type = string
}

variable "api_latency_threshold_ms" {
  description = "p99 API latency above which the latency alarm fires (docs/design.md: the API answers within 5 s)."
  type        = number
}

variable "api_5xx_threshold" {
  description = "5xx answers per 5 minutes above which the API alarm fires."
  type        = number
  default     = 0
}

variable "lambda_error_threshold" {
  description = "Function errors per 5 minutes above which a function's error alarm fires."
  type        = number
  default     = 0
}
