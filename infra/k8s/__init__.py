"""The assistant's Kubernetes workloads, rendered in Python from the environment spec."""
