output "table_name" {
  value = aws_dynamodb_table.main.name
}

output "table_arn" {
  value = aws_dynamodb_table.main.arn
}

output "content_bucket_name" {
  value = aws_s3_bucket.content.bucket
}

output "content_bucket_arn" {
  value = aws_s3_bucket.content.arn
}

output "event_bus_name" {
  value = aws_cloudwatch_event_bus.main.name
}

output "event_bus_arn" {
  value = aws_cloudwatch_event_bus.main.arn
}

output "archive_name" {
  value = aws_cloudwatch_event_archive.main.name
}

output "stage_queues" {
  description = "Per consuming stage: its own queue and its DLQ."
  value = {
    for stage in local.stages : stage => {
      queue_name = aws_sqs_queue.stage[stage].name
      queue_arn  = aws_sqs_queue.stage[stage].arn
      queue_url  = aws_sqs_queue.stage[stage].id
      dlq_name   = aws_sqs_queue.dlq[stage].name
      dlq_arn    = aws_sqs_queue.dlq[stage].arn
      dlq_url    = aws_sqs_queue.dlq[stage].id
    }
  }
}

output "consumed_queues" {
  description = "Every queue a stage's function consumes (its own, and its work ahead's), with the stage."
  value = {
    for key, queue in local.queue_events : key => {
      stage      = queue.stage
      queue_name = aws_sqs_queue.stage[key].name
      queue_arn  = aws_sqs_queue.stage[key].arn
    }
  }
}
