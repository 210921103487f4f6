terraform {
  required_providers {
    # Not a hashicorp provider, so every module that uses it must name its source.
    sym = {
      source = "symopsio/sym"
    }
  }
}
