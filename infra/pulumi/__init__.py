"""The Pulumi renderer: the same Platform as terraform/, as a Pulumi program (one stack per env)."""
