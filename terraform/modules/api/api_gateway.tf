# REST API in front of the preferences service: every route behind the Cognito authorizer,
# proxied to the one function; OPTIONS answers CORS preflights without calling it.
locals {
  # The routes the preferences service serves (preferences_service/routes.py; a contract test compares).
  api_routes = {
    "GET /config"                                  = { method = "GET", path = "config" }
    "POST /preferences"                            = { method = "POST", path = "preferences" }
    "GET /status/{requestId}"                      = { method = "GET", path = "status/{requestId}" }
    "GET /stories"                                 = { method = "GET", path = "stories" }
    "GET /stories/{storyId}"                       = { method = "GET", path = "stories/{storyId}" }
    "POST /stories/{storyId}/episodes"             = { method = "POST", path = "stories/{storyId}/episodes" }
    "GET /episodes/{episodeId}"                    = { method = "GET", path = "episodes/{episodeId}" }
    "GET /episodes/{episodeId}/download"           = { method = "GET", path = "episodes/{episodeId}/download" }
    "GET /episodes/{episodeId}/pages"              = { method = "GET", path = "episodes/{episodeId}/pages" }
    "GET /episodes/{episodeId}/pages/{pageNumber}" = { method = "GET", path = "episodes/{episodeId}/pages/{pageNumber}" }
  }

  # A resource block cannot refer to its own instances, so the path tree has one block per depth.
  api_paths_depth1 = toset(["config", "preferences", "status", "stories", "episodes"])
  api_paths_depth2 = {
    "status/{requestId}"   = { parent = "status", part = "{requestId}" }
    "stories/{storyId}"    = { parent = "stories", part = "{storyId}" }
    "episodes/{episodeId}" = { parent = "episodes", part = "{episodeId}" }
  }
  api_paths_depth3 = {
    "stories/{storyId}/episodes"    = { parent = "stories/{storyId}", part = "episodes" }
    "episodes/{episodeId}/download" = { parent = "episodes/{episodeId}", part = "download" }
    "episodes/{episodeId}/pages"    = { parent = "episodes/{episodeId}", part = "pages" }
  }
  api_paths_depth4 = {
    "episodes/{episodeId}/pages/{pageNumber}" = { parent = "episodes/{episodeId}/pages", part = "{pageNumber}" }
  }

  api_resource_ids = merge(
    { for path, resource in aws_api_gateway_resource.depth1 : path => resource.id },
    { for path, resource in aws_api_gateway_resource.depth2 : path => resource.id },
    { for path, resource in aws_api_gateway_resource.depth3 : path => resource.id },
    { for path, resource in aws_api_gateway_resource.depth4 : path => resource.id },
  )

  cors_paths = toset([for route in values(local.api_routes) : route.path])
  cors_methods = {
    for path in local.cors_paths : path => join(",", concat(
      sort([for route in values(local.api_routes) : route.method if route.path == path]),
      ["OPTIONS"],
    ))
  }
  cors_headers = "Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key"

  api_access_log_format = jsonencode({
    requestId          = "$context.requestId"
    extendedRequestId  = "$context.extendedRequestId"
    ip                 = "$context.identity.sourceIp"
    user               = "$context.authorizer.claims.sub"
    requestTime        = "$context.requestTime"
    httpMethod         = "$context.httpMethod"
    resourcePath       = "$context.resourcePath"
    status             = "$context.status"
    responseLength     = "$context.responseLength"
    responseLatency    = "$context.responseLatency"
    integrationLatency = "$context.integrationLatency"
    integrationError   = "$context.integrationErrorMessage"
    authorizerError    = "$context.authorizer.error"
    xrayTraceId        = "$context.xrayTraceId"
  })
}

resource "aws_api_gateway_rest_api" "main" {
  name        = "${local.name_prefix}-api"
  description = "Manga Platform REST API (${var.environment})"

  # Page images go out as binary. Browsers put image types after others in Accept, so every type
  # counts as binary; the proxy function still answers JSON as text.
  binary_media_types = ["*/*"]

  endpoint_configuration {
    types = ["REGIONAL"]
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_authorizer" "cognito" {
  name            = "${local.name_prefix}-cognito"
  rest_api_id     = aws_api_gateway_rest_api.main.id
  type            = "COGNITO_USER_POOLS"
  identity_source = "method.request.header.Authorization"
  provider_arns   = [aws_cognito_user_pool.main.arn]
}

# Bodies are validated by the service (pydantic); the gateway checks required path parameters.
resource "aws_api_gateway_request_validator" "parameters" {
  name                        = "${local.name_prefix}-parameters"
  rest_api_id                 = aws_api_gateway_rest_api.main.id
  validate_request_body       = false
  validate_request_parameters = true
}

resource "aws_api_gateway_resource" "depth1" {
  for_each = local.api_paths_depth1

  rest_api_id = aws_api_gateway_rest_api.main.id
  parent_id   = aws_api_gateway_rest_api.main.root_resource_id
  path_part   = each.key
}

resource "aws_api_gateway_resource" "depth2" {
  for_each = local.api_paths_depth2

  rest_api_id = aws_api_gateway_rest_api.main.id
  parent_id   = aws_api_gateway_resource.depth1[each.value.parent].id
  path_part   = each.value.part
}

resource "aws_api_gateway_resource" "depth3" {
  for_each = local.api_paths_depth3

  rest_api_id = aws_api_gateway_rest_api.main.id
  parent_id   = aws_api_gateway_resource.depth2[each.value.parent].id
  path_part   = each.value.part
}

resource "aws_api_gateway_resource" "depth4" {
  for_each = local.api_paths_depth4

  rest_api_id = aws_api_gateway_rest_api.main.id
  parent_id   = aws_api_gateway_resource.depth3[each.value.parent].id
  path_part   = each.value.part
}

resource "aws_api_gateway_method" "route" {
  for_each = local.api_routes

  rest_api_id          = aws_api_gateway_rest_api.main.id
  resource_id          = local.api_resource_ids[each.value.path]
  http_method          = each.value.method
  authorization        = "COGNITO_USER_POOLS"
  authorizer_id        = aws_api_gateway_authorizer.cognito.id
  request_validator_id = aws_api_gateway_request_validator.parameters.id
  request_parameters = {
    for name in flatten(regexall("\\{(\\w+)\\}", each.value.path)) : "method.request.path.${name}" => true
  }
}

resource "aws_api_gateway_integration" "route" {
  for_each = local.api_routes

  rest_api_id             = aws_api_gateway_rest_api.main.id
  resource_id             = local.api_resource_ids[each.value.path]
  http_method             = aws_api_gateway_method.route[each.key].http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.service["preferences"].invoke_arn
}

# CORS preflight: browsers send OPTIONS without credentials, so it cannot sit behind the authorizer.
resource "aws_api_gateway_method" "cors" {
  #checkov:skip=CKV2_AWS_53:The preflight takes no parameters or body to validate.
  for_each = local.cors_paths

  rest_api_id   = aws_api_gateway_rest_api.main.id
  resource_id   = local.api_resource_ids[each.key]
  http_method   = "OPTIONS"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "cors" {
  for_each = local.cors_paths

  rest_api_id = aws_api_gateway_rest_api.main.id
  resource_id = local.api_resource_ids[each.key]
  http_method = aws_api_gateway_method.cors[each.key].http_method
  type        = "MOCK"
  # With every media type binary, the mock's JSON template applies only to a text payload.
  content_handling = "CONVERT_TO_TEXT"
  request_templates = {
    "application/json" = jsonencode({ statusCode = 200 })
  }
}

resource "aws_api_gateway_method_response" "cors" {
  for_each = local.cors_paths

  rest_api_id = aws_api_gateway_rest_api.main.id
  resource_id = local.api_resource_ids[each.key]
  http_method = aws_api_gateway_method.cors[each.key].http_method
  status_code = "200"
  response_parameters = {
    "method.response.header.Access-Control-Allow-Headers" = true
    "method.response.header.Access-Control-Allow-Methods" = true
    "method.response.header.Access-Control-Allow-Origin"  = true
  }
}

resource "aws_api_gateway_integration_response" "cors" {
  for_each = local.cors_paths

  rest_api_id = aws_api_gateway_rest_api.main.id
  resource_id = local.api_resource_ids[each.key]
  http_method = aws_api_gateway_method.cors[each.key].http_method
  status_code = aws_api_gateway_method_response.cors[each.key].status_code
  response_parameters = {
    "method.response.header.Access-Control-Allow-Headers" = "'${local.cors_headers}'"
    "method.response.header.Access-Control-Allow-Methods" = "'${local.cors_methods[each.key]}'"
    "method.response.header.Access-Control-Allow-Origin"  = "'${var.cors_allowed_origin}'"
  }

  depends_on = [aws_api_gateway_integration.cors]
}

# Errors answered by the gateway itself (401 from the authorizer, throttling) carry CORS headers too,
# or the browser hides them from the client.
resource "aws_api_gateway_gateway_response" "cors" {
  for_each = toset(["DEFAULT_4XX", "DEFAULT_5XX"])

  rest_api_id   = aws_api_gateway_rest_api.main.id
  response_type = each.key
  response_parameters = {
    "gatewayresponse.header.Access-Control-Allow-Origin"  = "'${var.cors_allowed_origin}'"
    "gatewayresponse.header.Access-Control-Allow-Headers" = "'${local.cors_headers}'"
  }
}

resource "aws_api_gateway_deployment" "main" {
  rest_api_id = aws_api_gateway_rest_api.main.id

  # A new deployment whenever a route, its integration or a gateway response changes.
  triggers = {
    redeployment = sha1(jsonencode([
      local.api_routes,
      local.cors_methods,
      var.cors_allowed_origin,
      aws_api_gateway_authorizer.cognito.id,
      [for method in aws_api_gateway_method.route : method.id],
      [for integration in aws_api_gateway_integration.route : integration.id],
      [for integration in aws_api_gateway_integration.cors : integration.id],
      [for response in aws_api_gateway_integration_response.cors : response.id],
      [for response in aws_api_gateway_gateway_response.cors : response.id],
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_cloudwatch_log_group" "api_access" {
  #checkov:skip=CKV_AWS_158:Access logs hold request metadata only and are encrypted by CloudWatch Logs; a customer managed key is not needed.
  #checkov:skip=CKV_AWS_338:Retention is set per environment (log_retention_days); a year of logs is a cost decision, not a default.
  name              = "/aws/apigateway/${local.name_prefix}-api"
  retention_in_days = var.log_retention_days
}

resource "aws_api_gateway_stage" "main" {
  #checkov:skip=CKV_AWS_120:Responses are per reader and change while a generation runs; caching them would serve stale status.
  #checkov:skip=CKV2_AWS_29:The web ACL is optional (waf.tf, waf_enabled: on in staging and prod); where it is off the API is behind Cognito, stage throttling and a per-reader hourly generation limit.
  #checkov:skip=CKV2_AWS_77:The web ACL carries the known-bad-inputs set (Log4j); the anonymous-IP list is left out on purpose: readers behind VPNs are welcome, and the per-IP rate limit still applies.
  #checkov:skip=CKV2_AWS_51:Clients are browsers and scripts with Cognito tokens, not mutual-TLS clients.
  rest_api_id          = aws_api_gateway_rest_api.main.id
  deployment_id        = aws_api_gateway_deployment.main.id
  stage_name           = var.environment
  xray_tracing_enabled = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format          = local.api_access_log_format
  }

  depends_on = [aws_api_gateway_account.main]
}

resource "aws_api_gateway_method_settings" "all" {
  #checkov:skip=CKV_AWS_225:Responses are per reader and change while a generation runs; caching them would serve stale status.
  rest_api_id = aws_api_gateway_rest_api.main.id
  stage_name  = aws_api_gateway_stage.main.stage_name
  method_path = "*/*"

  settings {
    metrics_enabled        = true
    logging_level          = "ERROR"
    data_trace_enabled     = false
    caching_enabled        = false
    throttling_rate_limit  = var.api_throttle_rate_limit
    throttling_burst_limit = var.api_throttle_burst_limit
  }
}

# API Gateway writes logs through one role per account and region.
data "aws_iam_policy_document" "api_gateway_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["apigateway.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "api_gateway_logs" {
  count = var.manage_api_gateway_account ? 1 : 0

  name               = "${local.name_prefix}-apigateway-logs"
  assume_role_policy = data.aws_iam_policy_document.api_gateway_assume.json
}

resource "aws_iam_role_policy_attachment" "api_gateway_logs" {
  count = var.manage_api_gateway_account ? 1 : 0

  role       = aws_iam_role.api_gateway_logs[0].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
}

resource "aws_api_gateway_account" "main" {
  count = var.manage_api_gateway_account ? 1 : 0

  cloudwatch_role_arn = aws_iam_role.api_gateway_logs[0].arn

  depends_on = [aws_iam_role_policy_attachment.api_gateway_logs]
}
