# Alarms were one resource per family before they shared one; these keep existing alarms in
# place (instead of a replacement that could delete a just-written alarm of the same name).
# They can go once every environment has applied this version.

moved {
  from = aws_cloudwatch_metric_alarm.dlq_depth["story"]
  to   = aws_cloudwatch_metric_alarm.main["dlq_depth/story"]
}

moved {
  from = aws_cloudwatch_metric_alarm.dlq_depth["episode"]
  to   = aws_cloudwatch_metric_alarm.main["dlq_depth/episode"]
}

moved {
  from = aws_cloudwatch_metric_alarm.dlq_depth["image"]
  to   = aws_cloudwatch_metric_alarm.main["dlq_depth/image"]
}

moved {
  from = aws_cloudwatch_metric_alarm.lambda_errors["preferences"]
  to   = aws_cloudwatch_metric_alarm.main["lambda_errors/preferences"]
}

moved {
  from = aws_cloudwatch_metric_alarm.lambda_errors["story"]
  to   = aws_cloudwatch_metric_alarm.main["lambda_errors/story"]
}

moved {
  from = aws_cloudwatch_metric_alarm.lambda_errors["episode"]
  to   = aws_cloudwatch_metric_alarm.main["lambda_errors/episode"]
}

moved {
  from = aws_cloudwatch_metric_alarm.lambda_errors["image"]
  to   = aws_cloudwatch_metric_alarm.main["lambda_errors/image"]
}

moved {
  from = aws_cloudwatch_metric_alarm.lambda_errors["auth_trigger"]
  to   = aws_cloudwatch_metric_alarm.main["lambda_errors/auth_trigger"]
}

moved {
  from = aws_cloudwatch_metric_alarm.lambda_throttles["preferences"]
  to   = aws_cloudwatch_metric_alarm.main["lambda_throttles/preferences"]
}

moved {
  from = aws_cloudwatch_metric_alarm.lambda_throttles["story"]
  to   = aws_cloudwatch_metric_alarm.main["lambda_throttles/story"]
}

moved {
  from = aws_cloudwatch_metric_alarm.lambda_throttles["episode"]
  to   = aws_cloudwatch_metric_alarm.main["lambda_throttles/episode"]
}

moved {
  from = aws_cloudwatch_metric_alarm.lambda_throttles["image"]
  to   = aws_cloudwatch_metric_alarm.main["lambda_throttles/image"]
}

moved {
  from = aws_cloudwatch_metric_alarm.lambda_throttles["auth_trigger"]
  to   = aws_cloudwatch_metric_alarm.main["lambda_throttles/auth_trigger"]
}

moved {
  from = aws_cloudwatch_metric_alarm.api_5xx
  to   = aws_cloudwatch_metric_alarm.main["api_5xx/api"]
}

moved {
  from = aws_cloudwatch_metric_alarm.api_latency
  to   = aws_cloudwatch_metric_alarm.main["api_latency/api"]
}

moved {
  from = aws_cloudwatch_metric_alarm.table_throttles["ReadThrottleEvents"]
  to   = aws_cloudwatch_metric_alarm.main["table_throttles/ReadThrottleEvents"]
}

moved {
  from = aws_cloudwatch_metric_alarm.table_throttles["WriteThrottleEvents"]
  to   = aws_cloudwatch_metric_alarm.main["table_throttles/WriteThrottleEvents"]
}
