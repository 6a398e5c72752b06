# Written by `slipway infra synth` from the platform model (infra/platform/model.py).
terraform {
  required_version = ">= 1.11.0, < 2.0.0"
}
