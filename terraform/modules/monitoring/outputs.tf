output "alarm_topic_arn" {
  description = "SNS topic every alarm notifies; subscribe on-call tools here."
  value       = aws_sns_topic.alarms.arn
}

output "dashboard_name" {
  value = aws_cloudwatch_dashboard.main.dashboard_name
}
