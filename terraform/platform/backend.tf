# Where state lives: environments/<env>/backend.hcl completes this block for each environment,
# so environments never share state. Local state by default, one file per environment. For
# remote state put backend.s3.tf.example in place of this file and each environment's
# backend.s3.hcl.example in place of its backend.hcl (terraform/README.md, "State").
terraform {
  backend "local" {}
}
