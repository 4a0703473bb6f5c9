locals {
  region = data.aws_region.current.id

  dashboard_widgets = [
    {
      type = "metric", x = 0, y = 0, width = 12, height = 6
      properties = {
        title  = "Function invocations and errors"
        region = local.region
        stat   = "Sum"
        period = 300
        metrics = concat(
          [for name in values(var.function_names) : ["AWS/Lambda", "Invocations", "FunctionName", name]],
          [for name in values(var.function_names) : ["AWS/Lambda", "Errors", "FunctionName", name]],
        )
      }
    },
    {
      type = "metric", x = 12, y = 0, width = 12, height = 6
      properties = {
        title   = "Function duration (p95)"
        region  = local.region
        stat    = "p95"
        period  = 300
        metrics = [for name in values(var.function_names) : ["AWS/Lambda", "Duration", "FunctionName", name]]
      }
    },
    {
      type = "metric", x = 0, y = 6, width = 12, height = 6
      properties = {
        title  = "Stage queues: waiting and oldest message age"
        region = local.region
        stat   = "Maximum"
        period = 60
        metrics = concat(
          [for queue in values(var.stage_queues) : ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", queue.queue_name]],
          [for queue in values(var.stage_queues) : ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", queue.queue_name, { yAxis = "right" }]],
        )
      }
    },
    {
      type = "metric", x = 12, y = 6, width = 12, height = 6
      properties = {
        title   = "Dead letters"
        region  = local.region
        stat    = "Maximum"
        period  = 60
        metrics = [for queue in values(var.stage_queues) : ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", queue.dlq_name]]
      }
    },
    {
      type = "metric", x = 0, y = 12, width = 12, height = 6
      properties = {
        title  = "API requests, errors and p99 latency"
        region = local.region
        period = 300
        metrics = [
          ["AWS/ApiGateway", "Count", "ApiName", var.api_name, "Stage", var.api_stage_name, { stat = "Sum" }],
          ["AWS/ApiGateway", "4XXError", "ApiName", var.api_name, "Stage", var.api_stage_name, { stat = "Sum" }],
          ["AWS/ApiGateway", "5XXError", "ApiName", var.api_name, "Stage", var.api_stage_name, { stat = "Sum" }],
          ["AWS/ApiGateway", "Latency", "ApiName", var.api_name, "Stage", var.api_stage_name, { stat = "p99", yAxis = "right" }],
        ]
      }
    },
    {
      type = "metric", x = 12, y = 12, width = 12, height = 6
      properties = {
        title  = "Table throttles and consumed capacity"
        region = local.region
        period = 300
        stat   = "Sum"
        metrics = [
          ["AWS/DynamoDB", "ReadThrottleEvents", "TableName", var.table_name],
          ["AWS/DynamoDB", "WriteThrottleEvents", "TableName", var.table_name],
          ["AWS/DynamoDB", "ConsumedReadCapacityUnits", "TableName", var.table_name, { yAxis = "right" }],
          ["AWS/DynamoDB", "ConsumedWriteCapacityUnits", "TableName", var.table_name, { yAxis = "right" }],
        ]
      }
    },
  ]
}

resource "aws_cloudwatch_dashboard" "main" {
  dashboard_name = local.name_prefix
  dashboard_body = jsonencode({ widgets = local.dashboard_widgets })
}
