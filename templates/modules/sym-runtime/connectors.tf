# The IAM role Sym assumes, plus the Sym-side permission context and runtime that point at it.
module "runtime_connector" {
  source  = "symopsio/runtime-connector/aws"
  version = "~> 2.0"

  environment = var.runtime_name
  tags        = var.tags
}

# Lets that role read secrets tagged SymEnv = runtime_name, and nothing else.
module "secrets_manager_access" {
  source  = "symopsio/secretsmgr-addon/aws"
  version = "~> 1.1"

  environment   = var.runtime_name
  iam_role_name = module.runtime_connector.sym_runtime_connector_role.name
}
