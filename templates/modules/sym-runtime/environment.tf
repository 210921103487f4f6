resource "sym_environment" "this" {
  name            = var.runtime_name
  runtime_id      = module.runtime_connector.sym_runtime.id
  error_logger_id = sym_error_logger.slack.id

  integrations = {
    slack_id = sym_integration.slack.id
    okta_id  = var.okta_integration_id
  }
}
