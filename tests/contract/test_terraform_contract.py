"""Terraform says what the code says: names, keys, routes, variables and permissions.

The HCL is read with python-hcl2 (no terraform binary needed). Where both sides can be
computed, the test computes them: the table from the emulator provisioning, the rules from
the event models, the environment variables from what each zip's code reads, the IAM
actions from the boto3 calls each zip's code can reach.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import aws_lambda_powertools
import botocore.session
import hcl2
import pytest
from botocore import xform_name

from manga_app import provision as provision_module
from manga_app.resources import archive_name, stage_routes
from manga_common import table as table_module
from manga_common.settings import ENVIRONMENT_VARIABLES, Settings
from manga_common.stages import STAGE_NAMES, VISIBILITY_PER_TIMEOUT, WORK_STAGES

REPO = Path(__file__).resolve().parents[2]
TERRAFORM = REPO / "terraform"
ENVIRONMENTS = ("dev", "staging", "prod", "local", "emulator")
SQS_MAX_VISIBILITY_SECONDS = 12 * 3600


def _load_packaging() -> ModuleType:
    spec = importlib.util.spec_from_file_location("package_lambdas", REPO / "tools" / "package_lambdas.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


packaging = _load_packaging()
SERVICES = {package.service: package for package in packaging.PACKAGES}
STAGES = set(STAGE_NAMES)


# -- reading HCL --------------------------------------------------------------------------------


@dataclass
class TerraformModule:
    resources: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    data: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    locals: dict[str, Any] = field(default_factory=dict)
    variables: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: dict[str, dict[str, Any]] = field(default_factory=dict)
    terraform: list[dict[str, Any]] = field(default_factory=list)
    moved: list[dict[str, str]] = field(default_factory=list)

    def local(self, value: Any) -> Any:
        """`value`, or the local it names when it is exactly "${local.name}"."""
        match = re.fullmatch(r"\$\{local\.(\w+)\}", value) if isinstance(value, str) else None
        return self.locals[match.group(1)] if match else value


@cache
def terraform_module(relative: str) -> TerraformModule:
    parsed = TerraformModule()
    for path in sorted((TERRAFORM / relative).glob("*.tf")):
        with path.open(encoding="utf-8") as handle:
            document = hcl2.load(handle)
        for block in document.get("resource", []):
            for kind, named in block.items():
                parsed.resources.update({(kind, name): body for name, body in named.items()})
        for block in document.get("data", []):
            for kind, named in block.items():
                parsed.data.update({(kind, name): body for name, body in named.items()})
        for block in document.get("locals", []):
            parsed.locals.update(block)
        for block in document.get("variable", []):
            parsed.variables.update(block)
        for block in document.get("module", []):
            parsed.calls.update(block)
        parsed.terraform.extend(document.get("terraform", []))
        parsed.moved.extend(document.get("moved", []))
    return parsed


def environment_file(environment: str, name: str) -> dict[str, Any]:
    with (TERRAFORM / "environments" / environment / name).open(encoding="utf-8") as handle:
        return hcl2.load(handle)


def tfvars(environment: str) -> dict[str, Any]:
    return environment_file(environment, "terraform.tfvars")


def render(template: str, environment: str, key: str | None = None) -> str:
    """A name template with the environment and for_each key filled in; anything else fails."""
    values = {"local.name_prefix": f"manga-{environment}", "var.environment": environment, "each.key": key}
    rendered = re.sub(r"\$\{([^}]+)\}", lambda m: str(values[m.group(1)]), template)
    assert "${" not in rendered
    return rendered


def arithmetic(expression: str) -> int:
    """The value of a constant product such as "${14 * 24 * 3600}"."""
    body = expression.removeprefix("${").removesuffix("}")
    assert re.fullmatch(r"[\d\s*]+", body), expression
    result = 1
    for factor in body.split("*"):
        result *= int(factor)
    return result


platform = terraform_module("platform")
core = terraform_module("modules/core")
api = terraform_module("modules/api")
monitoring = terraform_module("modules/monitoring")


# -- core: table, bucket, bus, rules, queues ----------------------------------------------------


class RecordingDynamoDB:
    def __init__(self) -> None:
        self.created: dict[str, Any] = {}
        self.ttl: dict[str, Any] = {}

    def create_table(self, **kwargs: Any) -> None:
        self.created = kwargs

    def get_waiter(self, name: str) -> Any:
        return type("Waiter", (), {"wait": lambda self, **kwargs: None})()

    def update_time_to_live(self, **kwargs: Any) -> None:
        self.ttl = kwargs["TimeToLiveSpecification"]


def test_table_keys_and_indexes_match_the_emulator_provisioning(monkeypatch: pytest.MonkeyPatch) -> None:
    dynamodb = RecordingDynamoDB()
    monkeypatch.setattr(provision_module.aws, "client", lambda service, settings: dynamodb)
    provision_module.create_table(Settings())
    expected = dynamodb.created
    table = core.resources[("aws_dynamodb_table", "main")]

    key_types = {k["AttributeName"]: k["KeyType"] for k in expected["KeySchema"]}
    assert {table["hash_key"]: "HASH", table["range_key"]: "RANGE"} == key_types
    assert {(a["name"], a["type"]) for a in table["attribute"]} == {
        (a["AttributeName"], a["AttributeType"]) for a in expected["AttributeDefinitions"]
    }
    assert {
        (g["name"], g["hash_key"], g["range_key"], g["projection_type"])
        for g in table["global_secondary_index"]
    } == {
        (
            g["IndexName"],
            *(k["AttributeName"] for k in g["KeySchema"]),
            g["Projection"]["ProjectionType"],
        )
        for g in expected["GlobalSecondaryIndexes"]
    }
    assert {g["name"] for g in table["global_secondary_index"]} == {table_module.GSI1, table_module.GSI2}
    assert table["billing_mode"] == expected["BillingMode"]
    assert table["server_side_encryption"] == [{"enabled": True}]
    assert table["point_in_time_recovery"] == [{"enabled": True}]
    assert platform.variables["table_name"]["default"] == Settings().table_name
    (ttl,) = table["ttl"]
    assert dynamodb.ttl == {"Enabled": ttl["enabled"], "AttributeName": ttl["attribute_name"]}


def test_table_ttl_is_the_attribute_the_rate_counters_expire_by() -> None:
    (ttl,) = core.resources[("aws_dynamodb_table", "main")]["ttl"]
    assert ttl["enabled"] is True
    assert f'"{ttl["attribute_name"]}"' in Path(table_module.__file__).read_text(encoding="utf-8")


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_bus_archive_and_bucket_names_match_the_code(environment: str) -> None:
    settings = Settings(environment=environment)
    assert core.locals["name_prefix"] == "manga-${var.environment}"
    bus = core.resources[("aws_cloudwatch_event_bus", "main")]
    assert render(bus["name"], environment) == settings.event_bus_name
    archive = core.resources[("aws_cloudwatch_event_archive", "main")]
    assert render(archive["name"], environment) == archive_name(settings)
    bucket_template = "manga-platform-content-${var.environment}"
    assert f'"{bucket_template}"' in core.locals["content_bucket"]
    assert render(bucket_template, environment) == settings.content_bucket


def test_rules_route_each_stage_s_events_by_their_source_and_detail_type() -> None:
    # One entry per queue a stage consumes: its own, and its work ahead's (stages.StageQueue).
    assert core.locals["queue_events"] == {
        queue.key: {
            "stage": stage.name,
            "sources": list(dict.fromkeys(event.SOURCE for event in queue.events)),
            "detail_types": [event.DETAIL_TYPE for event in queue.events],
        }
        for stage in WORK_STAGES
        for queue in stage.queues
    }
    assert core.locals["stages"] == "${toset([for queue in values(local.queue_events) : queue.stage])}"
    rule = core.resources[("aws_cloudwatch_event_rule", "stage")]
    assert rule["for_each"] == "${local.queue_events}"
    for route in stage_routes(Settings()):
        pattern_keys = set(json.loads(route.event_pattern()))
        assert {f'"{k}"' for k in pattern_keys} <= set(re.findall(r'"[\w-]+"', rule["event_pattern"]))
    assert "each.value.sources" in rule["event_pattern"]
    assert "each.value.detail_types" in rule["event_pattern"]
    target = core.resources[("aws_cloudwatch_event_target", "stage")]
    assert target["arn"] == "${aws_sqs_queue.stage[each.key].arn}"


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_rule_queue_and_dlq_names_match_the_code(environment: str) -> None:
    rule = core.resources[("aws_cloudwatch_event_rule", "stage")]
    queue = core.resources[("aws_sqs_queue", "stage")]
    dlq = core.resources[("aws_sqs_queue", "dlq")]
    for route in stage_routes(Settings(environment=environment)):
        assert render(rule["name"], environment, route.key) == route.rule_name
        assert render(queue["name"], environment, route.key) == route.queue_name
        assert render(dlq["name"], environment, route.stage) == route.dlq_name


def test_queues_redrive_after_max_receive_count_into_a_fourteen_day_encrypted_dlq() -> None:
    queue = core.resources[("aws_sqs_queue", "stage")]
    dlq = core.resources[("aws_sqs_queue", "dlq")]
    # Each queue into its stage's one DLQ, which takes the dead letters of that stage's queues.
    assert '"deadLetterTargetArn": "${aws_sqs_queue.dlq[each.value.stage].arn}"' in queue["redrive_policy"]
    assert dlq["for_each"] == "${local.stages}"
    assert "if queue.stage == stage" in core.locals["stage_queue_arns"]
    assert '"maxReceiveCount": "${var.max_receive_count}"' in queue["redrive_policy"]
    assert platform.variables["max_receive_count"]["default"] == Settings().max_receive_count
    assert dlq["message_retention_seconds"] == "${local.dlq_retention_seconds}"
    assert arithmetic(core.locals["dlq_retention_seconds"]) == provision_module.DLQ_RETENTION_SECONDS
    assert queue["sqs_managed_sse_enabled"] is True and dlq["sqs_managed_sse_enabled"] is True


def test_queue_policy_lets_only_the_stage_rule_send() -> None:
    policy = core.data[("aws_iam_policy_document", "stage_queue")]
    allows = [s for s in policy["statement"] if s.get("effect", "Allow") == "Allow"]
    assert len(allows) == 1
    (allow,) = allows
    assert allow["actions"] == ["sqs:SendMessage"]
    assert allow["principals"] == [{"type": "Service", "identifiers": ["events.amazonaws.com"]}]
    assert allow["condition"] == [
        {
            "test": "ArnEquals",
            "variable": "aws:SourceArn",
            "values": ["${aws_cloudwatch_event_rule.stage[each.key].arn}"],
        }
    ]


def test_visibility_timeout_is_six_function_timeouts() -> None:
    queue = core.resources[("aws_sqs_queue", "stage")]
    assert queue["visibility_timeout_seconds"] == (
        "${local.visibility_timeout_multiplier * var.consumer_timeout_seconds[each.value.stage]}"
    )
    assert core.locals["visibility_timeout_multiplier"] >= 6


@pytest.mark.parametrize("environment", ["local", "emulator"])
def test_the_local_runtime_gives_each_stage_the_time_terraform_gives_it(environment: str) -> None:
    """The embedded provisioning and local event source mappings stand in for these environments:
    the stage table's function timeouts and visibility multiplier are theirs."""
    functions = tfvars(environment)["functions"]
    assert core.locals["visibility_timeout_multiplier"] == VISIBILITY_PER_TIMEOUT
    for stage in WORK_STAGES:
        assert functions[stage.service]["timeout_seconds"] == stage.timeout_seconds, stage.name


# -- environments --------------------------------------------------------------------------------


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_environment_sizes_every_service_within_its_callers_limits(environment: str) -> None:
    values = tfvars(environment)
    assert values["environment"] == environment
    functions = values["functions"]
    assert set(functions) == set(SERVICES)
    assert functions["preferences"]["timeout_seconds"] <= 29, "API Gateway gives up after 29 s"
    assert functions["auth_trigger"]["timeout_seconds"] <= 5, "Cognito gives up after 5 s"
    multiplier = core.locals["visibility_timeout_multiplier"]
    for stage in STAGES:
        assert multiplier * functions[stage]["timeout_seconds"] <= SQS_MAX_VISIBILITY_SECONDS
        assert functions[stage].get("max_concurrency", 2) >= 2
    assert functions["image"]["memory_mb"] == max(f["memory_mb"] for f in functions.values())


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_environment_sets_only_what_the_platform_declares_and_all_it_requires(environment: str) -> None:
    values = tfvars(environment)
    assert set(values) <= set(platform.variables), "a value the platform does not declare"
    required = {name for name, variable in platform.variables.items() if "default" not in variable}
    assert required <= set(values), f"{environment} leaves required values unset"


def test_environments_hold_values_and_state_settings_not_configuration() -> None:
    """One root (platform/) serves every environment; a .tf file here would be a second copy."""
    assert {path.name for path in (TERRAFORM / "environments").iterdir()} == set(ENVIRONMENTS)
    assert not list((TERRAFORM / "environments").rglob("*.tf"))


def test_platform_wires_core_api_and_monitoring_from_one_set_of_values() -> None:
    assert {name: call["source"] for name, call in platform.calls.items()} == {
        "core": "../modules/core",
        "api": "../modules/api",
        "monitoring": "../modules/monitoring",
    }
    core_call, api_call = platform.calls["core"], platform.calls["api"]
    # The code marks a request FAILED on the receive the queue's redrive policy makes the last.
    assert core_call["max_receive_count"] == api_call["max_receive_count"] == "${var.max_receive_count}"
    # Queue visibility follows the timeouts the functions get.
    assert "var.functions[stage].timeout_seconds" in core_call["consumer_timeout_seconds"]
    assert api_call["functions"] == "${var.functions}"
    assert api_call["stage_queues"] == "${module.core.stage_queues}"
    assert api_call["consumed_queues"] == "${module.core.consumed_queues}"
    # The operators' dashboard shows the backlog of every queue a function reads.
    assert platform.calls["monitoring"]["consumed_queues"] == "${module.core.consumed_queues}"


def test_provider_is_pinned() -> None:
    (aws,) = [p["aws"] for block in platform.terraform for p in block.get("required_providers", [])]
    assert aws["source"] == "hashicorp/aws"
    assert re.fullmatch(r">= 5\.\d+, < 7\.0", aws["version"])


def test_each_environment_keeps_its_own_local_state() -> None:
    (backend,) = [b for block in platform.terraform for b in block.get("backend", [])]
    assert backend == {"local": {}}, "the backend block is completed per environment by backend.hcl"
    for environment in ENVIRONMENTS:
        state = environment_file(environment, "backend.hcl")["path"]
        assert state == f"../environments/{environment}/terraform.tfstate"


def test_remote_state_example_uses_s3_with_a_lock_table_and_a_key_per_environment() -> None:
    example = (TERRAFORM / "platform" / "backend.s3.tf.example").read_text(encoding="utf-8")
    (block,) = hcl2.loads(example)["terraform"]
    (s3,) = [backend["s3"] for backend in block["backend"]]
    assert s3["encrypt"] is True and s3["dynamodb_table"] and s3["bucket"]
    # The emulator's state lives and dies with the scratch copy tools/terraform_emulator.py applies.
    for environment in (e for e in ENVIRONMENTS if e != "emulator"):
        settings = environment_file(environment, "backend.s3.hcl.example")
        assert set(settings) == {"key"}
        assert f"/{environment}/" in settings["key"]


# -- api: functions ------------------------------------------------------------------------------


def listed(expression: str) -> set[str]:
    """The items of a literal list expression such as "${toset([a, b])}"."""
    match = re.search(r"\[([^\]]*)\]", expression)
    assert match, expression
    return {item.strip().strip('"') for item in match.group(1).split(",")}


def services_in_terraform() -> set[str]:
    return listed(api.locals["services"])


def test_every_service_has_a_function_and_a_zip_that_packaging_builds() -> None:
    on_disk = {path.parent.name for path in (REPO / "services").glob("*/pyproject.toml")}
    assert services_in_terraform() == set(SERVICES) == on_disk
    function = api.resources[("aws_lambda_function", "service")]
    assert function["filename"] == "${var.lambda_package_dir}/${each.key}.zip"
    assert function["handler"] == "${local.handler[each.key]}"
    assert function["tracing_config"] == [{"mode": "Active"}]


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_handler_path_names_a_lambda_handler_in_the_service(service: str) -> None:
    template = re.search(r'"(\$\{service\}[\w.]+)"', api.locals["handler"])
    assert template, api.locals["handler"]
    handler = template.group(1).replace("${service}", service)
    assert handler == SERVICES[service].handler
    module, function = handler.rsplit(".", 1)
    path = REPO / "services" / service / Path(*module.split(".")).with_suffix(".py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert function in {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}


def test_queue_fed_stages_report_partial_batch_failures_with_bounded_concurrency() -> None:
    # One mapping per queue a stage consumes: its work ahead's too, with concurrency of its own.
    mapping = api.resources[("aws_lambda_event_source_mapping", "stage")]
    assert mapping["for_each"] == "${var.consumed_queues}"
    assert mapping["event_source_arn"] == "${each.value.queue_arn}"
    assert api.locals["stages"] == "${toset(keys(var.stage_queues))}"
    assert mapping["function_response_types"] == ["ReportBatchItemFailures"]
    assert mapping["scaling_config"] == [
        {"maximum_concurrency": "${var.functions[each.value.stage].max_concurrency}"}
    ]
    assert mapping["function_name"] == "${aws_lambda_function.service[each.value.stage].arn}"


def test_cognito_runs_the_auth_trigger_after_authentication() -> None:
    pool = api.resources[("aws_cognito_user_pool", "main")]
    assert pool["lambda_config"] == [
        {"post_authentication": '${aws_lambda_function.service["auth_trigger"].arn}'}
    ]
    permission = api.resources[("aws_lambda_permission", "cognito")]
    assert permission["principal"] == "cognito-idp.amazonaws.com"
    assert permission["source_arn"] == "${aws_cognito_user_pool.main.arn}"
    client = api.resources[("aws_cognito_user_pool_client", "app")]
    assert client["generate_secret"] is False
    assert {"ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH"} <= set(client["explicit_auth_flows"])


# -- api: environment variables --------------------------------------------------------------------


def function_environment(service: str) -> set[str]:
    """Variable names Terraform sets on the service's function."""
    (environment,) = api.resources[("aws_lambda_function", "service")]["environment"]
    expression = environment["variables"]
    assert "local.common_environment" in expression
    assert "local.service_environment[each.key]" in expression
    literal_keys = set(re.findall(r'"([A-Z][A-Z0-9_]+)":', expression))
    model_keys = set(api.locals["model_environment"]) if service in STAGE_NAMES else set()
    return (
        set(api.locals["common_environment"])
        | set(api.locals["service_environment"][service])
        | literal_keys
        | model_keys
    )


def zip_modules(service: str) -> list[Path]:
    """Source files of the first-party modules the service's zip can import."""
    closure = packaging.import_closure(SERVICES[service].entry_modules(), packaging.module_roots())
    files = (packaging.module_file(name, packaging.module_roots()) for name in closure.modules)
    return sorted({path for path in files if path is not None and path.is_file()})


def string_constants(paths: Iterable[Path]) -> set[str]:
    return {
        node.value
        for path in paths
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


@cache
def powertools_variables() -> frozenset[str]:
    root = Path(aws_lambda_powertools.__file__).parent
    return frozenset(
        name
        for path in root.rglob("*.py")
        for name in re.findall(r'"(POWERTOOLS_[A-Z_]+)"', path.read_text())
    )


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_variable_set_on_a_function_is_read_by_its_code(service: str) -> None:
    read = (
        set(ENVIRONMENT_VARIABLES.values()) | powertools_variables() | string_constants(zip_modules(service))
    )
    assert function_environment(service) <= read, "set but read by nothing in the zip"


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_function_knows_its_table_bucket_and_bus(service: str) -> None:
    names = function_environment(service)
    assert {"TABLE_NAME", "CONTENT_BUCKET", "EVENT_BUS_NAME", "MANGA_ENVIRONMENT"} <= names
    assert not {n for n in names if n.startswith("AWS_")}, "the Lambda runtime reserves AWS_* variables"


# -- api: IAM ------------------------------------------------------------------------------------

# boto3 client name -> IAM service prefix.
BOTO3_SERVICES = {
    "dynamodb": "dynamodb",
    "s3": "s3",
    "events": "events",
    "sqs": "sqs",
    "secretsmanager": "secretsmanager",
    "bedrock-runtime": "bedrock",
}
# Operations authorised by another action than their own name.
AUTHORISED_BY = {
    # HEAD needs GetObject; without ListBucket a missing key answers 403 instead of 404.
    "s3:HeadObject": {"s3:GetObject", "s3:ListBucket"},
    "s3:ListObjectsV2": {"s3:ListBucket"},
    "bedrock:Converse": {"bedrock:InvokeModel"},
    # SQS batch calls are authorised by the single-message action.
    "sqs:ChangeMessageVisibilityBatch": {"sqs:ChangeMessageVisibility"},
    "sqs:DeleteMessageBatch": {"sqs:DeleteMessage"},
    "sqs:SendMessageBatch": {"sqs:SendMessage"},
    "bedrock:ConverseStream": {"bedrock:InvokeModelWithResponseStream"},
}
# Functions of ours that need an action beyond the calls they make: a GetObject that tells a
# missing key from a forbidden one (NoSuchKey, not AccessDenied) needs ListBucket as HEAD does.
NEEDED_BY_FUNCTIONS = {"get_if_stored": {"s3:ListBucket"}}
# What every function needs besides its code's calls: its logs and traces.
RUNTIME_ACTIONS = {
    "logs:CreateLogStream",
    "logs:PutLogEvents",
    "xray:PutTelemetryRecords",
    "xray:PutTraceSegments",
}
# The event source mapping polls a stage's queue with the function's role.
POLLING_ACTIONS = {
    "sqs:ChangeMessageVisibility",
    "sqs:DeleteMessage",
    "sqs:GetQueueAttributes",
    "sqs:ReceiveMessage",
}
# Methods Python runs without naming them.
IMPLICIT_METHODS = {"__init__", "__post_init__", "model_post_init", "__call__", "__enter__", "__exit__"}


@cache
def boto3_operations() -> dict[str, str]:
    """snake_case method -> "prefix:Operation" for the services the platform calls."""
    session = botocore.session.get_session()
    return {
        xform_name(operation): f"{prefix}:{operation}"
        for service, prefix in BOTO3_SERVICES.items()
        for operation in session.get_service_model(service).operation_names
    }


@dataclass
class CodeIndex:
    """Functions, methods and classes by name, and the code that runs on import or as an entry."""

    functions: dict[str, list[ast.AST]] = field(default_factory=dict)
    classes: dict[str, list[ast.ClassDef]] = field(default_factory=dict)
    typed_names: dict[str, set[str]] = field(default_factory=dict)
    """Variable, parameter or attribute name -> the classes annotated on it or assigned to it."""
    roots: list[ast.AST] = field(default_factory=list)


def _is_hookimpl(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any("hookimpl" in ast.unparse(decorator) for decorator in function.decorator_list)


def _target_name(node: ast.AST) -> str | None:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None


def index_code(paths: Iterable[Path], entry_package: Path) -> CodeIndex:
    index = CodeIndex()
    trees = [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in paths]
    for _, tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                index.classes.setdefault(node.name, []).append(node)
    for path, tree in trees:
        in_entry_package = entry_package in path.parents
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                index.functions.setdefault(node.name, []).append(node)
                defaults = [d for d in node.args.kw_defaults if d is not None]
                index.roots.extend([*node.decorator_list, *node.args.defaults, *defaults])
                if in_entry_package or _is_hookimpl(node):
                    index.roots.append(node)  # the service's own code, and plugin hooks pluggy calls
                for arg in [*node.args.args, *node.args.kwonlyargs]:
                    if arg.annotation is not None:
                        index.typed_names.setdefault(arg.arg, set()).update(
                            _classes_in(arg.annotation, index)
                        )
            elif isinstance(node, ast.AnnAssign) and (name := _target_name(node.target)):
                found = _classes_in(node.annotation, index) | _classes_in(node.value, index)
                index.typed_names.setdefault(name, set()).update(found)
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    if (name := _target_name(target)) and (
                        found := _classes_in(node.value, index, calls=True)
                    ):
                        index.typed_names.setdefault(name, set()).update(found)
        index.roots.extend(
            n for n in tree.body if not isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        )
        index.roots.extend(
            n
            for c in tree.body
            if isinstance(c, ast.ClassDef)
            for n in c.body
            if not isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        )
    return index


def _classes_in(node: ast.AST | None, index: CodeIndex, calls: bool = False) -> set[str]:
    """Known class names in an annotation, or (calls=True) instantiated in an expression."""
    if node is None:
        return set()
    if calls:
        return {
            n.func.id
            for n in ast.walk(node)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in index.classes
        }
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in index.classes}


def _operations_called(node: ast.AST, operations: dict[str, str]) -> Iterator[str]:
    """boto3 operations called in `node`: boto3 methods take keyword arguments only, which tells
    them from same-named methods of other objects (pydantic's SecretStr.get_secret_value())."""
    for child in ast.walk(node):
        if not (isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute)):
            continue
        method = child.func.attr
        first = child.args[0] if child.args else None
        if method in ("generate_presigned_url", "get_paginator") and isinstance(first, ast.Constant):
            # A URL that performs it later; a paginator that performs it page by page.
            yield operations[xform_name(str(first.value))]
        elif method in operations and child.keywords and not child.args:
            yield operations[method]


def _base_names(cls: ast.ClassDef) -> list[str]:
    return [
        b.id if isinstance(b, ast.Name) else b.attr
        for b in cls.bases
        if isinstance(b, ast.Name | ast.Attribute)
    ]


def _methods_of(
    name: str, index: CodeIndex, seen: frozenset[str] = frozenset()
) -> dict[str, ast.FunctionDef]:
    """A class's methods, inherited ones included (bases first, so the class's own win)."""
    methods: dict[str, ast.FunctionDef] = {}
    for cls in index.classes.get(name, []):
        for base in _base_names(cls):
            if base not in seen:
                methods.update(_methods_of(base, index, seen | {name}))
        methods.update({n.name: n for n in cls.body if isinstance(n, ast.FunctionDef)})
    return methods


def _is_protocol(name: str, index: CodeIndex) -> bool:
    return any("Protocol" in _base_names(cls) for cls in index.classes.get(name, []))


def _implementations(protocol: str, index: CodeIndex) -> set[str]:
    """Classes with every method of the protocol, each taking as many positional arguments."""
    wanted = {n: len(f.args.args) for n, f in _methods_of(protocol, index).items() if not n.startswith("__")}
    return {
        name
        for name in index.classes
        if not _is_protocol(name, index)
        and all(
            n in (methods := _methods_of(name, index)) and len(methods[n].args.args) == count
            for n, count in wanted.items()
        )
    }


def _reached_by(node: ast.AST, index: CodeIndex) -> Iterator[ast.AST]:
    """Definitions `node` can run: methods through typed receivers, anything else by name."""
    typed_calls: set[int] = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute):
            classes: set[str] = set()
            for name in index.typed_names.get(_target_name(child.func.value) or "", set()):
                classes |= _implementations(name, index) if _is_protocol(name, index) else {name}
            methods = [m[child.func.attr] for c in classes if child.func.attr in (m := _methods_of(c, index))]
            if methods:
                typed_calls.add(id(child.func))
                yield from methods
    for child in ast.walk(node):
        if isinstance(child, ast.Name | ast.Attribute) and id(child) not in typed_calls:
            name = child.id if isinstance(child, ast.Name) else child.attr
            yield from index.functions.get(name, [])
            for cls in index.classes.get(name, []):
                yield from (
                    n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name in IMPLICIT_METHODS
                )


def reachable_operations(paths: Iterable[Path], entry_package: Path) -> set[str]:
    """boto3 operations called by code reachable from the entry package and the modules' top level.

    A method call reaches the method of the receiver's annotated or assigned classes when those
    are known, else every function of that name; so the analysis errs towards more calls.
    """
    index = index_code(paths, entry_package)
    operations = boto3_operations()
    pending = list(index.roots)
    visited: set[int] = set()
    found: set[str] = set()
    while pending:
        node = pending.pop()
        if id(node) in visited:
            continue
        visited.add(id(node))
        found.update(_operations_called(node, operations))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found.update(NEEDED_BY_FUNCTIONS.get(node.name, ()))
        pending.extend(_reached_by(node, index))
    return found


def required_actions(service: str) -> set[str]:
    operations = reachable_operations(zip_modules(service), SERVICES[service].package_dir)
    return {action for operation in operations for action in AUTHORISED_BY.get(operation, {operation})}


def granted_statements(service: str) -> list[dict[str, Any]]:
    document = api.data[("aws_iam_policy_document", "function")]
    statements = list(document["statement"])
    dynamic = [d["statement"] for d in document["dynamic"]]
    assert [d["for_each"] for d in dynamic[1:]] == ["${local.permissions[each.key]}"]
    if service in STAGES:
        assert "contains(local.stages, each.key)" in dynamic[0]["for_each"]
        statements.extend(dynamic[0]["content"])
    statements.extend(api.locals["permissions"][service])
    return [{**s, "actions": api.local(s["actions"])} for s in statements]


def granted_actions(service: str) -> set[str]:
    return {action for statement in granted_statements(service) for action in statement["actions"]}


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_each_role_allows_the_calls_its_code_makes(service: str) -> None:
    missing = required_actions(service) - granted_actions(service)
    assert not missing, f"{service} calls AWS without permission: {sorted(missing)}"


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_each_role_allows_nothing_its_code_does_not_call(service: str) -> None:
    infrastructure = RUNTIME_ACTIONS | (POLLING_ACTIONS if service in STAGES else set())
    unused = granted_actions(service) - required_actions(service) - infrastructure
    assert not unused, f"{service} may do what its code never does: {sorted(unused)}"


def test_the_code_calls_something_in_every_service() -> None:
    """Guards the reachability analysis itself: it must find the calls the brief names."""
    assert {"dynamodb:PutItem", "events:PutEvents", "secretsmanager:GetSecretValue"} <= required_actions(
        "preferences"
    )
    assert required_actions("auth_trigger") == {"dynamodb:PutItem"}
    assert {"bedrock:InvokeModel", "s3:PutObject"} <= required_actions("image")


def test_model_invocation_is_limited_to_the_configured_models() -> None:
    for service in SERVICES:
        for statement in granted_statements(service):
            if any(action.startswith("bedrock:") for action in statement["actions"]):
                assert statement["resources"] in ("${local.text_model_arns}", "${local.image_model_arns}")
    assert "var.bedrock_text_model_id" in api.locals["text_model_arns"]
    assert "var.bedrock_image_model_id" in api.locals["image_model_arns"]


def test_only_trace_submission_is_unscoped() -> None:
    for service in SERVICES:
        for statement in granted_statements(service):
            if isinstance(statement["resources"], list) and "*" in statement["resources"]:
                assert set(statement["actions"]) <= {"xray:PutTelemetryRecords", "xray:PutTraceSegments"}


# -- api: REST routes ----------------------------------------------------------------------------

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


def normalised(path: str) -> str:
    """Route shape with parameter names dropped: /stories/<storyId> and /stories/{id} match."""
    return re.sub(r"<[^>]+>|\{[^}]+\}", "{}", path)


def served_routes() -> set[str]:
    routes = set()
    for path in SERVICES["preferences"].package_dir.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in HTTP_METHODS
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "app"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                routes.add(f"{node.func.attr.upper()} {normalised(node.args[0].value)}")
    return routes


def test_api_routes_are_the_routes_the_preferences_service_serves() -> None:
    declared = {f"{r['method']} /{r['path']}" for r in api.locals["api_routes"].values()}
    assert set(api.locals["api_routes"]) == declared
    assert {normalised(route) for route in declared} == served_routes()


def test_every_route_sits_behind_the_cognito_authorizer_and_reaches_the_preferences_function() -> None:
    method = api.resources[("aws_api_gateway_method", "route")]
    assert method["for_each"] == "${local.api_routes}"
    assert method["authorization"] == "COGNITO_USER_POOLS"
    assert method["authorizer_id"] == "${aws_api_gateway_authorizer.cognito.id}"
    integration = api.resources[("aws_api_gateway_integration", "route")]
    assert integration["type"] == "AWS_PROXY"
    assert integration["uri"] == '${aws_lambda_function.service["preferences"].invoke_arn}'
    authorizer = api.resources[("aws_api_gateway_authorizer", "cognito")]
    assert authorizer["type"] == "COGNITO_USER_POOLS"
    assert authorizer["provider_arns"] == ["${aws_cognito_user_pool.main.arn}"]


def test_every_route_path_has_a_resource_and_a_cors_preflight() -> None:
    paths = {r["path"] for r in api.locals["api_routes"].values()}
    depth = {
        *listed(api.locals["api_paths_depth1"]),
        *api.locals["api_paths_depth2"],
        *api.locals["api_paths_depth3"],
        *api.locals["api_paths_depth4"],
    }
    assert paths <= depth
    for tree in ("api_paths_depth2", "api_paths_depth3", "api_paths_depth4"):
        for path, node in api.locals[tree].items():
            assert path == f"{node['parent']}/{node['part']}"
    assert api.resources[("aws_api_gateway_method", "cors")]["http_method"] == "OPTIONS"
    assert api.resources[("aws_api_gateway_method", "cors")]["for_each"] == "${local.cors_paths}"


def test_stage_traces_logs_and_throttles() -> None:
    stage = api.resources[("aws_api_gateway_stage", "main")]
    assert stage["xray_tracing_enabled"] is True
    assert stage["access_log_settings"][0]["destination_arn"] == "${aws_cloudwatch_log_group.api_access.arn}"
    (settings,) = api.resources[("aws_api_gateway_method_settings", "all")]["settings"]
    assert {"throttling_rate_limit", "throttling_burst_limit", "metrics_enabled"} <= set(settings)


# -- monitoring ------------------------------------------------------------------------------------


def alarm_families() -> dict[str, dict[str, Any]]:
    return monitoring.locals["alarm_families"]


def family_metrics(family: dict[str, Any]) -> set[str]:
    """The metric a family watches, or the metrics its targets name one each."""
    if "metric_name" in family["metric"]:
        return {family["metric"]["metric_name"]}
    assert '"metric_name": "${metric}"' in family["targets"]
    return listed(family["targets"])


def test_alarms_watch_dlqs_functions_api_and_table() -> None:
    watched = {
        (family["metric"]["namespace"], metric)
        for family in alarm_families().values()
        for metric in family_metrics(family)
    }
    assert {
        ("AWS/SQS", "ApproximateNumberOfMessagesVisible"),
        ("AWS/Lambda", "Errors"),
        ("AWS/Lambda", "Throttles"),
        ("AWS/ApiGateway", "5XXError"),
        ("AWS/ApiGateway", "Latency"),
        ("AWS/DynamoDB", "ReadThrottleEvents"),
        ("AWS/DynamoDB", "WriteThrottleEvents"),
    } == watched
    dlq = alarm_families()["dlq_depth"]
    assert "in var.stage_queues" in dlq["targets"]
    assert '"dimensions": {"QueueName": "${queue.dlq_name}"}' in dlq["targets"]
    assert "threshold" not in dlq["metric"] and monitoring.locals["alarm_defaults"]["threshold"] == 0


def test_every_alarm_has_every_setting_and_notifies_the_topic() -> None:
    alarm = monitoring.resources[("aws_cloudwatch_metric_alarm", "main")]
    assert alarm["for_each"] == "${local.alarms}"
    assert "merge(local.alarm_defaults, spec.metric, alarm)" in monitoring.locals["alarms"]
    assert alarm["comparison_operator"] == "GreaterThanThreshold"
    assert alarm["alarm_actions"] == alarm["ok_actions"] == "${local.alarm_actions}"
    each_value = (re.fullmatch(r"\$\{each\.value\.(\w+)\}", str(value)) for value in alarm.values())
    settings = {match.group(1) for match in each_value if match}
    assert settings >= {"alarm_name", "alarm_description", "namespace", "metric_name", "dimensions"}
    defaults = set(monitoring.locals["alarm_defaults"])
    for name, family in alarm_families().items():
        targets = family["targets"]
        if isinstance(targets, str):  # a for expression: the settings every target it makes names
            given = {setting for setting in settings if f'"{setting}"' in targets}
        else:
            given = set.intersection(*(set(target) for target in targets.values()))
        missing = settings - defaults - set(family["metric"]) - given
        assert not missing, f"{name} alarms lack {sorted(missing)}"


def test_alarms_moved_from_one_resource_per_family_land_on_their_family() -> None:
    """Keeps alarms created before the families shared one resource (moved.tf) in place."""
    assert monitoring.moved
    for move in monitoring.moved:
        old = re.fullmatch(r'\$\{aws_cloudwatch_metric_alarm\.(\w+)(?:\["(\w+)"\])?\}', move["from"])
        new = re.fullmatch(r'\$\{aws_cloudwatch_metric_alarm\.main\["(\w+)/(\w+)"\]\}', move["to"])
        assert old and new, move
        assert old.group(1) == new.group(1) in alarm_families()
        assert (old.group(2) or "api") == new.group(2)


# -- the time chain (every request ends) ---------------------------------------------------------


def platform_value(environment: str, name: str) -> Any:
    """What an environment applies for a platform variable: its tfvars, else the default."""
    return tfvars(environment).get(name, platform.variables[name].get("default"))


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_a_model_call_fits_the_function_which_fits_the_visibility_timeout(environment: str) -> None:
    """model timeout x tries + backoff (+ the stage's reserve) < function timeout, and the queue
    hides a message for six function timeouts (AWS's guidance for SQS event sources), within
    SQS's 12-hour cap."""
    applied = Settings(
        model_timeout_seconds=platform_value(environment, "model_timeout_seconds"),
        model_attempts=platform_value(environment, "model_attempts"),
        model_backoff_cap_seconds=platform_value(environment, "model_backoff_cap_seconds"),
        stage_reserve_seconds=platform_value(environment, "stage_reserve_seconds"),
    )
    functions = tfvars(environment)["functions"]
    multiplier = core.locals["visibility_timeout_multiplier"]
    for stage in WORK_STAGES:
        timeout = functions[stage.service]["timeout_seconds"]
        assert applied.model_call_seconds() + applied.stage_reserve_seconds < timeout, stage.name
        assert timeout * multiplier <= SQS_MAX_VISIBILITY_SECONDS, stage.name
    assert multiplier >= 6


def test_the_time_chain_defaults_are_the_codes_and_reach_every_stage() -> None:
    defaults = Settings()
    for name in (
        "model_timeout_seconds",
        "model_attempts",
        "model_backoff_cap_seconds",
        "stage_reserve_seconds",
    ):
        assert platform.variables[name]["default"] == getattr(defaults, name), name
    variables = {v for k, v in ENVIRONMENT_VARIABLES.items() if k.startswith(("model_", "stage_reserve"))}
    assert set(api.locals["model_environment"]) == variables
    (function,) = [api.resources[("aws_lambda_function", "service")]]
    (lifecycle,) = function["lifecycle"]
    (precondition,) = lifecycle["precondition"]
    assert "local.model_call_seconds" in precondition["condition"]
    assert "var.stage_reserve_seconds" in precondition["condition"]


def test_the_dead_letter_function_peeks_at_every_dlq_and_never_deletes() -> None:
    (statement,) = [s for s in api.locals["permissions"]["dead_letter"] if s["sid"] == "PeekDeadLetters"]
    assert "sqs:DeleteMessage" not in statement["actions"]
    assert statement["resources"] == "${local.dlq_arns}"
    assert "var.stage_queues[stage].dlq_arn" in api.locals["dlq_arns"]
    rule = api.resources[("aws_cloudwatch_event_rule", "dead_letter_sweep")]
    assert rule["schedule_expression"] == "${var.dead_letter_sweep_schedule}"
    target = api.resources[("aws_cloudwatch_event_target", "dead_letter_sweep")]
    assert target["arn"] == '${aws_lambda_function.service["dead_letter"].arn}'


# -- what an attack found (TLS, prefixes, WAF, Cognito) ------------------------------------------


def denies_plain_http(document: dict[str, Any], resource: str) -> bool:
    return any(
        s.get("effect") == "Deny"
        and s["resources"] == [resource]
        and s["condition"] == [{"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]}]
        for s in document["statement"]
    )


def test_every_queue_dlqs_included_refuses_plain_http() -> None:
    stage_policy = core.data[("aws_iam_policy_document", "stage_queue")]
    dlq_policy = core.data[("aws_iam_policy_document", "dlq")]
    assert denies_plain_http(stage_policy, "${aws_sqs_queue.stage[each.key].arn}")
    assert denies_plain_http(dlq_policy, "${aws_sqs_queue.dlq[each.key].arn}")
    for name, document in (("stage", "stage_queue"), ("dlq", "dlq")):
        policy = core.resources[("aws_sqs_queue_policy", name)]
        assert policy["queue_url"] == f"${{aws_sqs_queue.{name}[each.key].id}}"
        assert policy["policy"] == f"${{data.aws_iam_policy_document.{document}[each.key].json}}"


def test_only_the_emulator_turns_the_buckets_tls_policy_off() -> None:
    for environment in ENVIRONMENTS:
        assert platform_value(environment, "content_bucket_tls_only") is (environment != "emulator")
        assert platform_value(environment, "dlq_redrive_allow_policy") is (environment != "emulator")


def test_the_api_reads_only_the_files_it_serves() -> None:
    (reads,) = [s for s in api.locals["permissions"]["preferences"] if s["sid"] == "ReadServedContent"]
    assert reads["resources"] == "${local.api_reads}"
    served = api.locals["api_reads"] + api.locals["api_writes"]
    assert "${var.content_bucket_arn}/*" not in served
    for resource in served:
        path = resource.removeprefix("${var.content_bucket_arn}/")
        assert path.startswith(("episodes/", "stories/")) and path != resource, resource
    assert not [r for r in served if r.startswith("${var.content_bucket_arn}/images/")]


def test_the_waf_is_on_in_staging_and_prod_only() -> None:
    for environment in ENVIRONMENTS:
        assert platform_value(environment, "waf_enabled") is (environment in ("staging", "prod")), environment
    acl = api.resources[("aws_wafv2_web_acl", "api")]
    rules = {rule["name"]: rule for rule in acl["rule"]}
    managed = {
        rule["statement"][0]["managed_rule_group_statement"][0]["name"]
        for rule in rules.values()
        if "managed_rule_group_statement" in rule["statement"][0]
    }
    assert "AWSManagedRulesCommonRuleSet" in managed
    (rate,) = rules["rate-per-ip"]["statement"][0]["rate_based_statement"]
    assert rate["aggregate_key_type"] == "IP" and rate["limit"] == "${var.waf_rate_limit_per_ip}"
    association = api.resources[("aws_wafv2_web_acl_association", "api")]
    assert association["resource_arn"] == "${aws_api_gateway_stage.main.arn}"


def test_cognito_threat_protection_audits_in_dev_and_enforces_in_prod_with_optional_totp() -> None:
    assert platform_value("dev", "cognito_threat_protection") == "AUDIT"
    assert platform_value("prod", "cognito_threat_protection") == "ENFORCED"
    pool = api.resources[("aws_cognito_user_pool", "main")]
    assert pool["user_pool_add_ons"] == [{"advanced_security_mode": "${var.cognito_threat_protection}"}]
    assert pool["mfa_configuration"] == "OPTIONAL"
    assert pool["software_token_mfa_configuration"] == [{"enabled": True}]


# -- Bedrock models --------------------------------------------------------------------------------


def test_the_bedrock_defaults_are_the_plugins_and_terraform_may_invoke_the_profiles_models() -> None:
    from manga_plugins import bedrock_image, bedrock_text

    assert platform.variables["bedrock_text_model_id"]["default"] == bedrock_text.DEFAULT_MODEL_ID
    assert platform.variables["bedrock_image_model_id"]["default"] == bedrock_image.DEFAULT_MODEL_ID
    arns = api.locals["text_model_arns"]
    assert ":inference-profile/${var.bedrock_text_model_id}" in arns
    assert (
        "var.bedrock_text_profile_regions" in arns
        and "::foundation-model/${local.text_foundation_id}" in arns
    )
    assert (
        "${local.image_region}::foundation-model/${var.bedrock_image_model_id}"
        in api.locals["image_model_arns"]
    )
    assert api.locals["service_environment"]["image"]["BEDROCK_IMAGE_REGION"] == "${local.image_region}"
