terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
    # Not a hashicorp provider, so every module that uses it must name its source.
    sym = {
      source = "symopsio/sym"
    }
  }
}
