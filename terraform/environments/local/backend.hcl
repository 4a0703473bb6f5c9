# This environment's state (make deploy passes the file to terraform init in platform/).
path = "../environments/local/terraform.tfstate"
