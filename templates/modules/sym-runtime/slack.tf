# The workspace where the Sym app is installed.
resource "sym_integration" "slack" {
  type        = "slack"
  name        = "${var.runtime_name}-slack"
  external_id = var.slack_workspace_id
}

# The channel must exist, or Sym's error reports are lost.
resource "sym_error_logger" "slack" {
  integration_id = sym_integration.slack.id
  destination    = var.error_channel
}
