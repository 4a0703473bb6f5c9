# Names and routes follow manga/manga_app/resources.py, which provisions the same on an emulator.
locals {
  name_prefix    = "manga-${var.environment}"
  content_bucket = var.content_bucket_name != "" ? var.content_bucket_name : "manga-platform-content-${var.environment}"

  # One entry per consuming stage: the event that feeds it (models/events.py, STAGE_EVENTS).
  stage_events = {
    story = {
      source      = "manga.preferences"
      detail_type = "Story Generation Requested"
    }
    episode = {
      source      = "manga.story"
      detail_type = "Episode Generation Requested"
    }
    image = {
      source      = "manga.episode"
      detail_type = "Image Generation Requested"
    }
  }

  # AWS guidance for SQS event sources: visibility timeout at least six times the function timeout,
  # so a batch still being retried by Lambda's poller is not handed out twice.
  visibility_timeout_multiplier = 6
  dlq_retention_seconds         = 14 * 24 * 3600

  # Each stage queue's ARN from its name, for the DLQ's redrive-allow policy (the queue itself
  # refers to its DLQ, so the DLQ cannot refer to the queue resource).
  stage_queue_arns = {
    for stage in keys(local.stage_events) :
    stage => "arn:${data.aws_partition.current.partition}:sqs:${data.aws_region.current.id}:${data.aws_caller_identity.current.account_id}:${local.name_prefix}-${stage}"
  }
}

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

