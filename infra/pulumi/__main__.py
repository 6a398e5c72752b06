"""Entry point of `pulumi up --stack <env>`: render infra/environments/<env>.yaml."""

from infra.pulumi.program import main

main()
