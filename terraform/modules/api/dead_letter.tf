# The dead-letter function looks at every stage's DLQ on a schedule and marks the requests whose
# messages it finds FAILED (with the last recorded error, or STAGE_ABANDONED), keeping the messages
# for `manga dlq redrive`. A schedule rather than an event source on the DLQ: a mapping would
# delete each message once the function returned.
resource "aws_cloudwatch_event_rule" "dead_letter_sweep" {
  name                = "${local.name_prefix}-dead-letter-sweep"
  description         = "Ends the requests whose messages reached a DLQ (${var.environment})."
  schedule_expression = var.dead_letter_sweep_schedule
}

resource "aws_cloudwatch_event_target" "dead_letter_sweep" {
  rule      = aws_cloudwatch_event_rule.dead_letter_sweep.name
  target_id = "dead-letter"
  arn       = aws_lambda_function.service["dead_letter"].arn
}

resource "aws_lambda_permission" "dead_letter_sweep" {
  statement_id  = "AllowDeadLetterSchedule"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.service["dead_letter"].function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.dead_letter_sweep.arn
}
