# Created empty on purpose: sym-okta-quickstart puts the token in with PutSecretValue, because
# an aws_secretsmanager_secret_version would keep it in plain text in the Terraform state.
resource "aws_secretsmanager_secret" "okta_api_key" {
  name        = "sym/${var.runtime_name}/okta-api-key"
  description = "Okta API token for Sym, as JSON under the key okta_api_token. Written by sym-okta-quickstart, not Terraform."

  # 7 days (the minimum) so a destroy and re-create is not blocked for the default 30.
  recovery_window_in_days = 7

  # SymEnv last: the runtime role may read only secrets whose SymEnv equals runtime_name.
  tags = merge(var.tags, { SymEnv = var.runtime_name })
}

# Tells Sym to read secrets through the runtime role's permission context.
resource "sym_secrets" "this" {
  type = "aws_secrets_manager"
  name = "${var.runtime_name}-sym-secrets"

  settings = {
    context_id = module.runtime_connector.sym_integration.id
  }
}
