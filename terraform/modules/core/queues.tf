# One queue per entry of queue_events and one DLQ per consuming stage, the DLQ kept 14 days
# (docs/design.md, "Events").
resource "aws_sqs_queue" "dlq" {
  for_each = local.stages

  name                      = "${local.name_prefix}-${each.key}-dlq"
  message_retention_seconds = local.dlq_retention_seconds
  sqs_managed_sse_enabled   = true
  # A DLQ takes dead letters from its own stage's queues only. Set inline: the stage queue's ARN is
  # known from its name, so there is no cycle, and a separate aws_sqs_queue_redrive_allow_policy
  # is one more resource whose read-back some SQS implementations never confirm.
  redrive_allow_policy = var.dlq_redrive_allow_policy ? jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = local.stage_queue_arns[each.key]
  }) : null
}

resource "aws_sqs_queue" "stage" {
  for_each = local.queue_events

  name                       = "${local.name_prefix}-${each.key}"
  visibility_timeout_seconds = local.visibility_timeout_multiplier * var.consumer_timeout_seconds[each.value.stage]
  message_retention_seconds  = var.queue_retention_seconds
  sqs_managed_sse_enabled    = true
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq[each.value.stage].arn
    maxReceiveCount     = var.max_receive_count
  })
}

# Earlier versions set the redrive-allow policy as a resource of its own; it is now part of the
# DLQ, so the old resource leaves state without an API call.
removed {
  from = aws_sqs_queue_redrive_allow_policy.dlq

  lifecycle {
    destroy = false
  }
}

# Only the stage's own rule may send to its queue.
data "aws_iam_policy_document" "stage_queue" {
  for_each = local.queue_events

  statement {
    sid       = "AllowStageRule"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.stage[each.key].arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_cloudwatch_event_rule.stage[each.key].arn]
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [aws_sqs_queue.stage[each.key].arn]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

# A DLQ holds the same events as its stage queue: TLS only as well. Nothing sends to it but SQS
# itself (the redrive policy), so TLS is all its policy says.
data "aws_iam_policy_document" "dlq" {
  for_each = local.stages

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [aws_sqs_queue.dlq[each.key].arn]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sqs_queue_policy" "dlq" {
  for_each = local.stages

  queue_url = aws_sqs_queue.dlq[each.key].id
  policy    = data.aws_iam_policy_document.dlq[each.key].json
}

resource "aws_sqs_queue_policy" "stage" {
  for_each = local.queue_events

  queue_url = aws_sqs_queue.stage[each.key].id
  policy    = data.aws_iam_policy_document.stage_queue[each.key].json
}
