resource "sym_flow" "this" {
  name  = local.flow_name
  label = var.runtime_name == "prod" ? "Okta group access" : "Okta group access (${var.runtime_name})"

  # Provider 3.x wants the source text; a path ending in .py is rejected.
  implementation = file("${path.module}/impl.py")
  environment_id = var.environment_id
  vars           = var.flow_vars

  params {
    strategy_id = sym_strategy.okta.id

    # Sym adds the target picker itself from the strategy's targets.
    prompt_field {
      name     = "reason"
      type     = "string"
      label    = "Why do you need access?"
      required = true
    }

    prompt_field {
      name           = "duration"
      type           = "duration"
      label          = "How long?"
      allowed_values = ["30m", "1h", "4h"]
      required       = true
    }
  }
}
