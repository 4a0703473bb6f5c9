# The platform's bus, one rule per stage event, and an archive for replay.
resource "aws_cloudwatch_event_bus" "main" {
  name = local.name_prefix
}

resource "aws_cloudwatch_event_archive" "main" {
  name             = "${local.name_prefix}-archive"
  description      = "Every stage event on ${local.name_prefix}, kept for replay after a fix."
  event_source_arn = aws_cloudwatch_event_bus.main.arn
  retention_days   = var.archive_retention_days
  event_pattern = jsonencode({
    source = distinct(flatten([for events in local.queue_events : events.sources]))
  })
}

resource "aws_cloudwatch_event_rule" "stage" {
  for_each = local.queue_events

  name           = "${local.name_prefix}-${each.key}-requested"
  description    = "Routes ${join(" and ", each.value.detail_types)} events to the ${each.key} queue."
  event_bus_name = aws_cloudwatch_event_bus.main.name
  state          = "ENABLED"
  event_pattern = jsonencode({
    source        = each.value.sources
    "detail-type" = each.value.detail_types
  })
}

resource "aws_cloudwatch_event_target" "stage" {
  for_each = local.queue_events

  rule           = aws_cloudwatch_event_rule.stage[each.key].name
  event_bus_name = aws_cloudwatch_event_bus.main.name
  target_id      = "${each.key}-queue"
  arn            = aws_sqs_queue.stage[each.key].arn
}
