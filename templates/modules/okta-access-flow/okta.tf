# Which key of the secret's JSON value holds the token; the wizard writes the same key.
resource "sym_secret" "okta_api_key" {
  path      = var.okta_secret_name
  source_id = var.secrets_source_id

  settings = {
    json_key = "okta_api_token"
  }
}

resource "sym_integration" "okta" {
  type        = "okta"
  name        = "${var.runtime_name}-okta-integration"
  external_id = var.okta_org_domain

  settings = {
    api_token_secret = sym_secret.okta_api_key.id
  }
}

resource "sym_target" "okta_group" {
  for_each = local.targets

  type  = "okta_group"
  name  = "${var.runtime_name}-${each.key}"
  label = each.value.label

  settings = {
    group_id = each.value.group_id
  }
}

resource "sym_strategy" "okta" {
  type           = "okta"
  name           = "${var.runtime_name}-okta-strategy"
  integration_id = sym_integration.okta.id
  targets        = [for target in sym_target.okta_group : target.id]
}
