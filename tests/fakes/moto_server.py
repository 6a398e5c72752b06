"""moto's server with AWS's managed policies cut to those the project names.

``MOTO_IAM_LOAD_MANAGED_POLICIES=true`` makes moto build all of AWS's managed policies (1,582 in
moto 5) in every account its IAM is first asked about, and again after every reset: a second of
CPU each time, 80 % of the server's CPU in tests/infra/test_bootstrap.py. The stack, bootstrap
and the tests attach or refuse only a few (``tests.servers.AWS_MANAGED_POLICIES``, checked
against the rendered Terraform and the code); those keep AWS's documents as moto ships them.

    python tests/fakes/moto_server.py --aws-policies ReadOnlyAccess,AdministratorAccess -p 5000
"""

from __future__ import annotations

import argparse
import json
import os
import sys


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--aws-policies", required=True, help="comma-separated policy names")
    ours, moto_args = parser.parse_known_args(argv)
    names = [n for n in ours.aws_policies.split(",") if n]
    os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"

    from moto.iam import aws_managed_policies, models
    from moto.server import main as moto_main

    every = json.loads(aws_managed_policies.aws_managed_policies_data)
    unknown = sorted(set(names) - every.keys())
    if unknown:
        sys.exit(f"moto knows no AWS managed policy named {', '.join(unknown)}")
    kept = json.dumps({name: every[name] for name in names})
    # models.py imported the text by name: both bindings, before the first IAM backend is made
    aws_managed_policies.aws_managed_policies_data = kept
    models.aws_managed_policies_data = kept  # type: ignore[attr-defined]
    moto_main(moto_args)


if __name__ == "__main__":
    main()
