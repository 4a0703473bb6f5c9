# One role per function, allowed only the calls its code makes (a contract test compares them
# with the boto3 calls in the code each zip carries).
locals {
  table_resources = [var.table_arn, "${var.table_arn}/index/*"]
  objects         = { for prefix in ["stories", "episodes", "images"] : prefix => "${var.content_bucket_arn}/${prefix}/*" }
  # What the API serves and edits (libs/common/manga_common/content.py): an episode's PDF and CBZ
  # (page images are read out of the CBZ), its scripts, and the story bible an edit is checked
  # against. Revisions sit beside the first files as episode.rN.pdf and scripts/episode.rN.json.
  api_reads = [
    "${var.content_bucket_arn}/episodes/*/episode*.pdf",
    "${var.content_bucket_arn}/episodes/*/episode*.cbz",
    "${var.content_bucket_arn}/episodes/*/episode.json",
    "${var.content_bucket_arn}/episodes/*/scripts/*",
    "${var.content_bucket_arn}/stories/*/story.json",
  ]
  api_writes = ["${var.content_bucket_arn}/episodes/*/scripts/*"]
  dlq_arns   = [for stage in local.stages : var.stage_queues[stage].dlq_arn]

  # The API queries (its GSI1 look-ups); the stages read and write items by key only.
  table_items = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"]
  # Next episode: one transaction claims the episode and counts the hourly generation.
  table_api = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:TransactWriteItems", "dynamodb:UpdateItem"]

  permissions = {
    preferences = [
      { sid = "Table", actions = local.table_api, resources = local.table_resources },
      { sid = "PublishStageEvents", actions = ["events:PutEvents"], resources = [var.event_bus_arn] },
      # Presigned download URLs are signed with this role, so it must be able to read what they point to.
      { sid = "ReadServedContent", actions = ["s3:GetObject"], resources = local.api_reads },
      { sid = "WriteEditedScripts", actions = ["s3:PutObject"], resources = local.api_writes },
      # Drawing a reviewed script checks it exists: without ListBucket a HEAD on a missing key answers 403, not 404.
      { sid = "FindContent", actions = ["s3:ListBucket"], resources = [var.content_bucket_arn] },
      { sid = "ReadQlooKey", actions = ["secretsmanager:GetSecretValue"], resources = [aws_secretsmanager_secret.qloo.arn] },
    ]
    story = [
      { sid = "Table", actions = local.table_items, resources = [var.table_arn] },
      { sid = "PublishStageEvents", actions = ["events:PutEvents"], resources = [var.event_bus_arn] },
      { sid = "InvokeTextModel", actions = ["bedrock:InvokeModel"], resources = local.text_model_arns },
      { sid = "WriteStories", actions = ["s3:GetObject", "s3:PutObject"], resources = [local.objects.stories] },
      # Without ListBucket a HEAD on a missing key answers 403 instead of 404.
      { sid = "FindContent", actions = ["s3:ListBucket"], resources = [var.content_bucket_arn] },
    ]
    episode = [
      { sid = "Table", actions = local.table_items, resources = [var.table_arn] },
      { sid = "PublishStageEvents", actions = ["events:PutEvents"], resources = [var.event_bus_arn] },
      { sid = "InvokeTextModel", actions = ["bedrock:InvokeModel"], resources = local.text_model_arns },
      { sid = "ReadStories", actions = ["s3:GetObject"], resources = [local.objects.stories] },
      { sid = "WriteEpisodes", actions = ["s3:GetObject", "s3:PutObject"], resources = [local.objects.episodes] },
      # Without ListBucket a HEAD on a missing key answers 403 instead of 404.
      { sid = "FindContent", actions = ["s3:ListBucket"], resources = [var.content_bucket_arn] },
    ]
    image = [
      { sid = "Table", actions = local.table_items, resources = [var.table_arn] },
      { sid = "InvokeImageModel", actions = ["bedrock:InvokeModel"], resources = local.image_model_arns },
      { sid = "ReadStories", actions = ["s3:GetObject"], resources = [local.objects.stories] },
      { sid = "WriteImagesAndEpisodes", actions = ["s3:GetObject", "s3:PutObject"], resources = [local.objects.images, local.objects.episodes] },
      # It lists an episode's art folder once to learn which panels are drawn.
      { sid = "FindContent", actions = ["s3:ListBucket"], resources = [var.content_bucket_arn] },
    ]
    auth_trigger = [
      { sid = "CreateProfile", actions = ["dynamodb:PutItem"], resources = [var.table_arn] },
    ]
    # Peeks at the DLQs and ends their requests; never deletes a message (kept for redrive).
    dead_letter = [
      { sid = "Table", actions = ["dynamodb:GetItem", "dynamodb:UpdateItem"], resources = [var.table_arn] },
      { sid = "PeekDeadLetters", actions = ["sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:ReceiveMessage"], resources = local.dlq_arns },
    ]
  }

  # The event source mapping polls with the function's role.
  consume_queue = ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"]
}

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "function" {
  for_each = local.services

  name               = "${local.function_name[each.key]}-role"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

data "aws_iam_policy_document" "function" {
  for_each = local.services

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.function[each.key].arn}:*"]
  }

  statement {
    sid       = "WriteTraces"
    actions   = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]
    resources = ["*"]
  }

  dynamic "statement" {
    for_each = contains(local.stages, each.key) ? [[for queue in values(var.consumed_queues) : queue.queue_arn if queue.stage == each.key]] : []

    content {
      sid       = "ConsumeOwnQueues"
      actions   = local.consume_queue
      resources = statement.value
    }
  }

  dynamic "statement" {
    for_each = local.permissions[each.key]

    content {
      sid       = statement.value.sid
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }
}

resource "aws_iam_role_policy" "function" {
  for_each = local.services

  name   = "${local.function_name[each.key]}-access"
  role   = aws_iam_role.function[each.key].id
  policy = data.aws_iam_policy_document.function[each.key].json
}
