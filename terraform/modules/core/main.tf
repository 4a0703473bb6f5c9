# Names and routes follow libs/local/manga_local/resources.py, which provisions the same on an emulator.
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
}

