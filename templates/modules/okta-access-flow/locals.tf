locals {
  # Users type the flow name: /sym req okta. Other environments get their own flow.
  flow_name = var.runtime_name == "prod" ? "okta" : "okta_${var.runtime_name}"

  # Keyed by a slug of the label, not the group ID: changing a group ID then updates the
  # target in place instead of destroying it. The root variable's validation keeps slugs unique.
  targets = {
    for t in var.okta_targets : trim(replace(lower(t.label), "/[^a-z0-9]+/", "-"), "-") => t
  }
}
