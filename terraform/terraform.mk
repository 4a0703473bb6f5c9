# Lambda packaging, Terraform deploys and checkov. Included by the top Makefile, whose $(STAMP)
# target builds the project virtualenv ($(BIN)).
#
#   make package                       one zip per service under build/lambda/
#   make deploy ENV=dev|staging|prod   package, then terraform apply in terraform/environments/$(ENV)
#   make deploy-local                  package, then tflocal apply against LocalStack (environment "local")
#   make checkov                       static security checks of terraform/

ENV ?= dev
ARCH ?= x86_64
LAMBDA_PYTHON ?= 3.12
TERRAFORM ?= terraform
TF_ENVIRONMENTS := dev staging prod
TF_ARGS ?=
TF_VARS = -var lambda_architecture=$(ARCH) -var lambda_runtime=python$(LAMBDA_PYTHON)

CHECKOV_VENV := .venv-checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed
CHECKOV_VERSION := 3.3.30
TFLOCAL_VENV := .venv-tflocal
TFLOCAL_STAMP := $(TFLOCAL_VENV)/.installed
TFLOCAL_VERSION := 0.27.0

.PHONY: package deploy deploy-local checkov

package: $(STAMP)
	$(BIN)/python tools/package_lambdas.py --arch $(ARCH) --python-version $(LAMBDA_PYTHON)

deploy: package
	@test -n "$(filter $(ENV),$(TF_ENVIRONMENTS))" || { echo "ENV must be one of: $(TF_ENVIRONMENTS)"; exit 2; }
	$(TERRAFORM) -chdir=terraform/environments/$(ENV) init -input=false
	$(TERRAFORM) -chdir=terraform/environments/$(ENV) apply -input=false $(TF_VARS) $(TF_ARGS)

# checkov and tflocal each get a virtualenv of their own: their pins clash with the project's.
$(CHECKOV_STAMP):
	$(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/pip install --quiet checkov==$(CHECKOV_VERSION)
	touch $@

$(TFLOCAL_STAMP):
	$(PYTHON) -m venv $(TFLOCAL_VENV)
	$(TFLOCAL_VENV)/bin/pip install --quiet terraform-local==$(TFLOCAL_VERSION)
	touch $@

# LocalStack must be running (default http://localhost:4566; see terraform/README.md).
deploy-local: package $(TFLOCAL_STAMP)
	cd terraform/environments/local && $(CURDIR)/$(TFLOCAL_VENV)/bin/tflocal init -input=false
	cd terraform/environments/local && $(CURDIR)/$(TFLOCAL_VENV)/bin/tflocal apply -input=false -auto-approve $(TF_VARS) $(TF_ARGS)

checkov: $(CHECKOV_STAMP)
	$(CHECKOV_VENV)/bin/checkov --config-file terraform/.checkov.yaml
