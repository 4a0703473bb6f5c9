# The Qloo API key. Terraform creates the secret only; the value is put by an operator, so it
# never lands in Terraform state:
#   aws secretsmanager put-secret-value --secret-id <qloo_secret_arn> --secret-string <key>
resource "aws_secretsmanager_secret" "qloo" {
  #checkov:skip=CKV_AWS_149:Encrypted with the AWS managed key (aws/secretsmanager); only the preferences role may read it.
  #checkov:skip=CKV2_AWS_57:A third-party API key is rotated by issuing a new key at Qloo, not by a rotation Lambda.
  name                    = "manga/${var.environment}/qloo-api-key"
  description             = "Qloo Insights API key used by the preferences service."
  recovery_window_in_days = var.secret_recovery_window_days
}
