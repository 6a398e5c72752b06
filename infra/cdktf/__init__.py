"""The CDKTF renderer: one TerraformStack per environment, synthesized to terraform/<env>/.

CDKTF was deprecated by HashiCorp in December 2025; its versions are pinned and its output is
plain Terraform JSON that Terraform or OpenTofu apply without CDKTF installed.
"""
