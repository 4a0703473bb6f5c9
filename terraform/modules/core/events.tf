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
    source = distinct([for event in local.stage_events : event.source])
  })
}

resource "aws_cloudwatch_event_rule" "stage" {
  for_each = local.stage_events

  name           = "${local.name_prefix}-${each.key}-requested"
  description    = "Routes ${each.value.detail_type} events to the ${each.key} queue."
  event_bus_name = aws_cloudwatch_event_bus.main.name
  state          = "ENABLED"
  event_pattern = jsonencode({
    source        = [each.value.source]
    "detail-type" = [each.value.detail_type]
  })
}

resource "aws_cloudwatch_event_target" "stage" {
  for_each = local.stage_events

  rule           = aws_cloudwatch_event_rule.stage[each.key].name
  event_bus_name = aws_cloudwatch_event_bus.main.name
  target_id      = "${each.key}-queue"
  arn            = aws_sqs_queue.stage[each.key].arn
}
