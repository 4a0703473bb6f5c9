# The whole platform for one environment. Every environment applies this same configuration;
# what differs lives in environments/<env>/terraform.tfvars (values) and backend.hcl (state).
locals {
  # `make package` writes build/lambda/<service>.zip at the repository root.
  lambda_package_dir = var.lambda_package_dir != "" ? var.lambda_package_dir : "${path.root}/../../build/lambda"
  stages             = ["story", "episode", "image"]
}

module "core" {
  source = "../modules/core"

  environment                    = var.environment
  table_name                     = var.table_name
  max_receive_count              = var.max_receive_count
  consumer_timeout_seconds       = { for stage in local.stages : stage => var.functions[stage].timeout_seconds }
  archive_retention_days         = var.archive_retention_days
  generated_image_retention_days = var.generated_image_retention_days
  deletion_protection            = var.deletion_protection
  content_bucket_tls_only        = var.content_bucket_tls_only
  dlq_redrive_allow_policy       = var.dlq_redrive_allow_policy
}

module "api" {
  source = "../modules/api"

  environment         = var.environment
  lambda_package_dir  = local.lambda_package_dir
  lambda_runtime      = var.lambda_runtime
  lambda_architecture = var.lambda_architecture
  functions           = var.functions

  table_name          = module.core.table_name
  table_arn           = module.core.table_arn
  content_bucket_name = module.core.content_bucket_name
  content_bucket_arn  = module.core.content_bucket_arn
  event_bus_name      = module.core.event_bus_name
  event_bus_arn       = module.core.event_bus_arn
  stage_queues        = module.core.stage_queues
  consumed_queues     = module.core.consumed_queues
  max_receive_count   = var.max_receive_count

  text_backend             = var.text_backend
  image_backend            = var.image_backend
  insights_provider        = var.insights_provider
  bedrock_text_model_id    = var.bedrock_text_model_id
  bedrock_image_model_id   = var.bedrock_image_model_id
  bedrock_text_model_arns  = var.bedrock_text_model_arns
  bedrock_image_model_arns = var.bedrock_image_model_arns

  bedrock_text_profile_regions = var.bedrock_text_profile_regions
  bedrock_image_region         = var.bedrock_image_region
  qloo_base_url                = var.qloo_base_url
  panel_concurrency            = var.panel_concurrency
  pdf_edition                  = var.pdf_edition

  model_timeout_seconds      = var.model_timeout_seconds
  model_attempts             = var.model_attempts
  model_backoff_cap_seconds  = var.model_backoff_cap_seconds
  stage_reserve_seconds      = var.stage_reserve_seconds
  dead_letter_sweep_schedule = var.dead_letter_sweep_schedule

  log_level                   = var.log_level
  log_retention_days          = var.log_retention_days
  secret_recovery_window_days = var.secret_recovery_window_days
  deletion_protection         = var.deletion_protection
  api_throttle_rate_limit     = var.api_throttle_rate_limit
  api_throttle_burst_limit    = var.api_throttle_burst_limit
  cors_allowed_origin         = var.cors_allowed_origin
  generation_limit_per_hour   = var.generation_limit_per_hour
  manage_api_gateway_account  = var.manage_api_gateway_account

  waf_enabled               = var.waf_enabled
  waf_rate_limit_per_ip     = var.waf_rate_limit_per_ip
  cognito_threat_protection = var.cognito_threat_protection
}

module "monitoring" {
  source = "../modules/monitoring"

  environment              = var.environment
  alarm_email              = var.alarm_email
  function_names           = module.api.function_names
  stage_queues             = module.core.stage_queues
  consumed_queues          = module.core.consumed_queues
  api_name                 = module.api.api_name
  api_stage_name           = module.api.api_stage_name
  table_name               = module.core.table_name
  api_latency_threshold_ms = var.api_latency_threshold_ms
}
