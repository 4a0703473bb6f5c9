output "api_url" {
  value = module.api.api_url
}

output "user_pool_id" {
  value = module.api.user_pool_id
}

output "user_pool_client_id" {
  value = module.api.user_pool_client_id
}

output "qloo_secret_arn" {
  value = module.api.qloo_secret_arn
}

output "table_name" {
  value = module.core.table_name
}

output "content_bucket_name" {
  value = module.core.content_bucket_name
}

output "event_bus_name" {
  value = module.core.event_bus_name
}

output "stage_queues" {
  value = module.core.stage_queues
}

output "alarm_topic_arn" {
  value = module.monitoring.alarm_topic_arn
}

output "dashboard_name" {
  value = module.monitoring.dashboard_name
}
