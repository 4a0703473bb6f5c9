# This environment's state (make deploy passes the file to terraform init in platform/).
path = "../environments/staging/terraform.tfstate"
