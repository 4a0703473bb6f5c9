# Lambda packaging, Terraform deploys and checkov. Included by the top Makefile, whose $(STAMP)
# target builds the project virtualenv ($(BIN)).
#
#   make package                       one zip per service under build/lambda/
#   make deploy ENV=dev|staging|prod   package, terraform plan -out, show its summary, apply that plan
#   make destroy ENV=dev|staging|prod  terraform destroy of $(ENV) (asks first unless TF_ARGS says not)
#   make deploy-emulator               apply to a moto server on loopback, run the chain on it, tear down
#   make infrastructure                the tests that apply Terraform to the emulator (pytest -m infrastructure)
#   make deploy-local                  package, then tflocal apply against LocalStack (environment "local")
#   make checkov                       static security checks of terraform/
#
# Every environment applies the one root module terraform/platform; terraform/environments/<env>
# holds its values (terraform.tfvars) and where its state lives (backend.hcl). init -reconfigure
# points the root at that environment's state before each apply.

ENV ?= dev
ARCH ?= x86_64
LAMBDA_PYTHON ?= 3.11
TERRAFORM ?= terraform
TF_ENVIRONMENTS := dev staging prod
TF_ARGS ?=
TF_VARS = -var lambda_architecture=$(ARCH) -var lambda_runtime=python$(LAMBDA_PYTHON)
TF_ROOT := terraform/platform
# Arguments for the root, given an environment; paths are relative to $(TF_ROOT).
tf_init = init -input=false -reconfigure -backend-config=../environments/$(1)/backend.hcl
tf_apply = apply -input=false -var-file=../environments/$(1)/terraform.tfvars $(TF_VARS) $(TF_ARGS)
tf_plan = plan -input=false -out=$(2) -var-file=../environments/$(1)/terraform.tfvars $(TF_VARS) $(TF_ARGS)
tf_destroy = destroy -input=false -var-file=../environments/$(1)/terraform.tfvars $(TF_VARS) $(TF_ARGS)
# The saved plan of the last `make deploy`, per environment (git ignores *.tfplan).
TF_PLAN = ../environments/$(ENV)/$(ENV).tfplan

CHECKOV_VENV := .venv-checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed
CHECKOV_VERSION := 3.3.30
TFLOCAL_VENV := .venv-tflocal
TFLOCAL_STAMP := $(TFLOCAL_VENV)/.installed
TFLOCAL_VERSION := 0.27.0

.PHONY: package deploy destroy deploy-emulator infrastructure deploy-local checkov

package: $(STAMP)
	$(BIN)/python tools/package_lambdas.py --arch $(ARCH) --python-version $(LAMBDA_PYTHON)

check_env = @test -n "$(filter $(ENV),$(TF_ENVIRONMENTS))" || { echo "ENV must be one of: $(TF_ENVIRONMENTS)"; exit 2; }

# What is applied is exactly the plan that was shown: the saved plan, not a second plan.
deploy: package
	$(check_env)
	$(TERRAFORM) -chdir=$(TF_ROOT) $(call tf_init,$(ENV))
	$(TERRAFORM) -chdir=$(TF_ROOT) $(call tf_plan,$(ENV),$(TF_PLAN))
	$(TERRAFORM) -chdir=$(TF_ROOT) show -no-color $(TF_PLAN) | grep -E '^(Plan|No changes)|will be (created|updated|destroyed|replaced)|must be replaced' || true
	$(TERRAFORM) -chdir=$(TF_ROOT) apply -input=false $(TF_PLAN)
	rm -f $(TF_ROOT)/$(TF_PLAN)

destroy:
	$(check_env)
	$(TERRAFORM) -chdir=$(TF_ROOT) $(call tf_init,$(ENV))
	$(TERRAFORM) -chdir=$(TF_ROOT) $(call tf_destroy,$(ENV))

# terraform apply of the emulator environment to a moto server, the chain run on what it created,
# then the server stopped (tools/terraform_emulator.py; no network, providers from the local mirror).
deploy-emulator: $(STAMP)
	$(BIN)/python tools/terraform_emulator.py

infrastructure: $(STAMP)
	$(BIN)/python -m pytest -m infrastructure tests/infrastructure $(PYTEST_ARGS)

# checkov and tflocal each get a virtualenv of their own: their pins clash with the project's.
$(CHECKOV_STAMP):
	$(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/pip install --quiet checkov==$(CHECKOV_VERSION)
	touch $@

$(TFLOCAL_STAMP):
	$(PYTHON) -m venv $(TFLOCAL_VENV)
	$(TFLOCAL_VENV)/bin/pip install --quiet terraform-local==$(TFLOCAL_VERSION)
	touch $@

# LocalStack must be running (default http://localhost:4566; see terraform/README.md). tflocal
# reads the configuration of the folder it runs in, hence cd rather than -chdir.
deploy-local: package $(TFLOCAL_STAMP)
	cd $(TF_ROOT) && $(CURDIR)/$(TFLOCAL_VENV)/bin/tflocal $(call tf_init,local)
	cd $(TF_ROOT) && $(CURDIR)/$(TFLOCAL_VENV)/bin/tflocal $(call tf_apply,local) -auto-approve

checkov: $(CHECKOV_STAMP)
	$(CHECKOV_VENV)/bin/checkov --config-file terraform/.checkov.yaml
