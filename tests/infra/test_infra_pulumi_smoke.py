def test_smoke(pulumi_runs):
    for env, run in pulumi_runs.items():
        print(env, len(run.resources), sorted({r.typ for r in run.resources}))
        print(run.exports)
