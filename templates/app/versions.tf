terraform {
  # 1.3 for `moved` blocks, which later versions of this project may add.
  required_version = ">= 1.3.0"

  required_providers {
    # 5.x: runtime-connector 2.0.2 reads an aws_region attribute that 6.x deprecates.
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
    # The runtime connector module uses random_uuid without declaring the provider.
    random = {
      source  = "hashicorp/random"
      version = "~> 3.0"
    }
    sym = {
      source  = "symopsio/sym"
      version = "~> 3.0"
    }
  }
}
