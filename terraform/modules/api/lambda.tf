# Log groups exist before their functions, so Terraform owns them (and their retention).
resource "aws_cloudwatch_log_group" "function" {
  #checkov:skip=CKV_AWS_158:Logs hold ids and counts only (no user text or secrets) and are encrypted by CloudWatch Logs; a customer managed key is not needed.
  #checkov:skip=CKV_AWS_338:Retention is set per environment (log_retention_days); a year of logs is a cost decision, not a default.
  for_each = local.services

  name              = "/aws/lambda/${local.function_name[each.key]}"
  retention_in_days = var.log_retention_days
}

resource "aws_lambda_function" "service" {
  #checkov:skip=CKV_AWS_116:Queue-fed stages fail over to their SQS DLQs; the API and Cognito trigger are invoked synchronously, so an asynchronous DLQ would never receive anything.
  #checkov:skip=CKV_AWS_117:The functions reach only public AWS endpoints and the Qloo API; a VPC would add NAT cost and no isolation.
  #checkov:skip=CKV_AWS_173:Environment variables hold names and ids only; the one secret (Qloo key) is read from Secrets Manager at run time.
  #checkov:skip=CKV_AWS_272:Zips are built reproducibly by `make package` from the reviewed repository; no signing profile is set up.
  #checkov:skip=CKV_AWS_115:Concurrency is capped per queue by the event source mappings' maximum_concurrency and per API by stage throttling; reserving it would take from a small account pool.
  for_each = local.services

  function_name    = local.function_name[each.key]
  description      = "Manga Platform ${each.key} service (${var.environment})"
  role             = aws_iam_role.function[each.key].arn
  filename         = "${var.lambda_package_dir}/${each.key}.zip"
  source_code_hash = filebase64sha256("${var.lambda_package_dir}/${each.key}.zip")
  handler          = local.handler[each.key]
  runtime          = var.lambda_runtime
  architectures    = [var.lambda_architecture]
  memory_size      = var.functions[each.key].memory_mb
  timeout          = var.functions[each.key].timeout_seconds

  environment {
    variables = merge(
      local.common_environment,
      local.service_environment[each.key],
      # The stages call models: each gets the time chain's values (Settings reads them).
      contains(local.stages, each.key) ? local.model_environment : {},
      { POWERTOOLS_SERVICE_NAME = local.function_name[each.key] },
    )
  }

  tracing_config {
    mode = "Active"
  }

  # A stage must outlast its slowest model call, or Lambda kills it before it records the error
  # and the request stays PROCESSING (the queue's visibility timeout is six of these, core module).
  lifecycle {
    precondition {
      condition     = !contains(local.stages, each.key) || local.model_call_seconds + var.stage_reserve_seconds < var.functions[each.key].timeout_seconds
      error_message = "${each.key}: a model call can take ${local.model_call_seconds} s plus ${var.stage_reserve_seconds} s reserve; raise its timeout_seconds or lower model_timeout_seconds / model_attempts."
    }
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.function[each.key].name
  }
}

# Each queue a stage consumes feeds the stage's function: partial batch failures, bounded
# concurrency. A stage's work ahead has a mapping of its own, so it never takes the invocations
# of the stage's own work.
resource "aws_lambda_event_source_mapping" "stage" {
  for_each = var.consumed_queues

  event_source_arn        = each.value.queue_arn
  function_name           = aws_lambda_function.service[each.value.stage].arn
  batch_size              = var.functions[each.value.stage].batch_size
  function_response_types = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = var.functions[each.value.stage].max_concurrency
  }

  depends_on = [aws_iam_role_policy.function]
}

resource "aws_lambda_permission" "api" {
  statement_id  = "AllowApiGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.service["preferences"].function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.main.execution_arn}/*/*"
}

resource "aws_lambda_permission" "cognito" {
  statement_id  = "AllowCognitoPostAuthentication"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.service["auth_trigger"].function_name
  principal     = "cognito-idp.amazonaws.com"
  source_arn    = aws_cognito_user_pool.main.arn
}
