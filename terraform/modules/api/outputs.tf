output "api_url" {
  description = "Base URL of the REST API stage."
  value       = aws_api_gateway_stage.main.invoke_url
}

output "api_name" {
  value = aws_api_gateway_rest_api.main.name
}

output "api_stage_name" {
  value = aws_api_gateway_stage.main.stage_name
}

output "user_pool_id" {
  value = aws_cognito_user_pool.main.id
}

output "user_pool_arn" {
  value = aws_cognito_user_pool.main.arn
}

output "user_pool_client_id" {
  value = aws_cognito_user_pool_client.app.id
}

output "qloo_secret_arn" {
  description = "Put the Qloo API key here (aws secretsmanager put-secret-value)."
  value       = aws_secretsmanager_secret.qloo.arn
}

output "function_names" {
  description = "Lambda function name per service."
  value       = { for service, function in aws_lambda_function.service : service => function.function_name }
}

output "log_group_names" {
  value = merge(
    { for service, group in aws_cloudwatch_log_group.function : service => group.name },
    { api_access = aws_cloudwatch_log_group.api_access.name },
  )
}
