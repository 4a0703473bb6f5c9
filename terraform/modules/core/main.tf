# Names and routes follow manga/manga_app/resources.py, which provisions the same on an emulator.
locals {
  name_prefix    = "manga-${var.environment}"
  content_bucket = var.content_bucket_name != "" ? var.content_bucket_name : "manga-platform-content-${var.environment}"

  # One entry per queue a stage consumes: its own, keyed by the stage, and for a stage that
  # starts work ahead a second one, "<stage>-ahead", so that work never holds up the stage's own
  # (manga_common/stages.py WORK_STAGES and StageQueue, models/events.py). Each event has a source
  # and a detail-type of its own, so pairs across the lists match nothing.
  queue_events = {
    story = {
      stage        = "story"
      sources      = ["manga.preferences"]
      detail_types = ["Story Generation Requested"]
    }
    episode = {
      stage        = "episode"
      sources      = ["manga.story"]
      detail_types = ["Episode Generation Requested"]
    }
    image = {
      stage        = "image"
      sources      = ["manga.episode"]
      detail_types = ["Image Generation Requested"]
    }
    image-ahead = {
      stage        = "image"
      sources      = ["manga.story"]
      detail_types = ["Cast Sheets Requested"]
    }
  }
  # The consuming stages: one DLQ each, taking the dead letters of all its queues.
  stages = toset([for queue in values(local.queue_events) : queue.stage])

  # AWS guidance for SQS event sources: visibility timeout at least six times the function timeout,
  # so a batch still being retried by Lambda's poller is not handed out twice.
  visibility_timeout_multiplier = 6
  dlq_retention_seconds         = 14 * 24 * 3600

  # Each stage's queue ARNs from their names, for its DLQ's redrive-allow policy (a queue refers
  # to its DLQ, so the DLQ cannot refer to the queue resources).
  stage_queue_arns = {
    for stage in local.stages : stage => [
      for key, queue in local.queue_events :
      "arn:${data.aws_partition.current.partition}:sqs:${data.aws_region.current.id}:${data.aws_caller_identity.current.account_id}:${local.name_prefix}-${key}"
      if queue.stage == stage
    ]
  }
}

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

