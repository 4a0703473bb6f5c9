# Names and routes follow manga/manga_app/resources.py, which provisions the same on an emulator.
locals {
  name_prefix    = "manga-${var.environment}"
  content_bucket = var.content_bucket_name != "" ? var.content_bucket_name : "manga-platform-content-${var.environment}"

  # One entry per consuming stage: the events routed to its queue, its own first, then those
  # of work it starts ahead (manga_common/stages.py WORK_STAGES, models/events.py). Each event
  # has a source and a detail-type of its own, so pairs across the lists match nothing.
  stage_events = {
    story = {
      sources      = ["manga.preferences"]
      detail_types = ["Story Generation Requested"]
    }
    episode = {
      sources      = ["manga.story"]
      detail_types = ["Episode Generation Requested"]
    }
    image = {
      sources      = ["manga.episode", "manga.story"]
      detail_types = ["Image Generation Requested", "Cast Sheets Requested"]
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

