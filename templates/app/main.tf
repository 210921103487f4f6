# Local state on purpose: add a backend block here if several people apply this project.

provider "aws" {
  region = var.aws_region
}

# Credentials come from SYM_JWT (bot token) or the `symflow login` session.
provider "sym" {
  org = var.sym_org_slug
}

module "sym_runtime" {
  source = "../modules/sym-runtime"

  runtime_name        = var.runtime_name
  slack_workspace_id  = var.slack_workspace_id
  error_channel       = var.error_channel
  okta_integration_id = module.okta_access_flow.okta_integration_id
  tags                = var.tags
}

module "okta_access_flow" {
  source = "../modules/okta-access-flow"

  runtime_name      = var.runtime_name
  environment_id    = module.sym_runtime.environment_id
  secrets_source_id = module.sym_runtime.secrets_source_id
  okta_secret_name  = module.sym_runtime.okta_secret_name
  okta_org_domain   = var.okta_org_domain
  okta_targets      = var.okta_targets
  flow_vars         = var.flow_vars
}
