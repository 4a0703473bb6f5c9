locals {
  name_prefix = "manga-${var.environment}"

  # Services and their Lambda names; each zip holds the package <service>_service.
  services      = toset(["preferences", "story", "episode", "image", "auth_trigger", "dead_letter"])
  function_name = { for service in local.services : service => "${local.name_prefix}-${replace(service, "_", "-")}" }
  handler       = { for service in local.services : service => "${service}_service.handler.lambda_handler" }

  # The queue-fed stages (the core module's stage_queues).
  stages = toset(keys(var.stage_queues))

  # A cross-Region inference profile id is the model id with a geographic prefix (us., eu.,
  # apac., global., ...). Invoking it needs the profile and the foundation model in every
  # Region the profile may route to.
  text_id_parts      = split(".", var.bedrock_text_model_id)
  text_is_profile    = contains(["us", "us-gov", "eu", "apac", "jp", "au", "ca", "global"], local.text_id_parts[0])
  text_foundation_id = local.text_is_profile ? join(".", slice(local.text_id_parts, 1, length(local.text_id_parts))) : var.bedrock_text_model_id
  text_model_arns = length(var.bedrock_text_model_arns) > 0 ? var.bedrock_text_model_arns : concat(
    local.text_is_profile ? ["arn:${data.aws_partition.current.partition}:bedrock:${data.aws_region.current.id}:${data.aws_caller_identity.current.account_id}:inference-profile/${var.bedrock_text_model_id}"] : [],
    [
      for region in(local.text_is_profile ? var.bedrock_text_profile_regions : [data.aws_region.current.id]) :
      "arn:${data.aws_partition.current.partition}:bedrock:${region}::foundation-model/${local.text_foundation_id}"
    ],
  )
  image_region = var.bedrock_image_region != "" ? var.bedrock_image_region : data.aws_region.current.id
  image_model_arns = length(var.bedrock_image_model_arns) > 0 ? var.bedrock_image_model_arns : [
    "arn:${data.aws_partition.current.partition}:bedrock:${local.image_region}::foundation-model/${var.bedrock_image_model_id}",
  ]

  # Variable names are the ones Settings (libs/common/manga_common/settings.py) and the plugins read.
  common_environment = {
    MANGA_ENVIRONMENT    = var.environment
    TABLE_NAME           = var.table_name
    CONTENT_BUCKET       = var.content_bucket_name
    EVENT_BUS_NAME       = var.event_bus_name
    MAX_RECEIVE_COUNT    = tostring(var.max_receive_count)
    POWERTOOLS_LOG_LEVEL = var.log_level
  }
  service_environment = {
    preferences = {
      MANGA_INSIGHTS_PROVIDER   = var.insights_provider
      QLOO_BASE_URL             = var.qloo_base_url
      QLOO_API_KEY_SECRET_ARN   = aws_secretsmanager_secret.qloo.arn
      CORS_ALLOWED_ORIGIN       = var.cors_allowed_origin
      GENERATION_LIMIT_PER_HOUR = tostring(var.generation_limit_per_hour)
    }
    story = {
      MANGA_TEXT_BACKEND    = var.text_backend
      BEDROCK_TEXT_MODEL_ID = var.bedrock_text_model_id
    }
    episode = {
      MANGA_TEXT_BACKEND    = var.text_backend
      BEDROCK_TEXT_MODEL_ID = var.bedrock_text_model_id
    }
    image = {
      MANGA_IMAGE_BACKEND    = var.image_backend
      BEDROCK_IMAGE_MODEL_ID = var.bedrock_image_model_id
      BEDROCK_IMAGE_REGION   = local.image_region
      PANEL_CONCURRENCY      = tostring(var.panel_concurrency)
      PDF_EDITION            = var.pdf_edition
    }
    auth_trigger = {}
    dead_letter  = {}
  }

  # The time chain (Settings.model_call_seconds()): the longest one model call can take, every
  # try timing out and every wait at the cap, plus what a stage keeps to record its own error.
  model_environment = {
    MODEL_TIMEOUT_SECONDS     = tostring(var.model_timeout_seconds)
    MODEL_ATTEMPTS            = tostring(var.model_attempts)
    MODEL_BACKOFF_CAP_SECONDS = tostring(var.model_backoff_cap_seconds)
    STAGE_RESERVE_SECONDS     = tostring(var.stage_reserve_seconds)
  }
  model_call_seconds = var.model_timeout_seconds * var.model_attempts + var.model_backoff_cap_seconds * (var.model_attempts - 1)
}

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}
