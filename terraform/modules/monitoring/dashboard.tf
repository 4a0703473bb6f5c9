locals {
  region = data.aws_region.current.id

  functions             = values(var.function_names)
  queues                = values(var.stage_queues)
  consumed_queues       = values(var.consumed_queues)
  api_metric_dimensions = flatten([for name, value in local.api_dimensions : [name, value]])

  # Metric widgets in reading order, two to a row; each graph's second unit goes on the right axis.
  dashboard_widgets = [
    {
      title   = "Function invocations and errors"
      stat    = "Sum"
      period  = 300
      metrics = [for pair in setproduct(["Invocations", "Errors"], local.functions) : ["AWS/Lambda", pair[0], "FunctionName", pair[1]]]
    },
    {
      title   = "Function duration (p95)"
      stat    = "p95"
      period  = 300
      metrics = [for name in local.functions : ["AWS/Lambda", "Duration", "FunctionName", name]]
    },
    {
      title  = "Stage queues: waiting and oldest message age"
      stat   = "Maximum"
      period = 60
      metrics = concat(
        [for queue in local.consumed_queues : ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", queue.queue_name]],
        [for queue in local.consumed_queues : ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", queue.queue_name, { yAxis = "right" }]],
      )
    },
    {
      title   = "Dead letters"
      stat    = "Maximum"
      period  = 60
      metrics = [for queue in local.queues : ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", queue.dlq_name]]
    },
    {
      title  = "API requests, errors and p99 latency"
      period = 300
      metrics = [
        for metric in ["Count", "4XXError", "5XXError", "Latency"] :
        concat(["AWS/ApiGateway", metric], local.api_metric_dimensions, [{
          stat  = metric == "Latency" ? "p99" : "Sum"
          yAxis = metric == "Latency" ? "right" : "left"
        }])
      ]
    },
    {
      title  = "Table throttles and consumed capacity"
      stat   = "Sum"
      period = 300
      metrics = [
        for metric in ["ReadThrottleEvents", "WriteThrottleEvents", "ConsumedReadCapacityUnits", "ConsumedWriteCapacityUnits"] :
        ["AWS/DynamoDB", metric, "TableName", var.table_name, { yAxis = startswith(metric, "Consumed") ? "right" : "left" }]
      ]
    },
  ]
}

resource "aws_cloudwatch_dashboard" "main" {
  dashboard_name = local.name_prefix
  dashboard_body = jsonencode({
    widgets = [
      for index, properties in local.dashboard_widgets : {
        type       = "metric"
        x          = 12 * (index % 2)
        y          = 6 * floor(index / 2)
        width      = 12
        height     = 6
        properties = merge({ region = local.region }, properties)
      }
    ]
  })
}
