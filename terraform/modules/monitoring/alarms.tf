# Every alarm has the same shape: one metric, over a threshold, notifying the alarm topic when it
# fires and when it clears. A family names the metric once; its targets are what it watches.
locals {
  alarm_defaults = {
    statistic           = "Sum"
    extended_statistic  = null
    period              = 300
    evaluation_periods  = 1
    datapoints_to_alarm = null
    threshold           = 0
  }

  alarm_families = {
    # A message in a DLQ is a request that failed every attempt: someone should look (manga dlq list).
    dlq_depth = {
      metric = { namespace = "AWS/SQS", metric_name = "ApproximateNumberOfMessagesVisible", statistic = "Maximum", period = 60 }
      targets = { for stage, queue in var.stage_queues : stage => {
        alarm_name        = "${queue.dlq_name}-not-empty"
        alarm_description = "Messages in the ${stage} DLQ: requests that failed every attempt."
        dimensions        = { QueueName = queue.dlq_name }
      } }
    }
    lambda_errors = {
      metric = { namespace = "AWS/Lambda", metric_name = "Errors", threshold = var.lambda_error_threshold }
      targets = { for service, function in var.function_names : service => {
        alarm_name        = "${function}-errors"
        alarm_description = "The ${service} function failed invocations."
        dimensions        = { FunctionName = function }
      } }
    }
    lambda_throttles = {
      metric = { namespace = "AWS/Lambda", metric_name = "Throttles" }
      targets = { for service, function in var.function_names : service => {
        alarm_name        = "${function}-throttles"
        alarm_description = "The ${service} function was throttled."
        dimensions        = { FunctionName = function }
      } }
    }
    api_5xx = {
      metric = { namespace = "AWS/ApiGateway", metric_name = "5XXError", threshold = var.api_5xx_threshold }
      targets = { api = {
        alarm_name        = "${var.api_name}-5xx"
        alarm_description = "The API answered with server errors."
        dimensions        = local.api_dimensions
      } }
    }
    api_latency = {
      metric = {
        namespace           = "AWS/ApiGateway"
        metric_name         = "Latency"
        statistic           = null
        extended_statistic  = "p99"
        evaluation_periods  = 3
        datapoints_to_alarm = 2
        threshold           = var.api_latency_threshold_ms
      }
      targets = { api = {
        alarm_name        = "${var.api_name}-latency-p99"
        alarm_description = "The API's p99 latency stayed above ${var.api_latency_threshold_ms} ms."
        dimensions        = local.api_dimensions
      } }
    }
    table_throttles = {
      metric = { namespace = "AWS/DynamoDB" }
      targets = { for metric in ["ReadThrottleEvents", "WriteThrottleEvents"] : metric => {
        metric_name       = metric
        alarm_name        = "${var.table_name}-${metric}"
        alarm_description = "DynamoDB throttled ${var.table_name} (${metric})."
        dimensions        = { TableName = var.table_name }
      } }
    }
  }

  # "family/target" => the alarm: its family's metric settings over the defaults, then the target's.
  alarms = merge([
    for family, spec in local.alarm_families : {
      for target, alarm in spec.targets : "${family}/${target}" => merge(local.alarm_defaults, spec.metric, alarm)
    }
  ]...)
}

resource "aws_cloudwatch_metric_alarm" "main" {
  for_each = local.alarms

  alarm_name          = each.value.alarm_name
  alarm_description   = each.value.alarm_description
  namespace           = each.value.namespace
  metric_name         = each.value.metric_name
  dimensions          = each.value.dimensions
  statistic           = each.value.statistic
  extended_statistic  = each.value.extended_statistic
  period              = each.value.period
  evaluation_periods  = each.value.evaluation_periods
  datapoints_to_alarm = each.value.datapoints_to_alarm
  comparison_operator = "GreaterThanThreshold"
  threshold           = each.value.threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}
